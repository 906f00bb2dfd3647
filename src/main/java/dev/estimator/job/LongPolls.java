package dev.estimator.job;

import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

import dev.estimator.watch.LongPollRegistry;

/**
 * {@code GET /jobs/{id}?waitSeconds=N}: the request is parked (no thread held) until the job's status or
 * iteration differs from what the client saw, or the time is up; either way the answer is the job as the
 * database has it then.
 */
@Component
class LongPolls {

    private final LongPollRegistry<Job, ResponseEntity<JobResponse>> registry;

    LongPolls(JobRepository repository, JobViews views) {
        // lambdas rather than method references: the repository and views are asked only when a poll waits
        this.registry = new LongPollRegistry<>(id -> repository.find(id),
                job -> List.of(job.status(), job.iteration()), job -> views.entity(job));
    }

    /** Parks a request for a job that is not finished; the caller asks {@link JobEvents#recheck} afterwards. */
    DeferredResult<ResponseEntity<JobResponse>> await(Job seen, long millis) {
        return registry.await(seen.id(), seen, millis);
    }

    /** Answers the job's waiters whose view is out of date. */
    void check(UUID id) {
        registry.check(id);
    }

    /** Re-reads every watched job: catches changes made by other instances. */
    void sweep() {
        registry.sweep();
    }
}
