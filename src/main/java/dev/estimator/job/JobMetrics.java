package dev.estimator.job;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The job meters under {@code estimator.jobs}: submitted and finished (by status) counters, queued (every
 * instance's, refreshed by the runner's poll) and running (this instance's) gauges, training duration,
 * iterations, resumptions (by cause), and the rows a job's training passes read per second.
 */
@Component
class JobMetrics {

    private final MeterRegistry registry;
    private final Counter submitted;
    private final Counter iterations;
    private final DistributionSummary rowsPerSecond;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong running = new AtomicLong();

    JobMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.submitted = Counter.builder("estimator.jobs.submitted").description("Jobs accepted").register(registry);
        this.iterations = Counter.builder("estimator.jobs.iterations").description("Training iterations completed")
                .register(registry);
        this.rowsPerSecond = DistributionSummary.builder("estimator.jobs.rows.per.second")
                .description("Training rows processed per second, one sample per job run")
                .register(registry);
        Gauge.builder("estimator.jobs.queued", queued, AtomicLong::get).description("Jobs waiting to run")
                .register(registry);
        Gauge.builder("estimator.jobs.running", running, AtomicLong::get).description("Jobs running on this instance")
                .register(registry);
    }

    void submitted() {
        submitted.increment();
    }

    void iteration() {
        iterations.increment();
    }

    void queued(long count) {
        queued.set(count);
    }

    void running(long count) {
        running.set(count);
    }

    /** A claim resumed a job whose earlier run ended without an outcome, for {@code cause}. */
    void resumed(String cause) {
        Counter.builder("estimator.jobs.resumed")
                .description("Jobs resumed from their checkpoint, by why the run before ended: lease-lapsed (its "
                        + "instance died or lost the database), released (shutdown), failed (an internal error)")
                .tag("cause", cause == null ? "unknown" : cause).register(registry).increment();
    }

    void finished(JobStatus status, Duration duration) {
        Counter.builder("estimator.jobs.finished").description("Jobs finished, by status").tag("status", status.name())
                .register(registry).increment();
        if (duration != null) {
            Timer.builder("estimator.jobs.duration").description("Training time of finished jobs")
                    .tag("status", status.name()).register(registry).record(duration.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** @param rows training rows read by one iteration (an epoch or a full-batch step) */
    void throughput(long rows, long iterationsRun, long nanos) {
        if (iterationsRun > 0 && nanos > 0) {
            rowsPerSecond.record(rows * (double) iterationsRun / (nanos / 1e9));
        }
    }
}
