package dev.estimator.spark;

import java.util.Optional;

/** Starts Spark applications (one bean, chosen by {@code estimator.spark.launcher}: local or kubernetes). */
public interface SparkLauncher {

    /** Submits the application and returns once it is submitted; never blocks on the run. */
    SparkApplication launch(SparkLaunch launch);

    /** An application started earlier, e.g. by an instance that died. */
    Optional<SparkApplication> find(String applicationId);
}
