package dev.estimator.watch;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent event streams ({@code GET …/{id}/events}) of one kind of resource: {@code progress} events whenever
 * the resource's progress position moves forward (never twice for one position), then one {@code status} event
 * with the finished resource, and the stream completes. The owner of the registry calls {@link #check} when a
 * resource may have changed, {@link #sweep} now and then for changes it is not told of, and may {@link #push}
 * progress it holds in memory.
 *
 * @param <S> a snapshot of the resource, as read
 */
public final class EventStreamRegistry<S> {

    /** A stream lives at most this long; a client that still wants events reconnects. */
    public static final long STREAM_TIMEOUT_MILLIS = 30 * 60 * 1000L;

    /** What the registry needs to know of a resource. */
    public interface Source<S> {

        Optional<S> find(UUID id);

        boolean finished(S snapshot);

        /** Where the resource's progress stands (increasing); negative while there is nothing to report. */
        long position(S snapshot);

        /** The data of a progress event. */
        Object progress(S snapshot);

        /** The data of the final status event. */
        Object status(S snapshot);
    }

    private final Source<S> source;
    private final Map<UUID, List<Subscriber>> subscribers = new ConcurrentHashMap<>();

    public EventStreamRegistry(Source<S> source) {
        this.source = source;
    }

    private static final class Subscriber {
        final SseEmitter emitter;
        volatile long last = -1;
        volatile boolean closed;

        Subscriber(SseEmitter emitter) {
            this.emitter = emitter;
        }
    }

    /** A stream for the resource as just read; for a finished one it holds the status event only. */
    public SseEmitter open(UUID id, S current) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MILLIS);
        Subscriber s = new Subscriber(emitter);
        if (source.finished(current)) {
            s.last = source.position(current); // the status event carries the final progress
            finish(s, current);
            return emitter;
        }
        emitter.onCompletion(() -> remove(id, s));
        emitter.onTimeout(() -> remove(id, s));
        emitter.onError(e -> remove(id, s));
        subscribers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(s);
        progress(s, source.position(current), source.progress(current));
        return emitter;
    }

    /** Progress held in memory (e.g. of work running here), by id: one event per stream that is behind. */
    public <P> void push(Map<UUID, P> latest, ToLongFunction<P> position) {
        subscribers.forEach((id, list) -> {
            P p = latest.get(id);
            if (p != null) {
                list.forEach(s -> progress(s, position.applyAsLong(p), p));
            }
        });
    }

    /** Re-reads the resource: the status event when it finished, else progress the streams have not seen. */
    public void check(UUID id) {
        List<Subscriber> list = subscribers.get(id);
        if (list == null || list.isEmpty()) {
            return;
        }
        Optional<S> found = source.find(id);
        if (found.isEmpty()) {
            return;
        }
        S current = found.get();
        for (Subscriber s : list) {
            if (source.finished(current)) {
                finish(s, current);
                remove(id, s);
            } else {
                progress(s, source.position(current), source.progress(current));
            }
        }
    }

    /** Re-reads every watched resource. */
    public void sweep() {
        subscribers.keySet().forEach(this::check);
    }

    /** True while some stream is open. */
    public boolean watching() {
        return !subscribers.isEmpty();
    }

    private void progress(Subscriber s, long position, Object data) {
        if (s.closed || position < 0 || position <= s.last) {
            return;
        }
        s.last = position;
        send(s, SseEmitter.event().name("progress").id(Long.toString(position)).data(data,
                MediaType.APPLICATION_JSON));
    }

    private void finish(Subscriber s, S current) {
        if (s.closed) {
            return;
        }
        progress(s, source.position(current), source.progress(current));
        send(s, SseEmitter.event().name("status").data(source.status(current), MediaType.APPLICATION_JSON));
        s.closed = true;
        s.emitter.complete();
    }

    private static void send(Subscriber s, SseEmitter.SseEventBuilder event) {
        try {
            s.emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            // the client went away or the stream completed: stop writing to it
            s.closed = true;
            s.emitter.completeWithError(e);
        }
    }

    private void remove(UUID id, Subscriber s) {
        s.closed = true;
        subscribers.computeIfPresent(id, (k, list) -> {
            list.remove(s);
            return list.isEmpty() ? null : list;
        });
    }
}
