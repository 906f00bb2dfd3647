package dev.estimator.spark;

import java.util.Optional;

/**
 * Starts Spark applications running the driver ({@code dev.estimator.driver.Main}) and finds them again. One
 * bean, chosen by {@code estimator.spark.launcher} ({@code local} or {@code kubernetes}); none when Spark is off.
 */
public interface SparkLauncher {

    /** Submits the application and returns at once; never waits for the run. */
    SparkApplication launch(SparkLaunch launch);

    /** An application started earlier, e.g. by an instance that has since died; empty when it is not known. */
    Optional<SparkApplication> find(String applicationId);
}
