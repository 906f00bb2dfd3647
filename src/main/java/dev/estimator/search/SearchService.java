package dev.estimator.search;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.estimator.job.JobError;
import dev.estimator.job.JobResponse;
import dev.estimator.job.JobResult;
import dev.estimator.job.JobService;
import dev.estimator.job.JobStatus;
import dev.estimator.security.Caller;
import dev.estimator.web.ApiException;
import dev.estimator.web.PageResponse;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Grid searches: a search's jobs are queued with it in one transaction; from then on everything about it follows
 * from the database — its jobs' outcomes are recorded, the refit job started and its status set by
 * {@link #reconcile}, which the {@link SearchReconciler} of every instance runs for every unfinished search (and a
 * poll runs for its search), so a search finishes whichever instance ran its jobs and across restarts.
 */
@Service
public class SearchService {

    static final int MAX_PAGE_SIZE = 100;
    static final String NO_CANDIDATE = "NO_CANDIDATE";
    static final String REFIT_FAILED = "REFIT_FAILED";
    static final String NOT_QUEUED = "NOT_QUEUED";

    private static final Logger log = LoggerFactory.getLogger(SearchService.class);

    private final SearchRepository repository;
    private final SearchPlanner planner;
    private final GridPaths paths;
    private final JobService jobs;
    private final SearchMetrics metrics;
    private final JsonMapper json;
    private final TransactionTemplate tx;
    private final Clock clock;

    SearchService(SearchRepository repository, SearchPlanner planner, GridPaths paths, JobService jobs,
            SearchMetrics metrics, JsonMapper json, PlatformTransactionManager transactionManager, Clock clock) {
        this.repository = repository;
        this.planner = planner;
        this.paths = paths;
        this.jobs = jobs;
        this.metrics = metrics;
        this.json = json;
        this.tx = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * Validates the search, stores it with its planned jobs and queues as many of them as the owner's active-jobs
     * quota and the queue take; the rest are queued by later rounds of {@link #reconcile} as room frees up.
     *
     * @throws ApiException 400 naming every invalid field
     */
    SearchResponse submit(SearchRequest request, Caller caller) {
        SearchPlan plan = planner.plan(request, caller);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        tx.executeWithoutResult(status -> {
            repository.insert(id, plan.request().name(), UUID.fromString(plan.request().base().datasetId()),
                    caller.owner(), json.writeValueAsString(plan.request()), now);
            for (int c = 0; c < plan.candidates().size(); c++) {
                for (int f = 0; f < plan.folds(); f++) {
                    repository.insertChild(id, c, f);
                }
            }
        });
        metrics.submitted();
        queue(id, plan, Caller.of(caller.owner()));
        return get(id, caller);
    }

    /** The search, brought up to date with its jobs first. @throws ApiException 404, also for another owner's */
    SearchResponse get(UUID id, Caller caller) {
        require(id, caller);
        reconcile(id);
        return view(require(id, caller));
    }

    /** The searches the caller may see, newest first. */
    PageResponse<SearchResponse> list(Caller caller, int page, int size) {
        if (page < 0) {
            throw invalidParameter("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw invalidParameter("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        List<SearchResponse> content = repository.page(caller.scope(), (long) page * size, size).stream()
                .map(this::view).toList();
        return PageResponse.of(content, page, size, repository.count(caller.scope()));
    }

    /**
     * Ends the search as CANCELLED and cancels its queued and running jobs.
     *
     * @throws ApiException 404, 409 if the search already finished
     */
    SearchResponse cancel(UUID id, Caller caller) {
        Search search = require(id, caller);
        if (search.status().isTerminal() || !repository.finish(id, SearchStatus.CANCELLED, null, null,
                clock.instant())) {
            throw ApiException.conflict("search-finished", "Search already finished",
                    "search " + id + " is already " + require(id, caller).status() + " and cannot be cancelled");
        }
        repository.cancelUnqueued(id);
        jobs.cancelBySearch(id, Caller.of(search.owner()));
        SearchResponse cancelled = view(require(id, caller));
        metrics.finished(SearchStatus.CANCELLED, SearchViews.evaluated(cancelled.candidates()));
        return cancelled;
    }

    /** Ids of the searches {@link #reconcile} has work for. */
    List<UUID> toReconcile() {
        return repository.toReconcile();
    }

    /**
     * Records the outcome of the search's newly finished jobs; once every cross-validation job is recorded, picks
     * the best candidate, starts the refit job (once, under the search row's lock) or ends the search. Safe to run
     * concurrently on any instance: each step is guarded in the database.
     */
    void reconcile(UUID id) {
        Search search = repository.find(id).orElse(null);
        if (search == null || search.status().isTerminal() && search.status() != SearchStatus.CANCELLED) {
            return;
        }
        SearchPlan plan = plan(search);
        Map<UUID, JobResponse> live = live(id);
        List<SearchChild> children = repository.children(id);
        boolean pending = false;
        for (SearchChild child : children) {
            if (child.recorded()) {
                continue;
            }
            JobResponse job = live.get(child.jobId());
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
            JobResponse refit = live.get(search.bestJobId());
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
     * cancel never misses one.
     */
    private void queue(UUID id, SearchPlan plan, Caller owner) {
        for (int[] planned : repository.unqueued(id)) {
            int c = planned[0];
            int f = planned[1];
            try {
                boolean open = Boolean.TRUE.equals(tx.execute(status -> {
                    if (repository.lockUnfinished(id).isEmpty()) {
                        return false;
                    }
                    // another round (a poll, another instance) may have queued it while this one waited for the lock
                    if (!repository.isUnqueued(id, c, f)) {
                        return true;
                    }
                    UUID job = jobs.submit(plan.foldSpec(paths, c, f), null, id, owner).job().id();
                    repository.assign(id, c, f, job);
                    return true;
                }));
                if (!open) {
                    return;
                }
            } catch (ApiException e) {
                if (e.status() == HttpStatus.TOO_MANY_REQUESTS) {
                    return;
                }
                // valid when the search was submitted, refused now (e.g. the dataset was deleted)
                repository.recordUnqueued(id, c, f, JobStatus.FAILED, NOT_QUEUED, e.getMessage());
            }
        }
    }

    private void record(SearchPlan plan, JobResponse job, Caller owner) {
        Double score = null;
        if (job.status() == JobStatus.SUCCEEDED) {
            if (plan.metric() == SearchMetric.LOSS) {
                score = job.progress().validationLoss();
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
                UUID job = jobs.submit(plan.refitSpec(paths, best), null, id, owner).job().id();
                repository.bestJob(id, job);
                log.info("Search {}: refit job {} started with {}", id, job, plan.candidates().get(best));
            });
        } catch (ApiException e) {
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

    private SearchResponse view(Search search) {
        SearchPlan plan = plan(search);
        Map<UUID, JobResponse> live = live(search.id());
        List<SearchChild> children = repository.children(search.id());
        List<SearchResponse.Candidate> candidates = SearchViews.candidates(plan, children, live);
        int best = SearchViews.best(plan, candidates);
        SearchResponse.Best b = best < 0 ? null : new SearchResponse.Best(candidates.get(best).params(),
                candidates.get(best).mean(), candidates.get(best).std());
        int done = 0;
        for (SearchChild child : children) {
            JobResponse job = child.jobId() == null ? null : live.get(child.jobId());
            done += child.recorded() || job != null && job.status().isTerminal() ? 1 : 0;
        }
        JobResponse refit = search.bestJobId() == null ? null : live.get(search.bestJobId());
        done += refit != null && refit.status().isTerminal() ? 1 : 0;
        int total = plan.foldJobs() + (plan.refit() ? 1 : 0);
        JobError error = search.errorCode() == null ? null : new JobError(search.errorCode(), search.errorMessage());
        SearchRequest r = plan.request();
        return new SearchResponse(search.id(), search.name(), search.datasetId(), search.status(), r.metric(),
                r.folds(), r.refit(), r.grid(), r.base(), new SearchResponse.Progress(Math.min(done, total), total),
                candidates, b, search.bestJobId(), error, search.createdAt(), search.finishedAt(),
                SearchResponse.Links.of(search.id()));
    }

    private Map<UUID, JobResponse> live(UUID id) {
        return jobs.bySearch(id).stream().collect(Collectors.toMap(JobResponse::id, Function.identity(), (a, b) -> a,
                HashMap::new));
    }

    private SearchPlan plan(Search search) {
        return SearchPlan.of(json.readerFor(SearchRequest.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(search.request()));
    }

    /** The search, if the caller may see it; another owner's search is as absent as an unknown one. */
    private Search require(UUID id, Caller caller) {
        return repository.find(id).filter(s -> caller.canSee(s.owner()))
                .orElseThrow(() -> ApiException.notFound("search", id));
    }

    static ApiException invalidParameter(String name, String message) {
        return ApiException.invalid("'" + name + "' " + message, List.of(new ApiException.FieldError(name, message)));
    }
}
