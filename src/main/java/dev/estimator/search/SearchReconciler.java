package dev.estimator.search;

import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Brings every unfinished search up to date with its jobs every {@code estimator.searches.reconcile-interval},
 * on its own thread. It keeps no state of its own: after a restart, or on another instance, it carries on from
 * what the database holds.
 */
@Component
class SearchReconciler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SearchReconciler.class);

    private final SearchDriver searches;
    private final SearchProperties properties;
    private ScheduledExecutorService executor;

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
