package dev.estimator.job;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * In-memory notifications from the runner to the clients watching a job, so that neither long polls nor
 * event streams hold a thread or poll the database while they wait. The trainer's thread only records the
 * latest progress and hands "the job row changed" to this class's own thread, which re-reads the row and
 * answers the waiters: a slow client never slows training. A periodic sweep covers jobs that run on
 * other instances, whose notifications never reach this one.
 */
@Component
class JobEvents implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JobEvents.class);

    private final LongPolls polls;
    private final EventStreams streams;
    private final ScheduledExecutorService executor;
    private final Map<UUID, JobResponse.Progress> latest = new ConcurrentHashMap<>();

    JobEvents(LongPolls polls, EventStreams streams, JobProperties properties) {
        this.polls = polls;
        this.streams = streams;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "job-events");
            t.setDaemon(true);
            return t;
        });
        long events = properties.eventInterval().toMillis();
        long sweep = properties.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(guarded(() -> streams.pushProgress(latest)), events, events,
                TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(guarded(() -> {
            polls.sweep();
            streams.sweep();
        }), sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /** The trainer's thread, every iteration: remember the latest progress of a job running here. */
    void progress(UUID id, JobResponse.Progress progress) {
        latest.put(id, progress);
    }

    /** The job's row changed (progress flushed, status changed): answer whoever waits for that. */
    void changed(UUID id) {
        execute(() -> {
            polls.check(id);
            streams.check(id);
        });
    }

    /** The job reached a terminal status, or stopped running here. */
    void stopped(UUID id) {
        latest.remove(id);
        changed(id);
    }

    /** A new waiter might have missed a change that happened while it registered. */
    void recheck(UUID id) {
        changed(id);
    }

    private void execute(Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            // shutting down: waiters time out or the container closes them
        }
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("Job event delivery failed: {}", e.toString());
            }
        };
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
