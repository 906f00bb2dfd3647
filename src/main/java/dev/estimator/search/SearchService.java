package dev.estimator.search;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.estimator.job.JobError;
import dev.estimator.job.JobResponse;
import dev.estimator.job.JobService;
import dev.estimator.security.Caller;
import dev.estimator.web.PageSize;
import dev.estimator.web.ApiException;
import dev.estimator.web.PageResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Grid searches for the REST controller: submit, read, list, cancel. A search is stored with its planned jobs;
 * from then on the {@link SearchDriver} moves it on from what the database holds.
 */
@Service
public class SearchService {


    private final SearchRepository repository;
    private final SearchPlanner planner;
    private final SearchDriver driver;
    private final JobService jobs;
    private final SearchMetrics metrics;
    private final JsonMapper json;
    private final TransactionTemplate tx;
    private final Clock clock;

    SearchService(SearchRepository repository, SearchPlanner planner, SearchDriver driver, JobService jobs,
            SearchMetrics metrics, JsonMapper json, PlatformTransactionManager transactionManager, Clock clock) {
        this.repository = repository;
        this.planner = planner;
        this.driver = driver;
        this.jobs = jobs;
        this.metrics = metrics;
        this.json = json;
        this.tx = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * Validates the search, stores it with its planned jobs and queues as many of them as the owner's active-jobs
     * quota and the queue take; the {@link SearchDriver} queues the rest as room frees up.
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
        driver.queue(id, plan, Caller.of(caller.owner()));
        // nothing has finished yet: no reconcile (which would try to queue the same jobs again)
        return view(require(id, caller));
    }

    /** The search, brought up to date with its jobs first. @throws ApiException 404, also for another owner's */
    SearchResponse get(UUID id, Caller caller) {
        require(id, caller);
        driver.reconcile(id);
        return view(require(id, caller));
    }

    /**
     * The search brought up to date with its jobs, whoever owns it: for the long polls and event streams of a
     * search whose caller was allowed to see it when they started.
     */
    Optional<SearchResponse> current(UUID id) {
        if (repository.find(id).isEmpty()) {
            return Optional.empty();
        }
        driver.reconcile(id);
        return repository.find(id).map(this::view);
    }

    /** The searches the caller may see, newest first. */
    PageResponse<SearchResponse> list(Caller caller, int page, int size) {
        if (page < 0) {
            throw invalidParameter("page", "must be 0 or more");
        }
        if (size < 1) {
            throw invalidParameter("size", "must be 1 or more");
        }
        size = PageSize.clamp(size);
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

    private SearchResponse view(Search search) {
        SearchPlan plan = driver.plan(search);
        Map<UUID, JobResponse> live = driver.live(search.id());
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
        // The fold jobs only: the refit shows in bestJobId and the search's status.
        int total = plan.foldJobs();
        JobError error = search.errorCode() == null ? null : new JobError(search.errorCode(), search.errorMessage());
        SearchRequest r = plan.request();
        return new SearchResponse(search.id(), search.name(), search.datasetId(), search.status(), r.metric(),
                r.folds(), r.refit(), r.grid(), r.base(), new SearchResponse.Progress(Math.min(done, total), total),
                candidates, b, search.bestJobId(), error, search.createdAt(), search.finishedAt(),
                SearchResponse.Links.of(search.id()));
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
