package dev.estimator.watch;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.springframework.web.context.request.async.DeferredResult;

/**
 * Long polls ({@code GET …/{id}?waitSeconds=N}) of one kind of resource: a request is parked as a
 * {@link DeferredResult} (no thread held) until the resource's state differs from what the client saw, or the
 * time is up; either way the answer is the resource as it is then. The owner of the registry calls
 * {@link #check} when a resource may have changed and {@link #sweep} now and then for changes it is not told of
 * (other instances').
 *
 * @param <S> a snapshot of the resource, as read
 * @param <R> the answer to a poll
 */
public final class LongPollRegistry<S, R> {

    private final Function<UUID, Optional<S>> find;
    private final Function<S, ?> state;
    private final Function<S, R> answer;
    private final Map<UUID, List<Waiter<R>>> waiters = new ConcurrentHashMap<>();

    /**
     * @param find   reads the resource now
     * @param state  the part of a snapshot whose change answers a waiter (compared with {@code equals})
     * @param answer the response for a snapshot
     */
    public LongPollRegistry(Function<UUID, Optional<S>> find, Function<S, ?> state, Function<S, R> answer) {
        this.find = find;
        this.state = state;
        this.answer = answer;
    }

    private record Waiter<R>(Object state, DeferredResult<R> result) {
    }

    /** Parks a request for the resource last seen as {@code seen}; {@link #check} it afterwards. */
    public DeferredResult<R> await(UUID id, S seen, long millis) {
        DeferredResult<R> result = new DeferredResult<>(millis);
        Waiter<R> waiter = new Waiter<>(state.apply(seen), result);
        result.onTimeout(() -> result.setResult(answer.apply(find.apply(id).orElse(seen))));
        result.onCompletion(() -> remove(id, waiter));
        waiters.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(waiter);
        return result;
    }

    /** An answer that is ready now (the resource is finished, or no wait was asked for). */
    public static <R> DeferredResult<R> now(R answer) {
        DeferredResult<R> result = new DeferredResult<>();
        result.setResult(answer);
        return result;
    }

    /** Answers the resource's waiters whose view is out of date. */
    public void check(UUID id) {
        List<Waiter<R>> list = waiters.get(id);
        if (list == null || list.isEmpty()) {
            return;
        }
        find.apply(id).ifPresent(current -> {
            Object now = state.apply(current);
            for (Waiter<R> w : list) {
                if (!Objects.equals(now, w.state())) {
                    w.result().setResult(answer.apply(current));
                }
            }
        });
    }

    /** Re-reads every watched resource. */
    public void sweep() {
        waiters.keySet().forEach(this::check);
    }

    /** True while some request waits. */
    public boolean watching() {
        return !waiters.isEmpty();
    }

    private void remove(UUID id, Waiter<R> waiter) {
        waiters.computeIfPresent(id, (k, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
        });
    }
}
