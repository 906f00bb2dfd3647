package dev.estimator.job;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's share of the queue. It claims jobs (at once when woken by a submission here or, through
 * {@link JobNotifications}, on any instance; else every poll interval, and at the moment the first lease held
 * elsewhere lapses, which picks up jobs whose instance died) while fewer than {@code max-concurrent} run,
 * runs each on a worker thread with partition work on one ForkJoinPool shared by all jobs, renews their
 * leases from its own heartbeat thread, and on shutdown stops claiming and lets running jobs checkpoint
 * and go back to the queue. Its loops log a failed database call and go on; the database's reachability
 * they see is the {@code jobDatabase} health (readiness).
 */
@Component
class JobRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobRepository repository;
    private final JobQueue queue;
    private final JobExecution execution;
    private final JobMetrics metrics;
    private final JobProperties properties;
    private final JobDatabaseHealthIndicator database;
    private final Clock clock;
    private final String instanceId;
    private final Semaphore slots;
    private final Map<UUID, RunningJob> running = new ConcurrentHashMap<>();

    private volatile boolean started;
    private volatile boolean paused;
    private final Object claimLock = new Object();
    private ForkJoinPool pool;
    private ExecutorService workers;
    private ScheduledExecutorService claimer;
    private ScheduledExecutorService heartbeat;

    JobRunner(JobRepository repository, JobQueue queue, JobExecution execution, JobMetrics metrics,
            JobProperties properties, JobDatabaseHealthIndicator database, Clock clock) {
        this.repository = repository;
        this.queue = queue;
        this.execution = execution;
        this.metrics = metrics;
        this.properties = properties;
        this.database = database;
        this.clock = clock;
        this.instanceId = properties.instanceId() != null ? properties.instanceId() : defaultInstanceId();
        this.slots = new Semaphore(properties.maxConcurrent());
    }

    @Override
    public synchronized void start() {
        pool = new ForkJoinPool(properties.poolParallelism(), p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("job-pool-" + t.getPoolIndex());
            return t;
        }, null, false);
        workers = Executors.newFixedThreadPool(properties.maxConcurrent(), threads("job-worker-"));
        claimer = Executors.newSingleThreadScheduledExecutor(threads("job-claimer"));
        heartbeat = Executors.newSingleThreadScheduledExecutor(threads("job-heartbeat"));
        started = true;
        long poll = properties.pollInterval().toMillis();
        claimer.scheduleWithFixedDelay(guarded("poll", this::poll), 0, poll, TimeUnit.MILLISECONDS);
        long beat = properties.heartbeatInterval().toMillis();
        heartbeat.scheduleWithFixedDelay(guarded("heartbeat", this::heartbeat), beat, beat, TimeUnit.MILLISECONDS);
        log.info("Job runner {} started: {} concurrent jobs, {} pool threads", instanceId,
                properties.maxConcurrent(), properties.poolParallelism());
    }

    /** A job was submitted: claim it now rather than at the next poll. */
    void wake() {
        if (!started) {
            return;
        }
        try {
            claimer.execute(guarded("claim", this::claimAvailable));
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** A client cancelled a job: if it runs here, it stops after the current iteration. */
    void cancelLocally(UUID id) {
        RunningJob job = running.get(id);
        if (job != null) {
            job.requestCancel();
        }
    }

    /** Stops claiming (running jobs go on); for maintenance and tests. */
    void pause() {
        // under the claim lock: once this returns, no claim is in flight, so nothing submitted later is taken
        synchronized (claimLock) {
            paused = true;
        }
    }

    void resume() {
        paused = false;
        wake();
    }

    /**
     * Asks every job running here to checkpoint at its next iteration and go back to the queue, to resume
     * on whichever instance claims it next (this one too, while it has not stopped).
     */
    void releaseRunning() {
        running.values().forEach(RunningJob::requestRelease);
    }

    String instanceId() {
        return instanceId;
    }

    private void poll() {
        Optional<Instant> nextExpiry;
        try {
            metrics.queued(repository.countActive().get(JobStatus.QUEUED));
            nextExpiry = queue.nextLeaseExpiry(instanceId);
            database.reached();
        } catch (RuntimeException e) {
            database.failed(e);
            throw e;
        }
        claimAvailable();
        // a job running elsewhere becomes claimable when its lease lapses: look then, not up to a poll later
        nextExpiry.ifPresent(expiry -> {
            long delay = Duration.between(clock.instant(), expiry).toMillis() + 1;
            if (delay > 0 && delay < properties.pollInterval().toMillis()) {
                try {
                    claimer.schedule(guarded("claim", this::claimAvailable), delay, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    // stopping
                }
            }
        });
    }

    private void claimAvailable() {
        while (true) {
            Optional<ClaimedJob> claimed;
            synchronized (claimLock) {
                if (!started || paused || !slots.tryAcquire()) {
                    return;
                }
                try {
                    Instant now = clock.instant();
                    // for a lease after an outage, other instances' presence locks may still be missing because
                    // they are reconnecting: their jobs are claimed only once their leases lapse
                    Instant recovered = database.recoveredAt();
                    boolean presence = !database.down()
                            && (recovered == null || recovered.isBefore(now.minus(properties.lease())));
                    claimed = queue.claim(instanceId, now, now.plus(properties.lease()), running.keySet(),
                            presence);
                    database.reached();
                } catch (RuntimeException e) {
                    slots.release();
                    database.failed(e);
                    throw e;
                }
            }
            if (claimed.isEmpty()) {
                slots.release();
                return;
            }
            RunningJob job = new RunningJob(claimed.get());
            running.put(job.id(), job);
            metrics.running(running.size());
            if (claimed.get().resumed()) {
                metrics.resumed(claimed.get().resumeCause());
            }
            log.debug("Job {}: claimed, attempt {}", job.id(), job.attempt());
            try {
                workers.execute(() -> runClaimed(job));
            } catch (RejectedExecutionException e) {
                // shutting down between the claim and the hand-off: the lease lapses and the job is claimed again
                running.remove(job.id());
                slots.release();
            }
        }
    }

    private void runClaimed(RunningJob job) {
        try {
            execution.run(job, pool);
        } finally {
            running.remove(job.id());
            metrics.running(running.size());
            slots.release();
            wake();
        }
    }

    private void heartbeat() {
        Instant leaseUntil = clock.instant().plus(properties.lease());
        for (RunningJob job : running.values()) {
            try {
                if (!queue.heartbeat(job.id(), job.attempt(), leaseUntil)) {
                    job.fence();
                }
                database.reached();
            } catch (RuntimeException e) {
                database.failed(e);
                log.warn("Job {}: heartbeat failed: {}", job.id(), e.toString());
            }
        }
    }

    @Override
    public void stop() {
        synchronized (this) {
            if (!started) {
                return;
            }
            started = false;
        }
        claimer.shutdownNow();
        releaseRunning();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(properties.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Jobs still running at shutdown: {}; their leases will lapse", running.keySet());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeat.shutdownNow();
        workers.shutdownNow();
        pool.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("Job runner {} failed: {}", what, e.toString());
            }
        };
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
            return t;
        };
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "instance";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
