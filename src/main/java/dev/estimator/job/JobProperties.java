package dev.estimator.job;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code estimator.jobs.*}: the queue's bounds and the runner's timing.
 *
 * @param maxQueued         most QUEUED jobs; a submission beyond it gets 429 with Retry-After
 * @param maxConcurrent     jobs this instance trains at once
 * @param poolThreads       threads of the ForkJoinPool shared by all jobs' partitions; null means one per core
 * @param pollInterval      how often the runner looks for work it was not woken for (other instances'
 *                          submissions, lapsed leases)
 * @param lease             how long a claim holds without a heartbeat; the heartbeat renews it every third
 * @param flushInterval     how often a running job writes its loss history, progress and checkpoint
 * @param eventInterval     least time between two SSE progress events of a job
 * @param maxWaitSeconds    longest {@code waitSeconds} of a long poll
 * @param maxPredictionRows most rows of one prediction request
 * @param shutdownTimeout   how long shutdown waits for running jobs to checkpoint and release
 * @param instanceId        this instance's name in the job table; null means host name plus a random suffix
 * @param maxAttempts       runs a job may have that end without an outcome (an internal error, or a lease
 *                          that lapsed while it ran) and without writing a new checkpoint before it is FAILED;
 *                          runs that advanced the checkpoint do not count; deterministic failures never retry
 * @param outageTolerance   how long a running job goes on while its database writes fail (retrying them
 *                          with backoff) before it gives the job up to its lease
 */
@ConfigurationProperties("estimator.jobs")
record JobProperties(
        @DefaultValue("1000") int maxQueued,
        @DefaultValue("2") int maxConcurrent,
        Integer poolThreads,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("15s") Duration lease,
        @DefaultValue("500ms") Duration flushInterval,
        @DefaultValue("100ms") Duration eventInterval,
        @DefaultValue("30") int maxWaitSeconds,
        @DefaultValue("10000") int maxPredictionRows,
        @DefaultValue("10s") Duration shutdownTimeout,
        String instanceId,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("60s") Duration outageTolerance) {

    JobProperties {
        require(maxQueued >= 0, "max-queued must be 0 or more");
        require(maxConcurrent >= 1, "max-concurrent must be at least 1");
        require(poolThreads == null || poolThreads >= 1, "pool-threads must be at least 1");
        require(positive(pollInterval), "poll-interval must be positive");
        require(positive(lease), "lease must be positive");
        require(positive(flushInterval), "flush-interval must be positive");
        require(positive(eventInterval), "event-interval must be positive");
        require(maxWaitSeconds >= 0, "max-wait-seconds must be 0 or more");
        require(maxPredictionRows >= 1, "max-prediction-rows must be at least 1");
        require(shutdownTimeout != null && !shutdownTimeout.isNegative(), "shutdown-timeout must be 0 or more");
        require(maxAttempts >= 1, "max-attempts must be at least 1");
        require(positive(outageTolerance), "outage-tolerance must be positive");
    }

    int poolParallelism() {
        return poolThreads != null ? poolThreads : Runtime.getRuntime().availableProcessors();
    }

    /** The heartbeat renews leases three times a lease, so one missed beat does not lose the job. */
    Duration heartbeatInterval() {
        return lease.dividedBy(3);
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("estimator.jobs." + message);
        }
    }
}
