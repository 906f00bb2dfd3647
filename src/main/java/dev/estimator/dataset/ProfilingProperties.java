package dev.estimator.dataset;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code estimator.spark.profiling.*}: the Spark runs that profile datasets by reference and read their rows
 * (the allowed sources and the launcher are {@code estimator.spark.*}, see {@code SparkProperties}).
 *
 * @param maxAttempts   profiling runs of one dataset that may end without an outcome (lost, or failed before
 *                      writing one) before the dataset is FAILED
 * @param watchInterval how often an instance looks at the runs it watches
 * @param lease         how long a run's heartbeat may be silent before another instance (or this one after a
 *                      restart) takes the run over: adopts its application, or profiles the dataset again
 * @param rowsTimeout   how long {@code /rows} of a dataset by reference waits for its Spark run
 */
@ConfigurationProperties("estimator.spark.profiling")
public record ProfilingProperties(@DefaultValue("3") int maxAttempts, @DefaultValue("1s") Duration watchInterval,
        @DefaultValue("30s") Duration lease, @DefaultValue("120s") Duration rowsTimeout) {

    public ProfilingProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("estimator.spark.profiling.max-attempts must be at least 1");
        }
    }
}
