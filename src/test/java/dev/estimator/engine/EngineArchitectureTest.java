package dev.estimator.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The engine is a plain library: the JDK, commons-math3 and the Vector API, nothing of the service stack. */
@AnalyzeClasses(packages = "dev.estimator.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class EngineArchitectureTest {

    @ArchTest
    static final ArchRule engineUsesOnlyTheJdkAndCommonsMath = classes()
            .that().resideInAPackage("dev.estimator.engine..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("dev.estimator.engine..", "java..", "jdk.incubator.vector..",
                    "org.apache.commons.math3..");
}
