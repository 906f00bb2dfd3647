package dev.estimator.job;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.estimator.watch.DeliveryThread;

/**
 * In-memory notifications from the runner to the clients watching a job, so that neither long polls nor
 * event streams hold a thread or poll the database while they wait. The trainer's thread only records the
 * latest progress and hands "the job row changed" to this class's own thread, which re-reads the row and
 * answers the waiters: a slow client never slows training. A periodic sweep covers jobs that run on
 * other instances, whose notifications never reach this one.
 */
@Component
class JobEvents implements DisposableBean {

    private final LongPolls polls;
    private final EventStreams streams;
    private final DeliveryThread delivery = new DeliveryThread("job-events");
    private final Map<UUID, JobResponse.Progress> latest = new ConcurrentHashMap<>();

    JobEvents(LongPolls polls, EventStreams streams, JobProperties properties) {
        this.polls = polls;
        this.streams = streams;
        delivery.every(properties.eventInterval(), () -> streams.pushProgress(latest));
        delivery.every(properties.pollInterval(), () -> {
            polls.sweep();
            streams.sweep();
        });
    }

    /** The trainer's thread, every iteration: remember the latest progress of a job running here. */
    void progress(UUID id, JobResponse.Progress progress) {
        latest.put(id, progress);
    }

    /** The job's row changed (progress flushed, status changed): answer whoever waits for that. */
    void changed(UUID id) {
        delivery.execute(() -> {
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

    @Override
    public void destroy() {
        delivery.close();
    }
}
