package dev.estimator.job;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import dev.estimator.dataset.DatasetNotFoundException;
import dev.estimator.dataset.DatasetService;
import dev.estimator.database.DatabaseOutage;
import dev.estimator.engine.DesignException;
import dev.estimator.engine.DesignMatrix;
import dev.estimator.engine.DesignShape;
import dev.estimator.engine.RunProtocol;
import dev.estimator.engine.TrainingPlan;
import dev.estimator.dataset.Dataset;
import dev.estimator.engine.DesignMatrixBuilder;
import dev.estimator.engine.FitResult;
import dev.estimator.engine.Frame;
import dev.estimator.engine.MissingValuesException;
import dev.estimator.engine.NoRowsLeftException;
import dev.estimator.engine.Trainer;
import dev.estimator.engine.TrainingOutcome;

/**
 * Runs one claimed job to its end on the calling worker thread: frame from the dataset cache, design
 * matrix, trainer (resumed from the checkpoint if the job has one), then the terminal status with its
 * result or error, written in one transaction guarded by the claim's attempt.
 *
 * <p>Failures: a deterministic one (divergence, missing values, a deleted dataset, data that does not fit the
 * spec) fails the job at once, as another run would fail the same way. An internal one (an unexpected
 * exception, running out of memory) puts the job back in the queue, to resume from its checkpoint. A run that
 * ends without an outcome (an internal error, or a lease that lapsed because its instance died or lost the
 * database) counts against {@code estimator.jobs.max-attempts} only if it wrote no new checkpoint: a job whose
 * runs keep advancing is resumed as often as it takes, while one that takes its process down before its first
 * checkpoint every time (a poison job) is FAILED after that many runs. While the database is away, the final
 * write is retried with backoff for up to {@code estimator.jobs.outage-tolerance}.
 */
@Component
class JobExecution {

    private static final Logger log = LoggerFactory.getLogger(JobExecution.class);
    /** The first wait before retrying a failed final write. */
    private static final Duration RETRY_FIRST = Duration.ofMillis(200);

    private final DatasetService datasets;
    private final JobQueue queue;
    private final JobLossHistory lossHistory;
    private final JobViews views;
    private final JobEvents events;
    private final JobMetrics metrics;
    private final JobProperties properties;
    private final JobDatabaseHealthIndicator database;
    private final Clock clock;
    private final SparkRuns spark;
    private final ApplicationEventPublisher publisher;

    JobExecution(DatasetService datasets, JobQueue queue, JobLossHistory lossHistory, JobViews views, JobEvents events,
            JobMetrics metrics, JobProperties properties, JobDatabaseHealthIndicator database, Clock clock,
            SparkRuns spark, ApplicationEventPublisher publisher) {
        this.spark = spark;
        this.publisher = publisher;
        this.datasets = datasets;
        this.queue = queue;
        this.lossHistory = lossHistory;
        this.views = views;
        this.events = events;
        this.metrics = metrics;
        this.properties = properties;
        this.database = database;
        this.clock = clock;
    }

    void run(RunningJob job, ForkJoinPool pool) {
        ClaimedJob claim = job.claim();
        events.changed(job.id());
        ProgressRecorder recorder = null;
        if (claim.failures() >= properties.maxAttempts()) {
            fail(job, null, JobError.INTERNAL, givenUpMessage(claim.failures()));
            return;
        }
        try {
            JobSpec spec = views.read(claim.spec(), JobSpec.class);
            JobPlan plan = JobPlan.of(spec);
            if (job.cancelRequested()) {
                finish(job, null, JobStatus.CANCELLED, null, null, null, null);
                return;
            }
            if ("spark".equals(spec.engine())) {
                Dataset dataset = datasets.findAny(claim.datasetId()).orElseThrow(
                        () -> new DatasetNotFoundException(claim.datasetId()));
                int resumedAt = forget(claim);
                recorder = new ProgressRecorder(job, queue, events, metrics, clock, database, properties,
                        plan.training().maxIterations(), resumedAt, null, null);
                Object end = spark.train(job, new TrainingPlan(plan.design(), plan.training()), dataset,
                        resumedAt > 0 ? claim.checkpoint() : null, recorder);
                if (end instanceof RunProtocol.Failed failed) {
                    switch (failed.kind()) {
                        case "MISSING_VALUES" -> fail(job, recorder, JobError.MISSING_VALUES, failed.message());
                        case "DESIGN" -> fail(job, recorder, JobError.INTERNAL, failed.message());
                        default -> failInternal(job, recorder, "the Spark driver failed: " + failed.message());
                    }
                    return;
                }
                RunProtocol.Finished finished = (RunProtocol.Finished) end;
                conclude(job, recorder, finished.outcome(), finished.shape(), finished::result, plan,
                        dataset.columnNames());
                return;
            }
            Frame frame = datasets.loadFrame(claim.datasetId());
            DesignMatrix matrix = DesignMatrixBuilder.build(frame, plan.design());
            Trainer trainer = new Trainer(matrix, plan.training(), pool);
            int resumedAt = resume(trainer, claim);
            recorder = new ProgressRecorder(job, queue, events, metrics, clock, database, properties,
                    plan.training().maxIterations(), resumedAt, null, null);
            long started = System.nanoTime();
            TrainingOutcome outcome = trainer.run(recorder);
            metrics.throughput(matrix.trainingRows(), recorder.iterationsThisRun(), System.nanoTime() - started);
            conclude(job, recorder, outcome, matrix.shape(), () -> FitResult.of(matrix, plan.training(), outcome),
                    plan, frame.columns().stream().map(Frame.Column::name).toList());
        } catch (DatasetNotFoundException e) {
            fail(job, recorder, JobError.DATASET_GONE, "dataset " + claim.datasetId()
                    + " was deleted before the job could read it");
        } catch (MissingValuesException | NoRowsLeftException e) {
            fail(job, recorder, JobError.MISSING_VALUES, e.getMessage());
        } catch (DesignException e) {
            // The data does not fit the spec in a way the column metadata could not show at submission. API.md
            // fixes the error codes, so this is INTERNAL with a message saying what to change; it is failed at
            // once, never retried, since another attempt would meet the same data.
            fail(job, recorder, JobError.INTERNAL, e.getMessage());
        } catch (java.io.IOException e) {
            log.error("Job {}: its Spark run failed", job.id(), e);
            failInternal(job, recorder, "the Spark run failed: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            log.error("Job {} ran out of memory", job.id(), e);
            failInternal(job, recorder, "the job ran out of memory; its design matrix needs about rows x "
                    + "design columns x 8 bytes");
        } catch (RuntimeException e) {
            if (job.releaseRequested()) {
                // shutting down (the database may already be gone): leave the job to its lease, which lapses
                // and lets another claim resume it from its last checkpoint
                log.warn("Job {}: stopped by shutdown before it could be released: {}", job.id(), e.toString());
                events.stopped(job.id());
                return;
            }
            log.error("Job {} failed unexpectedly", job.id(), e);
            failInternal(job, recorder, "an internal error stopped the job (" + e.getClass().getSimpleName()
                    + "); the service log has the details");
        }
    }

    static String givenUpMessage(int failures) {
        return "the job was given up after " + failures + " runs that ended without an outcome before writing "
                + "their first checkpoint (their instance stopped, lost the database or failed while running it); "
                + "a job that takes its process down every time, e.g. by running out of memory, ends this way";
    }

    /**
     * An internal failure: the job runs again from its checkpoint, unless this run made no progress and such runs
     * reached the limit.
     */
    private void failInternal(RunningJob job, ProgressRecorder recorder, String message) {
        boolean progressed = recorder != null && recorder.checkpointed();
        int failures = job.claim().failures() + (progressed ? 0 : 1);
        if (!progressed && failures >= properties.maxAttempts()) {
            fail(job, recorder, JobError.INTERNAL,
                    message + " (" + failures + " failed runs without progress, the limit)");
            return;
        }
        Boolean requeued = write(job, recorder, () -> queue.retry(job.id(), job.attempt()));
        if (Boolean.TRUE.equals(requeued)) {
            log.warn("Job {}: attempt {} failed ({} of {} runs without progress allowed); queued again to resume "
                    + "from its checkpoint", job.id(), job.attempt(), failures, properties.maxAttempts());
        }
        events.stopped(job.id());
    }

    /** Restores the checkpoint, if any, and drops loss rows it does not cover; the iteration to go on from. */
    private int resume(Trainer trainer, ClaimedJob claim) {
        if (claim.checkpoint() != null) {
            try {
                trainer.restore(claim.checkpoint());
                lossHistory.deleteFrom(claim.id(), claim.attempt(), claim.checkpointIteration());
                return claim.checkpointIteration();
            } catch (IllegalArgumentException e) {
                log.warn("Job {}: checkpoint unusable ({}), starting over", claim.id(), e.getMessage());
            }
        }
        if (claim.attempt() > 1) {
            lossHistory.deleteFrom(claim.id(), claim.attempt(), 0);
        }
        return 0;
    }

    /**
     * Loss rows past the checkpoint are dropped (a run resumes from it); the iteration to go on from. For a run
     * elsewhere, which restores the checkpoint itself.
     */
    private int forget(ClaimedJob claim) {
        if (claim.checkpoint() != null) {
            lossHistory.deleteFrom(claim.id(), claim.attempt(), claim.checkpointIteration());
            return claim.checkpointIteration();
        }
        if (claim.attempt() > 1) {
            lossHistory.deleteFrom(claim.id(), claim.attempt(), 0);
        }
        return 0;
    }

    private void conclude(RunningJob job, ProgressRecorder recorder, TrainingOutcome outcome, DesignShape shape,
            Supplier<FitResult> result, JobPlan plan, List<String> columns) {
        if (job.abandoned()) {
            events.stopped(job.id());
            return;
        }
        if (job.fenced()) {
            log.info("Job {}: attempt {} lost its lease; another instance owns the job now", job.id(), job.attempt());
            events.stopped(job.id());
            return;
        }
        switch (outcome.stopReason()) {
            case DIVERGED -> fail(job, recorder, JobError.DIVERGED, divergedMessage(outcome,
                    plan.training().learningRate()));
            case CANCELLED -> {
                if (job.releaseRequested() && !job.cancelRequested()) {
                    if (recorder.released() && queue.release(job.id(), job.attempt())) {
                        log.info("Job {}: released at iteration {} for shutdown", job.id(), recorder.completed());
                    } else {
                        log.info("Job {}: not released; its lease will lapse and a later claim resumes it from "
                                + "its last checkpoint", job.id());
                    }
                    events.stopped(job.id());
                    return;
                }
                finish(job, recorder, JobStatus.CANCELLED, null, null, null, Duration.ofNanos(outcome.elapsedNanos()));
            }
            default -> {
                FitResult fit = result.get();
                long durationMs = outcome.elapsedNanos() / 1_000_000L;
                String stored = views.write(JobResult.of(job.id(), fit, durationMs));
                String model = views.write(StoredModel.of(shape, fit, columns));
                finish(job, recorder, JobStatus.SUCCEEDED, null, stored, model, Duration.ofNanos(outcome.elapsedNanos()));
            }
        }
    }

    static String divergedMessage(TrainingOutcome outcome, double learningRate) {
        return "training diverged at iteration " + outcome.divergedAt()
                + ": the loss became non-finite or grew far above its starting value; lower optimizer.learningRate"
                + " (it is " + learningRate + ", try " + learningRate / 10 + ")";
    }

    private void fail(RunningJob job, ProgressRecorder recorder, String code, String message) {
        finish(job, recorder, JobStatus.FAILED, new JobError(code, message), null, null, null);
    }

    private void finish(RunningJob job, ProgressRecorder recorder, JobStatus status, JobError error, String result,
            String model, Duration duration) {
        try {
            Boolean written = write(job, recorder, () -> queue.finish(job.id(), job.attempt(), recorder == null
                    ? new ProgressWrite(List.of(), job.claim().checkpointIteration(), null, null, null)
                    : new ProgressWrite(recorder.pending(), recorder.completed(), recorder.loss(),
                            recorder.validationLoss(), null),
                    new JobEnding(status, error, clock.instant(), result, model)));
            if (Boolean.TRUE.equals(written)) {
                metrics.finished(status, duration);
                if (job.claim().searchId() != null) {
                    publisher.publishEvent(new JobEnded(job.id(), job.claim().searchId(), status));
                }
            } else if (Boolean.FALSE.equals(written)) {
                log.info("Job {}: attempt {} no longer owns the job; its {} was not recorded", job.id(),
                        job.attempt(), status);
            } else {
                log.error("Job {}: could not record its end ({}); a later claim runs it again from its last "
                        + "checkpoint", job.id(), status);
            }
        } finally {
            events.stopped(job.id());
        }
    }

    /**
     * Runs a write of the job's end, retrying it with backoff while the database is unreachable, for up to the
     * outage tolerance counted from the first failed write of this run; null if it could not be written (the
     * lease will lapse and another claim runs the job again from its last checkpoint).
     */
    private Boolean write(RunningJob job, ProgressRecorder recorder, Supplier<Boolean> write) {
        long since = recorder != null && recorder.failingSince() >= 0 ? recorder.failingSince() : -1;
        Backoff backoff = new Backoff(RETRY_FIRST, Backoff.MAX);
        while (true) {
            try {
                Boolean written = write.get();
                database.reached();
                return written;
            } catch (RuntimeException e) {
                database.failed(e);
                long now = System.nanoTime();
                if (since < 0) {
                    since = now;
                }
                if (!DatabaseOutage.unavailable(e)
                        || now - since >= properties.outageTolerance().toNanos()) {
                    log.error("Job {}: writing its end failed", job.id(), e);
                    return null;
                }
                long delay = backoff.nextNanos();
                log.warn("Job {}: writing its end failed, retrying in {} ms: {}", job.id(), delay / 1_000_000,
                        e.toString());
                try {
                    TimeUnit.NANOSECONDS.sleep(delay);
                } catch (InterruptedException interrupted) {
                    // shutting down: the lease lapses and a later claim resumes from the last checkpoint
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
    }
}
