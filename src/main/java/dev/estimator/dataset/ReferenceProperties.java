package dev.estimator.dataset;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Datasets registered by reference ({@code estimator.spark.*}; the launcher's own settings are the Spark
 * package's).
 *
 * @param sources          URI prefixes a source may start with (e.g. {@code s3a://bucket/data/}); none (the
 *                         default) turns registration by reference off: such requests are 403s
 * @param profiling        the profiling runs
 */
@ConfigurationProperties("estimator.spark")
public record ReferenceProperties(@DefaultValue List<String> sources, @DefaultValue Profiling profiling) {

    public ReferenceProperties {
        sources = sources == null ? List.of()
                : sources.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * {@code estimator.spark.profiling.*}.
     *
     * @param maxAttempts   profiling runs of one dataset that may end without an outcome (lost, failed before
     *                      writing one) before the dataset is FAILED
     * @param watchInterval how often an instance looks at the runs it watches
     * @param lease         how long a run's heartbeat may be silent before another instance (or this one after a
     *                      restart) takes the run over: adopts its application, or profiles the dataset again
     * @param rowsTimeout   how long {@code /rows} of a dataset by reference waits for its Spark run
     */
    public record Profiling(@DefaultValue("3") int maxAttempts, @DefaultValue("1s") Duration watchInterval,
            @DefaultValue("30s") Duration lease, @DefaultValue("120s") Duration rowsTimeout) {
    }
}
