package dev.estimator.search;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.estimator.job.JobEnded;

/**
 * Brings every unfinished search up to date with its jobs every {@code estimator.searches.reconcile-interval},
 * on its own thread, and a search at once when one of its jobs ends on this instance (so that, e.g., the refit
 * starts as soon as the last fold is recorded, and the search ends with its refit, not up to a round later). It
 * keeps no state of its own: after a restart, or on another instance, it carries on from what the database holds.
 */
@Component
class SearchReconciler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SearchReconciler.class);

    private final SearchDriver searches;
    private final SearchProperties properties;
    private ScheduledExecutorService executor;
    /** Searches with a reconcile waiting on the thread: jobs that end meanwhile need no other. */
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();

    SearchReconciler(SearchDriver searches, SearchProperties properties) {
        this.searches = searches;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "search-reconciler");
            t.setDaemon(true);
            return t;
        });
        long interval = properties.reconcileInterval().toMillis();
        executor.scheduleWithFixedDelay(this::reconcileAll, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** A job of a search ended here: bring that search up to date now, on this class's thread. */
    @EventListener
    void jobEnded(JobEnded finished) {
        ScheduledExecutorService now;
        synchronized (this) {
            now = executor;
        }
        if (now == null) {
            return;
        }
        UUID id = finished.searchId();
        if (!pending.add(id)) {
            return;
        }
        try {
            now.execute(() -> {
                pending.remove(id);
                try {
                    searches.reconcile(id);
                } catch (RuntimeException e) {
                    log.warn("Search {}: reconcile failed: {}", id, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping: the next start's rounds carry on
            pending.remove(id);
        }
    }

    /** One round over every search with work left; a failure on one search is logged and the round goes on. */
    void reconcileAll() {
        try {
            for (UUID id : searches.toReconcile()) {
                try {
                    searches.reconcile(id);
                } catch (RuntimeException e) {
                    log.warn("Search {}: reconcile failed: {}", id, e.toString());
                }
            }
        } catch (RuntimeException e) {
            log.warn("Search reconciler failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
