package dev.estimator;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.RestController;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import dev.estimator.domain.DomainException;

/**
 * The package directions of ARCHITECTURE.md ("The house, by rooms"): features use the engine and the shared
 * {@code domain} vocabulary; the edge ({@code web} and the controllers) uses the features; feature services speak
 * in domain results and errors, never in HTTP types; no cycles between packages. The engine's own rule (no
 * framework at all) is {@code engine.EngineArchitectureTest}.
 */
@AnalyzeClasses(packages = "dev.estimator", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String[] HTTP = {"org.springframework.http..", "org.springframework.web..", "jakarta.servlet..",
            "dev.estimator.web.."};

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("dev.estimator.(*)..").should()
            .beFreeOfCycles();

    @ArchTest
    static final ArchRule theEngineKnowsNoFeature = noClasses().that().resideInAPackage("dev.estimator.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.estimator.dataset..", "dev.estimator.job..",
                    "dev.estimator.search..", "dev.estimator.security..", "dev.estimator.web..",
                    "dev.estimator.domain..", "dev.estimator.database..");

    @ArchTest
    static final ArchRule theSharedVocabularyStandsAlone = classes().that().resideInAPackage("dev.estimator.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.estimator.domain..", "java..");

    @ArchTest
    static final ArchRule onlyTheEdgeUsesTheWebPackage = noClasses()
            .that().resideInAnyPackage("dev.estimator.dataset..", "dev.estimator.job..", "dev.estimator.search..",
                    "dev.estimator.security..", "dev.estimator.database..")
            .and().areNotAnnotatedWith(RestController.class)
            .should().dependOnClassesThat().resideInAPackage("dev.estimator.web..");

    @ArchTest
    static final ArchRule servicesAndDomainErrorsKnowNoHttp = noClasses()
            .that(or(annotatedWith(Service.class), assignableTo(DomainException.class),
                    nameMatching(".*(Service|Planner|Driver|Reconciler|Repository|Runner|Execution|Validator|Queue)")))
            .should().dependOnClassesThat(resideInAnyPackage(HTTP))
            .because("feature services throw domain errors and return domain results; controllers are the edge");

    /** The search's edge: its controller, and the long polls and event streams it answers with. */
    @ArchTest
    static final ArchRule searchesDriveJobsThroughDomainTypesOnly = noClasses()
            .that().resideInAPackage("dev.estimator.search..").and().areNotAnnotatedWith(RestController.class)
            .and().doNotHaveSimpleName("SearchEvents")
            .should().dependOnClassesThat(resideInAnyPackage(HTTP)
                    .or(nameMatching("dev\\.estimator\\.job\\.(JobResponse|JobController).*")));
}
