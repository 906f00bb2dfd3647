package dev.estimator.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;

import dev.estimator.SettableClock;
import dev.estimator.dataset.DatasetNotFoundException;
import dev.estimator.job.JobError;
import dev.estimator.job.JobResult;
import dev.estimator.job.JobService;
import dev.estimator.job.JobSnapshot;
import dev.estimator.job.JobStatus;
import dev.estimator.job.QueueFull;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The driver without a Spring context or a database: the search's rows are a stand-in repository, its jobs a
 * stand-in job service that answers in domain terms (snapshots, {@link QueueFull}), time a settable clock.
 */
class SearchDriverTest {

    static final UUID SEARCH = UUID.randomUUID();
    static final String OWNER = "team";

    final JsonMapper json = JsonMapper.builder().build();
    final SearchRepository repository = mock(SearchRepository.class);
    final JobService jobs = mock(JobService.class);
    final SettableClock clock = new SettableClock(Instant.parse("2026-01-02T03:04:05Z"));
    SearchDriver driver;
    SearchPlan plan;

    @BeforeEach
    void driver() {
        driver = new SearchDriver(repository, new GridPaths(json), jobs, new SearchMetrics(new SimpleMeterRegistry()),
                json, mock(PlatformTransactionManager.class), clock);
        // two learning rates, two folds: four fold jobs, no refit
        plan = SearchPlan.of(new SearchRequest("s", SearchPlannerTest.base(),
                Map.of("optimizer.learningRate", List.of(0.01, 0.1)), 2, "loss", false));
        when(repository.find(SEARCH)).thenReturn(Optional.of(search(SearchStatus.RUNNING)));
        when(repository.lockUnfinished(SEARCH)).thenReturn(Optional.of(search(SearchStatus.RUNNING)));
    }

    Search search(SearchStatus status) {
        return new Search(SEARCH, "s", UUID.randomUUID(), OWNER, status, json.writeValueAsString(plan.request()),
                Instant.EPOCH, null, null, null, null);
    }

    @Test
    void queuesPlannedJobsUntilTheQueueIsFullAndLeavesTheRestForTheNextRound() {
        when(repository.unqueued(SEARCH)).thenReturn(List.of(new int[] {0, 0}, new int[] {0, 1}, new int[] {1, 0}));
        when(repository.isUnqueued(eq(SEARCH), anyInt(), anyInt())).thenReturn(true);
        UUID first = UUID.randomUUID();
        // the three are first tried in one transaction, which the refusal of the second rolls back (its assignment of
        // a job to the first with it); then one a transaction, up to the first refused for lack of room
        when(jobs.submitForSearch(any(), eq(SEARCH), any())).thenReturn(UUID.randomUUID())
                .thenThrow(new QueueFull(1000, 1000)).thenReturn(first).thenThrow(new QueueFull(1000, 1000));

        driver.queue(SEARCH, plan, dev.estimator.security.Caller.of(OWNER));

        verify(repository).assign(SEARCH, 0, 0, first);
        verify(repository, never()).assign(eq(SEARCH), eq(0), eq(1), any());
        verify(repository, never()).recordUnqueued(any(), anyInt(), anyInt(), any(), any(), any());
        // the third was not even tried one by one: the queue is full for every job of the search alike
        verify(jobs, org.mockito.Mockito.times(4)).submitForSearch(any(), eq(SEARCH), any());
    }

    @Test
    void aJobRefusedForGoodIsRecordedAsNotQueuedAndTheNextIsQueued() {
        when(repository.unqueued(SEARCH)).thenReturn(List.of(new int[] {0, 0}, new int[] {0, 1}));
        when(repository.isUnqueued(eq(SEARCH), anyInt(), anyInt())).thenReturn(true);
        UUID second = UUID.randomUUID();
        UUID dataset = UUID.randomUUID();
        // refused in the transaction that tries both (rolled back), then again when tried alone
        when(jobs.submitForSearch(any(), eq(SEARCH), any())).thenThrow(new DatasetNotFoundException(dataset))
                .thenThrow(new DatasetNotFoundException(dataset)).thenReturn(second);

        driver.queue(SEARCH, plan, dev.estimator.security.Caller.of(OWNER));

        verify(repository).recordUnqueued(SEARCH, 0, 0, JobStatus.FAILED, SearchDriver.NOT_QUEUED,
                "dataset " + dataset + " does not exist");
        verify(repository).assign(SEARCH, 0, 1, second);
    }

    @Test
    void recordsFinishedJobsByTheirValidationLossAndEndsTheSearchAtTheClocksTime() {
        List<SearchChild> children = new ArrayList<>();
        List<JobSnapshot> live = new ArrayList<>();
        double[][] losses = {{0.5, 0.7}, {0.2, 0.4}};
        for (int c = 0; c < 2; c++) {
            for (int f = 0; f < 2; f++) {
                UUID job = UUID.randomUUID();
                children.add(new SearchChild(c, f, job, JobStatus.SUCCEEDED, losses[c][f], null, null));
                live.add(new JobSnapshot(job, JobStatus.SUCCEEDED, losses[c][f], null));
            }
        }
        when(repository.children(SEARCH)).thenReturn(children);
        when(jobs.bySearch(SEARCH)).thenReturn(live);
        when(repository.finish(any(), any(), any(), any(), any())).thenReturn(true);

        driver.reconcile(SEARCH);

        verify(repository).finish(SEARCH, SearchStatus.SUCCEEDED, null, null, clock.instant());
        List<SearchResponse.Candidate> candidates = SearchViews.candidates(plan, children, Map.of());
        assertThat(SearchViews.best(plan, candidates)).isEqualTo(1);
        assertThat(candidates.get(1).mean()).isEqualTo(0.3, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void aNewlyFinishedJobIsScoredFromItsSnapshotAndAFailedOneKeepsItsError() {
        UUID done = UUID.randomUUID();
        UUID failed = UUID.randomUUID();
        when(repository.children(SEARCH)).thenReturn(List.of(
                new SearchChild(0, 0, done, null, null, null, null),
                new SearchChild(0, 1, failed, null, null, null, null),
                new SearchChild(1, 0, null, null, null, null, null),
                new SearchChild(1, 1, null, null, null, null, null)));
        when(jobs.bySearch(SEARCH)).thenReturn(List.of(new JobSnapshot(done, JobStatus.SUCCEEDED, 0.25, null),
                new JobSnapshot(failed, JobStatus.FAILED, null, new JobError("DIVERGED", "the loss grew"))));
        JobResult converged = result("TOLERANCE");
        when(jobs.result(eq(done), any())).thenReturn(converged);

        driver.reconcile(SEARCH);

        verify(repository).record(done, JobStatus.SUCCEEDED, 0.25, null, null);
        verify(repository).record(failed, JobStatus.FAILED, null, "DIVERGED", "the loss grew");
        verify(repository, never()).finish(any(), any(), any(), any(), any());
    }

    private static JobResult result(String stopReason) {
        JobResult result = mock(JobResult.class);
        when(result.stopReason()).thenReturn(stopReason);
        return result;
    }
}
