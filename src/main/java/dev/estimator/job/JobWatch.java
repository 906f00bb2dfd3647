package dev.estimator.job;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.estimator.security.Caller;

/**
 * The HTTP side of following a job, for {@link JobController}: a long poll parked as a {@link DeferredResult}
 * ({@link LongPolls}) and a server-sent event stream ({@link EventStreams}). Kept apart from {@link JobService} so
 * that the service speaks only in domain terms.
 */
@Component
class JobWatch {

    private final JobService jobs;
    private final JobViews views;
    private final JobViewCache cache;
    private final JobEvents events;
    private final LongPolls polls;
    private final EventStreams streams;
    private final JobProperties properties;

    JobWatch(JobService jobs, JobViews views, JobViewCache cache, JobEvents events, LongPolls polls,
            EventStreams streams, JobProperties properties) {
        this.jobs = jobs;
        this.views = views;
        this.cache = cache;
        this.events = events;
        this.polls = polls;
        this.streams = streams;
        this.properties = properties;
    }

    /** The job once its status or iteration differs from now, or after {@code waitSeconds}; at once if finished. */
    DeferredResult<ResponseEntity<JobResponse>> await(UUID id, int waitSeconds, Caller caller) {
        JobViewCache.Owned<JobResponse> finished = cache.finished(id);
        if (finished != null) {
            DeferredResult<ResponseEntity<JobResponse>> now = new DeferredResult<>();
            now.setResult(views.entity(JobService.visible(id, caller, finished).value(), HttpStatus.OK));
            return now;
        }
        Job job = jobs.require(id, caller);
        int seconds = Math.min(waitSeconds, properties.maxWaitSeconds());
        if (job.status().isTerminal() || seconds <= 0) {
            DeferredResult<ResponseEntity<JobResponse>> now = new DeferredResult<>();
            now.setResult(views.entity(job));
            return now;
        }
        DeferredResult<ResponseEntity<JobResponse>> result = polls.await(job, seconds * 1000L);
        events.recheck(id);
        return result;
    }

    SseEmitter events(UUID id, Caller caller) {
        Job job = jobs.require(id, caller);
        SseEmitter emitter = streams.open(job);
        if (!job.status().isTerminal()) {
            events.recheck(id);
        }
        return emitter;
    }
}
