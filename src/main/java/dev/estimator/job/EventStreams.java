package dev.estimator.job;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /jobs/{id}/events}: server-sent events. {@code progress} events carry the job's progress, at
 * most one per event interval (~10 a second) however fast iterations go; one {@code status} event carries
 * the finished job, and the stream completes.
 */
@Component
class EventStreams {

    /** A stream lives at most this long; a client that still wants events reconnects. */
    static final long STREAM_TIMEOUT_MILLIS = 30 * 60 * 1000L;

    private final JobRepository repository;
    private final JobViews views;
    private final Map<UUID, List<Subscriber>> subscribers = new ConcurrentHashMap<>();

    EventStreams(JobRepository repository, JobViews views) {
        this.repository = repository;
        this.views = views;
    }

    private static final class Subscriber {
        final SseEmitter emitter;
        volatile int lastIteration = -1;
        volatile boolean closed;

        Subscriber(SseEmitter emitter) {
            this.emitter = emitter;
        }
    }

    /** A stream for the job; for a finished job it holds the status event only. */
    SseEmitter open(Job job) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MILLIS);
        Subscriber s = new Subscriber(emitter);
        if (job.status().isTerminal()) {
            s.lastIteration = job.iteration(); // the status event carries the final progress
            finish(s, job);
            return emitter;
        }
        UUID id = job.id();
        emitter.onCompletion(() -> remove(id, s));
        emitter.onTimeout(() -> remove(id, s));
        emitter.onError(e -> remove(id, s));
        subscribers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(s);
        if (job.status() == JobStatus.RUNNING && job.iteration() > 0) {
            progress(s, progressOf(job));
        }
        return emitter;
    }

    /** From the latest in-memory progress of jobs running here: one event per stream that is behind. */
    void pushProgress(Map<UUID, JobResponse.Progress> latest) {
        subscribers.forEach((id, list) -> {
            JobResponse.Progress p = latest.get(id);
            if (p != null) {
                list.forEach(s -> progress(s, p));
            }
        });
    }

    /** Re-reads the job: the status event when it finished, else progress the streams have not seen. */
    void check(UUID id) {
        List<Subscriber> list = subscribers.get(id);
        if (list == null || list.isEmpty()) {
            return;
        }
        Optional<Job> found = repository.find(id);
        if (found.isEmpty()) {
            return;
        }
        Job job = found.get();
        for (Subscriber s : list) {
            if (job.status().isTerminal()) {
                finish(s, job);
                remove(id, s);
            } else if (job.iteration() > 0) {
                progress(s, progressOf(job));
            }
        }
    }

    void sweep() {
        subscribers.keySet().forEach(this::check);
    }

    private void progress(Subscriber s, JobResponse.Progress p) {
        if (s.closed || p.iteration() <= s.lastIteration) {
            return;
        }
        s.lastIteration = p.iteration();
        send(s, SseEmitter.event().name("progress").id(Integer.toString(p.iteration()))
                .data(p, MediaType.APPLICATION_JSON));
    }

    private void finish(Subscriber s, Job job) {
        if (s.closed) {
            return;
        }
        if (job.iteration() > s.lastIteration && job.iteration() > 0) {
            progress(s, progressOf(job));
        }
        send(s, SseEmitter.event().name("status").data(views.response(job), MediaType.APPLICATION_JSON));
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

    private static JobResponse.Progress progressOf(Job job) {
        return new JobResponse.Progress(job.iteration(), job.maxIterations(), job.loss(), job.validationLoss(),
                job.resumes());
    }

    private void remove(UUID id, Subscriber s) {
        s.closed = true;
        subscribers.computeIfPresent(id, (k, list) -> {
            list.remove(s);
            return list.isEmpty() ? null : list;
        });
    }
}
