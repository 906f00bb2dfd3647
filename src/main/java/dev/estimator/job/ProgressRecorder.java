package dev.estimator.job;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

import dev.estimator.engine.IterationRecord;
import dev.estimator.engine.TrainingListener;

/**
 * The trainer's listener for one run of a job. Every iteration it buffers the loss point, publishes the
 * progress in memory and checks the stop flags; every flush interval it takes a checkpoint of the trainer (here,
 * the only place the engine allows it) and hands it with the buffered loss rows and the progress to a writer
 * thread, which writes them in one transaction and learns from the database whether a cancel was requested on
 * another instance. Training goes on meanwhile: the engine's iteration time never includes a database write.
 * One write of a run is in flight at a time; while it is, points keep being buffered for the next. What is
 * still buffered when training stops goes out with the job's terminal status, after the write in flight.
 *
 * <p>While the database is away, training goes on: points stay buffered and the flush is retried with a
 * growing delay (up to {@link Backoff#MAX}); the first successful flush writes them all with the latest
 * checkpoint. Writes failing for longer than {@code estimator.jobs.outage-tolerance} abandon the run, which
 * leaves the job to its lease.
 */
final class ProgressRecorder implements TrainingListener {

    private static final Logger log = LoggerFactory.getLogger(ProgressRecorder.class);
    /** Threads that write progress, shared by every run; a run has one write in flight at most. */
    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(writerThreads());

    private final RunningJob job;
    private final JobQueue queue;
    private final JobEvents events;
    private final JobMetrics metrics;
    private final Clock clock;
    private final Executor writer;
    private final Duration lease;
    private final long flushNanos;
    private final long toleranceNanos;
    private final JobDatabaseHealthIndicator database;
    private final Backoff backoff;
    private final int maxIterations;
    // the training thread's: points not yet handed to a write, and the latest progress
    private List<LossPoint> buffer = new ArrayList<>();
    private long lastFlush = System.nanoTime();
    private int completed;
    private Double loss;
    private Double validationLoss;
    private int iterationsThisRun;
    private boolean released;
    /** The write in flight (or done); its completion publishes the fields the writer set, below. */
    private CompletableFuture<Void> write = CompletableFuture.completedFuture(null);
    // set by the writer, read by the training thread once the write completed
    private List<LossPoint> unwritten = List.of();
    private long flushDelay;
    /** System.nanoTime() of the first failed write of the current outage; -1 while writes succeed. */
    private long failingSince = -1;
    private boolean checkpointed;
    /** A write that failed other than by the database being away: thrown on the training thread, as before. */
    private RuntimeException writeError;
    /** Iterations covered by the last checkpoint this run wrote; -1 before its first. */
    private int checkpointedAt = -1;

    /** @param completed iterations already done (and stored) when this run starts, from the checkpoint */
    ProgressRecorder(RunningJob job, JobQueue queue, JobEvents events, JobMetrics metrics, Clock clock,
            JobDatabaseHealthIndicator database, JobProperties properties, int maxIterations, int completed,
            Double loss, Double validationLoss) {
        this(job, queue, events, metrics, clock, database, properties, maxIterations, completed, loss,
                validationLoss, WRITERS);
    }

    /** @param writer where progress writes run, off the training thread */
    ProgressRecorder(RunningJob job, JobQueue queue, JobEvents events, JobMetrics metrics, Clock clock,
            JobDatabaseHealthIndicator database, JobProperties properties, int maxIterations, int completed,
            Double loss, Double validationLoss, Executor writer) {
        this.job = job;
        this.queue = queue;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.writer = writer;
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
        if (write.isDone() && writeError != null) {
            RuntimeException e = writeError;
            writeError = null;
            throw e;
        }
        if (job.releaseRequested() && !job.cancelRequested()) {
            // shutdown: this run's last checkpoint must be written before the job goes back to the queue
            awaitWrite();
            flush(checkpoint);
            awaitWrite();
            released = checkpointedAt == completed;
            return false;
        }
        if (write.isDone() && System.nanoTime() - lastFlush >= flushDelay) {
            flush(checkpoint);
        }
        // a release asked for from now on is handled at the next iteration, with its own flush
        return !job.cancelRequested() && !job.fenced() && !job.abandoned();
    }

    /** Hands the buffered points, the progress and a checkpoint to the writer; the previous write has completed. */
    private void flush(Checkpoint checkpoint) {
        lastFlush = System.nanoTime();
        List<LossPoint> points = unwritten.isEmpty() ? buffer : concat(unwritten, buffer);
        unwritten = List.of();
        buffer = new ArrayList<>();
        int iteration = completed;
        Double l = loss;
        Double v = validationLoss;
        byte[] snapshot = checkpoint.snapshot();
        write = CompletableFuture.runAsync(() -> write(points, iteration, l, v, snapshot), writer);
    }

    /** On the writer: one flush, and what it learned. */
    private void write(List<LossPoint> points, int iteration, Double l, Double v, byte[] snapshot) {
        long started = System.nanoTime();
        try {
            JobQueue.FlushOutcome outcome = queue.flush(job.id(), job.attempt(),
                    new ProgressWrite(points, iteration, l, v, snapshot), clock.instant().plus(lease));
            switch (outcome) {
                case FENCED -> {
                    job.fence();
                    unwritten = points;
                    return;
                }
                case CANCEL_REQUESTED -> job.requestCancel();
                case WRITTEN -> {
                }
            }
            checkpointed = true;
            checkpointedAt = iteration;
            events.changed(job.id());
            if (failingSince >= 0) {
                log.info("Job {}: progress written again after {} ms of failed writes", job.id(),
                        (System.nanoTime() - failingSince) / 1_000_000);
            }
            failingSince = -1;
            flushDelay = flushNanos;
            backoff.reset();
            database.reached();
        } catch (DataAccessException | TransactionException e) {
            // keep the points for the next flush, with a longer wait each time; if the database stays away the
            // run is abandoned and the lease lapses, so that a later claim resumes from the last checkpoint
            unwritten = points;
            database.failed(e);
            if (failingSince < 0) {
                failingSince = started;
            }
            flushDelay = backoff.nextNanos();
            if (started - failingSince >= toleranceNanos) {
                log.error("Job {}: progress writes failed for {} ms, longer than estimator.jobs.outage-tolerance; "
                        + "abandoning this run, the job resumes from its last checkpoint when claimed again",
                        job.id(), (started - failingSince) / 1_000_000, e);
                job.abandon();
            } else {
                log.warn("Job {}: progress flush failed, retrying in {} ms: {}", job.id(), flushDelay / 1_000_000,
                        e.toString());
            }
        } catch (RuntimeException e) {
            unwritten = points;
            writeError = e;
        }
    }

    /** Waits for the write in flight, if any: the terminal write comes after it. */
    private void awaitWrite() {
        boolean interrupted = false;
        while (true) {
            try {
                write.get();
                break;
            } catch (InterruptedException e) {
                // the write is short (or bounded by the pool's connection timeout): finish waiting for it
                interrupted = true;
            } catch (java.util.concurrent.ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<LossPoint> concat(List<LossPoint> first, List<LossPoint> then) {
        List<LossPoint> all = new ArrayList<>(first.size() + then.size());
        all.addAll(first);
        all.addAll(then);
        return all;
    }

    /** System.nanoTime() when the writes of this run began to fail, or -1 if the last one succeeded. */
    long failingSince() {
        awaitWrite();
        return failingSince;
    }

    /** Loss points not yet written, once the write in flight has ended. */
    List<LossPoint> pending() {
        awaitWrite();
        if (!unwritten.isEmpty()) {
            buffer = concat(unwritten, buffer);
            unwritten = List.of();
        }
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
        awaitWrite();
        return checkpointed;
    }

    /** Whether training stopped for shutdown with its checkpoint written. */
    boolean released() {
        return released;
    }

    private static java.util.concurrent.ThreadFactory writerThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "job-progress-writer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
