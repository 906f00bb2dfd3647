package dev.estimator.search;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.estimator.domain.DomainException;
import dev.estimator.engine.StopReason;
import dev.estimator.job.JobError;
import dev.estimator.job.JobSnapshot;
import dev.estimator.job.JobResult;
import dev.estimator.job.JobService;
import dev.estimator.job.JobStatus;
import dev.estimator.job.QueueFull;
import dev.estimator.security.Caller;
import dev.estimator.security.QuotaExceeded;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moves a search on from what the database holds, and nothing else: queues its planned jobs as room allows,
 * records the outcome of those that finished, starts the refit job and ends the search. Every step is guarded in
 * the database, so any instance may run it at any time — the {@link SearchReconciler} of each instance for every
 * unfinished search, and a poll for its search — and a search finishes whichever instance ran its jobs, across
 * restarts.
 */
@Component
class SearchDriver {

    static final String NO_CANDIDATE = "NO_CANDIDATE";
    static final String REFIT_FAILED = "REFIT_FAILED";
    static final String NOT_QUEUED = "NOT_QUEUED";
    /**
     * The most planned jobs queued in one transaction. Larger searches are queued one job a transaction, as they
     * are more likely to meet the owner's quota, which would roll a whole batch back.
     */
    static final int MAX_BATCH = 32;

    private static final Logger log = LoggerFactory.getLogger(SearchDriver.class);

    private final SearchRepository repository;
    private final GridPaths paths;
    private final JobService jobs;
    private final SearchMetrics metrics;
    private final JsonMapper json;
    private final TransactionTemplate tx;
    private final Clock clock;

    SearchDriver(SearchRepository repository, GridPaths paths, JobService jobs, SearchMetrics metrics,
            JsonMapper json, PlatformTransactionManager transactionManager, Clock clock) {
        this.repository = repository;
        this.paths = paths;
        this.jobs = jobs;
        this.metrics = metrics;
        this.json = json;
        this.tx = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** Ids of the searches {@link #reconcile} has work for. */
    List<UUID> toReconcile() {
        return repository.toReconcile();
    }

    /**
     * Records the outcome of the search's newly finished jobs and queues planned ones; once every
     * cross-validation job is recorded, picks the best candidate, starts the refit job (once, under the search
     * row's lock) or ends the search. Safe to run concurrently on any instance: each step is guarded in the
     * database.
     */
    void reconcile(UUID id) {
        Search search = repository.find(id).orElse(null);
        if (search == null || search.status().isTerminal() && search.status() != SearchStatus.CANCELLED) {
            return;
        }
        SearchPlan plan = plan(search);
        Map<UUID, JobSnapshot> live = live(id);
        List<SearchChild> children = repository.children(id);
        boolean pending = false;
        for (SearchChild child : children) {
            if (child.recorded()) {
                continue;
            }
            JobSnapshot job = live.get(child.jobId());
            if (job != null && job.status().isTerminal()) {
                record(plan, job, Caller.of(search.owner()));
            } else {
                pending = true;
            }
        }
        if (search.status().isTerminal()) {
            return;
        }
        if (search.status() == SearchStatus.QUEUED
                && live.values().stream().anyMatch(j -> j.status() != JobStatus.QUEUED)) {
            repository.markRunning(id);
        }
        Caller owner = Caller.of(search.owner());
        if (pending) {
            queue(id, plan, owner);
            return;
        }
        List<SearchResponse.Candidate> candidates = SearchViews.candidates(plan, repository.children(id), live);
        int best = SearchViews.best(plan, candidates);
        if (best < 0) {
            finish(search, SearchStatus.FAILED, candidates, new JobError(NO_CANDIDATE,
                    "no candidate succeeded on every fold; see the candidates' errors"));
        } else if (!plan.refit()) {
            finish(search, SearchStatus.SUCCEEDED, candidates, null);
        } else if (search.bestJobId() == null) {
            startRefit(id, plan, best, owner);
        } else {
            JobSnapshot refit = live.get(search.bestJobId());
            if (refit == null || !refit.status().isTerminal()) {
                return;
            }
            if (refit.status() == JobStatus.SUCCEEDED) {
                finish(search, SearchStatus.SUCCEEDED, candidates, null);
            } else {
                String why = refit.error() != null ? refit.error().code() + ": " + refit.error().message()
                        : "it was " + refit.status();
                finish(search, SearchStatus.FAILED, candidates, new JobError(REFIT_FAILED,
                        "the refit job " + refit.id() + " did not succeed (" + why + ")"));
            }
        }
    }

    /**
     * Queues the search's planned jobs in order until the owner's quota or the queue is full (the next round goes
     * on). Each job is queued under the search row's lock, so that two instances never queue one twice and a
     * cancel never misses one. Up to {@link #MAX_BATCH} of them are first tried in one transaction, a commit for
     * a whole small search rather than one a job; if one is refused, that transaction queues nothing and they are
     * queued one transaction each, which stops at the first refused for lack of room and records any other
     * refusal.
     */
    void queue(UUID id, SearchPlan plan, Caller owner) {
        List<int[]> unqueued = repository.unqueued(id);
        if (unqueued.isEmpty()) {
            return;
        }
        if (unqueued.size() > 1 && unqueued.size() <= MAX_BATCH) {
            try {
                tx.executeWithoutResult(status -> {
                    if (repository.lockUnfinished(id).isPresent()) {
                        unqueued.forEach(planned -> queueLocked(id, plan, owner, planned[0], planned[1]));
                    }
                });
                return;
            } catch (DomainException e) {
                // one was refused: nothing was queued, go one by one
            }
        }
        for (int[] planned : unqueued) {
            int c = planned[0];
            int f = planned[1];
            try {
                boolean open = Boolean.TRUE.equals(tx.execute(status -> {
                    if (repository.lockUnfinished(id).isEmpty()) {
                        return false;
                    }
                    queueLocked(id, plan, owner, c, f);
                    return true;
                }));
                if (!open) {
                    return;
                }
            } catch (QueueFull | QuotaExceeded e) {
                // no room now: the next round goes on
                return;
            } catch (DomainException e) {
                // valid when the search was submitted, refused now (e.g. the dataset was deleted)
                repository.recordUnqueued(id, c, f, JobStatus.FAILED, NOT_QUEUED, e.getMessage());
            }
        }
    }

    /** Queues one planned job; the caller holds the search row's lock. */
    private void queueLocked(UUID id, SearchPlan plan, Caller owner, int c, int f) {
        // another round (a poll, another instance) may have queued it while this one waited for the lock
        if (repository.isUnqueued(id, c, f)) {
            UUID job = jobs.submitForSearch(plan.foldSpec(paths, c, f), id, owner);
            repository.assign(id, c, f, job);
        }
    }

    private void record(SearchPlan plan, JobSnapshot job, Caller owner) {
        Double score = null;
        if (job.status() == JobStatus.SUCCEEDED) {
            if (plan.metric() == SearchMetric.LOSS) {
                score = job.validationLoss();
                // a job stopped early keeps the parameters of its lowest validation loss, not its last ones
                if (StopReason.EARLY_STOPPING.name().equals(jobs.result(job.id(), owner).stopReason())) {
                    score = jobs.lowestValidationLoss(job.id(), owner);
                }
            } else {
                JobResult.Metrics m = jobs.result(job.id(), owner).metrics();
                score = m.validation() == null ? null : m.validation().get(plan.metric().apiName());
            }
            if (score != null && !Double.isFinite(score)) {
                score = null;
            }
        }
        JobError error = job.error();
        repository.record(job.id(), job.status(), score, error == null ? null : error.code(),
                error == null ? null : error.message());
    }

    private void startRefit(UUID id, SearchPlan plan, int best, Caller owner) {
        try {
            tx.executeWithoutResult(status -> {
                Search locked = repository.lockUnfinished(id).orElse(null);
                if (locked == null || locked.bestJobId() != null) {
                    return;
                }
                UUID job = jobs.submitForSearch(plan.refitSpec(paths, best), id, owner);
                repository.bestJob(id, job);
                log.info("Search {}: refit job {} started with {}", id, job, plan.candidates().get(best));
            });
        } catch (DomainException e) {
            // e.g. the job queue is full: the next round tries again
            log.warn("Search {}: refit job not started yet: {}", id, e.getMessage());
        }
    }

    private void finish(Search search, SearchStatus status, List<SearchResponse.Candidate> candidates,
            JobError error) {
        if (repository.finish(search.id(), status, error == null ? null : error.code(),
                error == null ? null : error.message(), clock.instant())) {
            metrics.finished(status, SearchViews.evaluated(candidates));
        }
    }

    /** The search's jobs as they are now, by id. */
    Map<UUID, JobSnapshot> live(UUID id) {
        return jobs.bySearch(id).stream().collect(Collectors.toMap(JobSnapshot::id, Function.identity(), (a, b) -> a,
                HashMap::new));
    }

    /** The stored request, read leniently so that rows written by a newer version stay readable. */
    SearchPlan plan(Search search) {
        return SearchPlan.of(json.readerFor(SearchRequest.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(search.request()));
    }
}
