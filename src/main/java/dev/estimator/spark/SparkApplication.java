package dev.estimator.spark;

import java.net.URI;
import java.util.Optional;

/** A launched Spark application, as its launcher sees it. */
public interface SparkApplication {

    String id();

    /** Spark's web UI, where the launcher knows one. */
    Optional<URI> ui();

    SparkApplicationState state();

    /** Stops the application (idempotent); returns without waiting for it to be gone. */
    void stop();
}
