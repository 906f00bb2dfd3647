package dev.estimator.job;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.estimator.watch.EventStreamRegistry;

/**
 * {@code GET /jobs/{id}/events}: server-sent events. {@code progress} events carry the job's progress, at
 * most one per event interval (~10 a second) however fast iterations go; one {@code status} event carries
 * the finished job, and the stream completes.
 */
@Component
class EventStreams {

    private final EventStreamRegistry<Job> registry;

    EventStreams(JobRepository repository, JobViews views) {
        this.registry = new EventStreamRegistry<>(new EventStreamRegistry.Source<>() {
            @Override
            public Optional<Job> find(UUID id) {
                return repository.find(id);
            }

            @Override
            public boolean finished(Job job) {
                return job.status().isTerminal();
            }

            @Override
            public long position(Job job) {
                // iteration 0: nothing trained yet
                return job.iteration() > 0 ? job.iteration() : -1;
            }

            @Override
            public Object progress(Job job) {
                return progressOf(job);
            }

            @Override
            public Object status(Job job) {
                return views.response(job);
            }
        });
    }

    /** A stream for the job; for a finished job it holds the status event only. */
    SseEmitter open(Job job) {
        return registry.open(job.id(), job);
    }

    /** From the latest in-memory progress of jobs running here: one event per stream that is behind. */
    void pushProgress(Map<UUID, JobResponse.Progress> latest) {
        registry.push(latest, JobResponse.Progress::iteration);
    }

    /** Re-reads the job: the status event when it finished, else progress the streams have not seen. */
    void check(UUID id) {
        registry.check(id);
    }

    void sweep() {
        registry.sweep();
    }

    private static JobResponse.Progress progressOf(Job job) {
        return new JobResponse.Progress(job.iteration(), job.maxIterations(), job.loss(), job.validationLoss(),
                job.resumes());
    }
}
