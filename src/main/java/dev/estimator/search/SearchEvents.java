package dev.estimator.search;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.estimator.watch.DeliveryThread;
import dev.estimator.watch.EventStreamRegistry;
import dev.estimator.watch.LongPollRegistry;

/**
 * A search's long poll ({@code ?waitSeconds=N}) and event stream, on the same registries as a job's. A search
 * moves on when its jobs finish, on whichever instance runs them, so while anyone waits the watched searches
 * are brought up to date and re-read every {@code estimator.searches.reconcile-interval}, on a thread of their
 * own; nothing is read while nobody waits.
 */
@Component
class SearchEvents implements DisposableBean {

    /** Longest wait of a long poll, as for jobs (API.md). */
    static final int MAX_WAIT_SECONDS = 30;

    private final LongPollRegistry<SearchResponse, ResponseEntity<SearchResponse>> polls;
    private final EventStreamRegistry<SearchResponse> streams;
    private final DeliveryThread delivery = new DeliveryThread("search-events");

    SearchEvents(SearchService searches, SearchProperties properties) {
        this.polls = new LongPollRegistry<>(searches::current, s -> List.of(s.status(), s.progress()),
                s -> SearchController.entity(s, HttpStatus.OK));
        this.streams = new EventStreamRegistry<>(new EventStreamRegistry.Source<>() {
            @Override
            public Optional<SearchResponse> find(UUID id) {
                return searches.current(id);
            }

            @Override
            public boolean finished(SearchResponse search) {
                return search.status().isTerminal();
            }

            @Override
            public long position(SearchResponse search) {
                return search.progress().jobsDone();
            }

            @Override
            public Object progress(SearchResponse search) {
                return search.progress();
            }

            @Override
            public Object status(SearchResponse search) {
                return search;
            }
        });
        delivery.every(properties.reconcileInterval(), () -> {
            polls.sweep();
            streams.sweep();
        });
    }

    /** The search once its status or progress differs from {@code seen}, or after the wait; at once if finished. */
    DeferredResult<ResponseEntity<SearchResponse>> await(SearchResponse seen, int waitSeconds) {
        int seconds = Math.min(waitSeconds, MAX_WAIT_SECONDS);
        if (seen.status().isTerminal() || seconds <= 0) {
            return LongPollRegistry.now(SearchController.entity(seen, HttpStatus.OK));
        }
        DeferredResult<ResponseEntity<SearchResponse>> result = polls.await(seen.id(), seen, seconds * 1000L);
        // it may have moved on between the read and the registration
        delivery.execute(() -> polls.check(seen.id()));
        return result;
    }

    /** progress events as the search's fold jobs finish, then one status event with the finished search. */
    SseEmitter open(SearchResponse current) {
        SseEmitter emitter = streams.open(current.id(), current);
        if (!current.status().isTerminal()) {
            delivery.execute(() -> streams.check(current.id()));
        }
        return emitter;
    }

    @Override
    public void destroy() {
        delivery.close();
    }
}
