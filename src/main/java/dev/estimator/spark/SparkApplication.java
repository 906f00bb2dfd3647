package dev.estimator.spark;

import java.net.URI;
import java.util.Optional;

/** A launched Spark application. */
public interface SparkApplication {

    String id();

    Optional<URI> ui();

    SparkApplicationState state();

    void stop();
}
