package dev.estimator.watch;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread on which a feature answers its waiters: re-reads, sweeps and pushes run here, one at a time, so
 * the thread that noticed a change (a trainer, a request) never waits for a slow client. A failed delivery is
 * logged and the thread goes on; after {@link #close()} new work is dropped, since waiters then time out or the
 * container closes them.
 */
public final class DeliveryThread implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryThread.class);

    private final String name;
    private final ScheduledExecutorService executor;

    public DeliveryThread(String name) {
        this.name = name;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} now and then, {@code interval} after the end of the previous run. */
    public void every(Duration interval, Runnable task) {
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(guarded(task), millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} soon, after the work already handed over. */
    public void execute(Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            // closed: nothing is delivered any more
        }
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("Delivery on {} failed: {}", name, e.toString());
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
