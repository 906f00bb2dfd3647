package dev.estimator.job;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code GET /jobs/{id}?waitSeconds=N}: the request is parked as a {@link DeferredResult} (no thread held)
 * until the job's status or iteration differs from what the client saw, or the time is up; either way the
 * answer is the job as the database has it then.
 */
@Component
class LongPolls {

    private final JobRepository repository;
    private final JobViews views;
    private final Map<UUID, List<Waiter>> waiters = new ConcurrentHashMap<>();

    LongPolls(JobRepository repository, JobViews views) {
        this.repository = repository;
        this.views = views;
    }

    private record Waiter(JobStatus status, int iteration, DeferredResult<ResponseEntity<JobResponse>> result) {
    }

    /** Parks a request for a job that is not finished; the caller asks {@link JobEvents#recheck} afterwards. */
    DeferredResult<ResponseEntity<JobResponse>> await(Job seen, long millis) {
        UUID id = seen.id();
        DeferredResult<ResponseEntity<JobResponse>> result = new DeferredResult<>(millis);
        Waiter waiter = new Waiter(seen.status(), seen.iteration(), result);
        result.onTimeout(() -> result.setResult(repository.find(id).map(views::entity)
                .orElseGet(() -> views.entity(seen))));
        result.onCompletion(() -> remove(id, waiter));
        waiters.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(waiter);
        return result;
    }

    /** Answers the job's waiters whose view is out of date. */
    void check(UUID id) {
        List<Waiter> list = waiters.get(id);
        if (list == null || list.isEmpty()) {
            return;
        }
        Optional<Job> job = repository.find(id);
        if (job.isEmpty()) {
            return;
        }
        Job now = job.get();
        for (Waiter w : list) {
            if (now.status() != w.status() || now.iteration() != w.iteration()) {
                w.result().setResult(views.entity(now));
            }
        }
    }

    /** Re-reads every watched job: catches changes made by other instances. */
    void sweep() {
        waiters.keySet().forEach(this::check);
    }

    private void remove(UUID id, Waiter waiter) {
        waiters.computeIfPresent(id, (k, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
        });
    }
}
