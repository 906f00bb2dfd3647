package dev.estimator.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;

import dev.estimator.job.JobStatus;

/**
 * The search tables' statements on the test database (migrated by Flyway), without the rest of the application:
 * each step of a search is guarded in the database, so that any instance may take it at any time. Each test runs
 * in a transaction that is rolled back.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(SearchRepository.class)
class SearchRepositoryTest {

    static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456Z");

    @Autowired
    SearchRepository repository;

    UUID search = UUID.randomUUID();

    @BeforeEach
    void search() {
        repository.insert(search, "s", UUID.randomUUID(), "team", "{}", CREATED);
        for (int c = 0; c < 2; c++) {
            for (int f = 0; f < 2; f++) {
                repository.insertChild(search, c, f);
            }
        }
    }

    @Test
    void plannedJobsAreQueuedOnceInCandidateThenFoldOrder() {
        assertThat(repository.unqueued(search)).extracting(p -> p[0] * 10 + p[1]).containsExactly(0, 1, 10, 11);
        UUID job = UUID.randomUUID();

        repository.assign(search, 0, 1, job);
        repository.assign(search, 0, 1, UUID.randomUUID());

        assertThat(repository.isUnqueued(search, 0, 1)).isFalse();
        assertThat(repository.isUnqueued(search, 1, 0)).isTrue();
        assertThat(repository.children(search).get(1).jobId()).isEqualTo(job);
        assertThat(repository.unqueued(search)).extracting(p -> p[0] * 10 + p[1]).containsExactly(0, 10, 11);
    }

    @Test
    void aJobIsRecordedOnceAndARefusedOneIsNotQueuedAnyMore() {
        UUID job = UUID.randomUUID();
        repository.assign(search, 0, 0, job);

        repository.record(job, JobStatus.SUCCEEDED, 0.25, null, null);
        repository.record(job, JobStatus.FAILED, null, "LATE", "a second reconciler's write");
        repository.recordUnqueued(search, 1, 1, JobStatus.FAILED, SearchDriver.NOT_QUEUED, "dataset gone");

        SearchChild recorded = repository.children(search).get(0);
        assertThat(recorded.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(recorded.score()).isEqualTo(0.25);
        assertThat(recorded.errorCode()).isNull();
        SearchChild refused = repository.children(search).get(3);
        assertThat(refused.recorded()).isTrue();
        assertThat(refused.errorMessage()).isEqualTo("dataset gone");
        assertThat(repository.unqueued(search)).extracting(p -> p[0] * 10 + p[1]).containsExactly(1, 10);
    }

    @Test
    void aSearchEndsOnceAndIsReconciledOnlyWhileItHasWorkLeft() {
        assertThat(repository.find(search).orElseThrow().createdAt()).isEqualTo(CREATED);
        assertThat(repository.toReconcile()).contains(search);
        assertThat(repository.lockUnfinished(search)).isPresent();

        Instant end = CREATED.plusSeconds(60);
        assertThat(repository.finish(search, SearchStatus.CANCELLED, null, null, end)).isTrue();
        assertThat(repository.finish(search, SearchStatus.SUCCEEDED, null, null, end)).isFalse();

        Search cancelled = repository.find(search).orElseThrow();
        assertThat(cancelled.status()).isEqualTo(SearchStatus.CANCELLED);
        assertThat(cancelled.finishedAt()).isEqualTo(end);
        assertThat(repository.lockUnfinished(search)).isEmpty();
        // cancelled with children not recorded: still reconciled, until they are
        assertThat(repository.toReconcile()).contains(search);
        repository.cancelUnqueued(search);
        assertThat(repository.toReconcile()).doesNotContain(search);
    }
}
