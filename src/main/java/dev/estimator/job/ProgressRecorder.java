package dev.estimator.job;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

import dev.estimator.engine.IterationRecord;
import dev.estimator.engine.TrainingListener;

/**
 * The trainer's listener for one run of a job. Every iteration it buffers the loss point, publishes the
 * progress in memory and checks the stop flags; every flush interval it writes, in one transaction, the
 * buffered loss rows, the progress and a checkpoint of the trainer (taken here, the only place the engine
 * allows it), and learns from the database whether a cancel was requested on another instance. What is
 * still buffered when training stops goes out with the job's terminal status.
 *
 * <p>While the database is away, training goes on: points stay buffered and the flush is retried with a
 * growing delay (up to {@link Backoff#MAX}); the first successful flush writes them all with the latest
 * checkpoint. Writes failing for longer than {@code estimator.jobs.outage-tolerance} abandon the run, which
 * leaves the job to its lease.
 */
final class ProgressRecorder implements TrainingListener {

    private static final Logger log = LoggerFactory.getLogger(ProgressRecorder.class);

    private final RunningJob job;
    private final JobRepository repository;
    private final JobEvents events;
    private final JobMetrics metrics;
    private final Clock clock;
    private final Duration lease;
    private final long flushNanos;
    private final long toleranceNanos;
    private final JobDatabaseHealthIndicator database;
    private final Backoff backoff;
    private long flushDelay;
    /** System.nanoTime() of the first failed write of the current outage; -1 while writes succeed. */
    private long failingSince = -1;
    private final int maxIterations;
    private final List<LossPoint> buffer = new ArrayList<>();
    private long lastFlush = System.nanoTime();
    private int completed;
    private Double loss;
    private Double validationLoss;
    private int iterationsThisRun;
    private boolean released;
    private boolean checkpointed;

    /** @param completed iterations already done (and stored) when this run starts, from the checkpoint */
    ProgressRecorder(RunningJob job, JobRepository repository, JobEvents events, JobMetrics metrics, Clock clock,
            JobDatabaseHealthIndicator database, JobProperties properties, int maxIterations, int completed,
            Double loss, Double validationLoss) {
        this.job = job;
        this.repository = repository;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.lease = properties.lease();
        this.flushNanos = properties.flushInterval().toNanos();
        this.flushDelay = flushNanos;
        this.toleranceNanos = properties.outageTolerance().toNanos();
        this.database = database;
        this.backoff = new Backoff(properties.flushInterval().multipliedBy(2), Backoff.MAX);
        this.maxIterations = maxIterations;
        this.completed = completed;
        this.loss = loss;
        this.validationLoss = validationLoss;
    }

    @Override
    public boolean onIteration(IterationRecord record, Checkpoint checkpoint) {
        LossPoint point = LossPoint.of(record);
        buffer.add(point);
        completed = record.iteration() + 1;
        loss = LossPoint.finite(record.loss());
        validationLoss = point.validationLoss();
        iterationsThisRun++;
        metrics.iteration();
        events.progress(job.id(), new JobResponse.Progress(completed, maxIterations, loss, validationLoss,
                job.attempt() - 1));
        if (iterationsThisRun == 1 && FaultInjection.haltsAtFirstIteration(job.name())) {
            FaultInjection.halt(job.id());
        }
        if (job.fenced()) {
            return false;
        }
        if (job.releaseRequested() && !job.cancelRequested()) {
            released = flush(checkpoint);
            return false;
        }
        if (System.nanoTime() - lastFlush >= flushDelay) {
            flush(checkpoint);
        }
        // a release asked for from now on is handled at the next iteration, with its own flush
        return !job.cancelRequested() && !job.fenced() && !job.abandoned();
    }

    /** @return whether the flush was written */
    private boolean flush(Checkpoint checkpoint) {
        lastFlush = System.nanoTime();
        try {
            JobRepository.FlushOutcome outcome = repository.flush(job.id(), job.attempt(), buffer, completed, loss,
                    validationLoss, checkpoint.snapshot(), clock.instant().plus(lease));
            switch (outcome) {
                case FENCED -> {
                    job.fence();
                    return false;
                }
                case CANCEL_REQUESTED -> job.requestCancel();
                case WRITTEN -> {
                }
            }
            buffer.clear();
            checkpointed = true;
            events.changed(job.id());
            if (failingSince >= 0) {
                log.info("Job {}: progress written again after {} ms of failed writes", job.id(),
                        (System.nanoTime() - failingSince) / 1_000_000);
            }
            failingSince = -1;
            flushDelay = flushNanos;
            backoff.reset();
            database.reached();
            return true;
        } catch (DataAccessException | TransactionException e) {
            // keep the points for the next flush, with a longer wait each time; if the database stays away the
            // run is abandoned and the lease lapses, so that a later claim resumes from the last checkpoint
            database.failed(e);
            if (failingSince < 0) {
                failingSince = lastFlush;
            }
            flushDelay = backoff.nextNanos();
            if (lastFlush - failingSince >= toleranceNanos) {
                log.error("Job {}: progress writes failed for {} ms, longer than estimator.jobs.outage-tolerance; "
                        + "abandoning this run, the job resumes from its last checkpoint when claimed again",
                        job.id(), (lastFlush - failingSince) / 1_000_000, e);
                job.abandon();
            } else {
                log.warn("Job {}: progress flush failed, retrying in {} ms: {}", job.id(), flushDelay / 1_000_000,
                        e.toString());
            }
            return false;
        }
    }

    /** System.nanoTime() when the writes of this run began to fail, or -1 if the last one succeeded. */
    long failingSince() {
        return failingSince;
    }

    /** Loss points not yet written. */
    List<LossPoint> pending() {
        return buffer;
    }

    int completed() {
        return completed;
    }

    Double loss() {
        return loss;
    }

    Double validationLoss() {
        return validationLoss;
    }

    int iterationsThisRun() {
        return iterationsThisRun;
    }

    /** Whether this run wrote a checkpoint: it made progress. */
    boolean checkpointed() {
        return checkpointed;
    }

    /** Whether training stopped for shutdown with its checkpoint written. */
    boolean released() {
        return released;
    }
}
