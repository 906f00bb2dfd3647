package dev.estimator.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;


/**
 * Every statement of {@link JobRepository}, {@link H2JobQueue} and {@link JobLossHistory} on the embedded default
 * database (H2 in PostgreSQL mode, as in application.properties); no Spring context needed.
 */
class JobRepositoryH2Tests {

    static JobRepository repository;
    static JobQueue queue;
    static JobLossHistory lossHistory;

    @BeforeAll
    static void database() {
        DataSource ds = new DriverManagerDataSource("jdbc:h2:mem:jobs-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        JdbcClient jdbc = JdbcClient.create(ds);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(ds);
        lossHistory = new JobLossHistory(jdbc);
        queue = new H2JobQueue(jdbc, new TransactionTemplate(transactions), lossHistory);
        repository = new JobRepository(jdbc, queue);
    }

    @Test
    void aJobGoesThroughTheQueue() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        UUID dataset = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        repository.insert(new NewJob(id, "first", dataset, null, "{}", 100, t0, "key-1", "queue-a"));
        repository.insert(new NewJob(other, null, dataset, UUID.randomUUID(), "{}", 100, t0.plusSeconds(1), null,
                "queue-b"));
        assertThat(repository.findByIdempotencyKey("queue-a", "key-1").orElseThrow().id()).isEqualTo(id);
        assertThat(repository.countQueued()).isEqualTo(2);
        assertThat(repository.inUse(dataset)).isTrue();
        assertThat(repository.page(null, null, dataset, null, 0, 10)).extracting(Job::id).containsExactly(other, id);
        assertThat(repository.count(null, JobStatus.QUEUED, null, null)).isEqualTo(2);
        // owners: each sees its own jobs, and an idempotency key is the owner's own
        assertThat(repository.findByIdempotencyKey("queue-b", "key-1")).isEmpty();
        assertThat(repository.page("queue-a", null, null, null, 0, 10)).extracting(Job::id).containsExactly(id);
        assertThat(repository.count("queue-b", null, null, null)).isEqualTo(1);
        assertThat(repository.countActiveOf("queue-a")).isEqualTo(1);
        assertThat(repository.find(id).orElseThrow().owner()).isEqualTo("queue-a");

        ClaimedJob claimed = queue.claim("h2", t0, t0.plusSeconds(15)).orElseThrow();
        assertThat(claimed.id()).isEqualTo(id);
        assertThat(claimed.attempt()).isEqualTo(1);
        assertThat(claimed.checkpoint()).isNull();
        assertThat(claimed.failures()).isZero();
        assertThat(queue.heartbeat(id, 1, t0.plusSeconds(30))).isTrue();
        assertThat(repository.cancelQueued(other, t0)).isTrue();
        assertThat(queue.claim("h2", t0, t0.plusSeconds(15))).isEmpty();

        List<LossPoint> points = List.of(new LossPoint(0, 2.0, null, 1.0, 0.1, 1),
                new LossPoint(1, 1.5, 1.7, null, 0.1, 2));
        assertThat(queue.flush(id, 1, new ProgressWrite(points, 2, 1.5, 1.7, new byte[] {1, 2, 3}), t0.plusSeconds(30)))
                .isEqualTo(JobQueue.FlushOutcome.WRITTEN);
        assertThat(lossHistory.read(id, 0, 10)).isEqualTo(points);

        // the lease lapses: the job is claimed again, with its checkpoint
        ClaimedJob again = queue.claim("h2-b", t0.plusSeconds(31), t0.plusSeconds(45)).orElseThrow();
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(again.checkpoint()).containsExactly(1, 2, 3);
        assertThat(again.checkpointIteration()).isEqualTo(2);
        assertThat(again.failures()).as("a lapsed run that advanced the checkpoint is no failure").isZero();
        assertThat(again.resumeCause()).isEqualTo("lease-lapsed");
        assertThat(again.resumed()).isTrue();
        assertThat(queue.flush(id, 1, new ProgressWrite(List.of(), 2, 1.5, null, new byte[] {9}), t0))
                .isEqualTo(JobQueue.FlushOutcome.FENCED);
        lossHistory.deleteFrom(id, 2, 1);
        assertThat(lossHistory.read(id, 0, 10)).hasSize(1);

        assertThat(repository.requestCancel(id)).isTrue();
        assertThat(queue.flush(id, 2, new ProgressWrite(List.of(points.get(1)), 2, 1.5, 1.7, new byte[] {4}),
                t0.plusSeconds(50)))
                .isEqualTo(JobQueue.FlushOutcome.CANCEL_REQUESTED);
        assertThat(queue.finish(id, 2, new ProgressWrite(List.of(), 2, 1.5, 1.7, null),
                new JobEnding(JobStatus.SUCCEEDED, null, t0.plusSeconds(51), "{\"r\":1}", "{\"m\":1}"))).isTrue();
        assertThat(repository.result(id).orElseThrow()).isEqualTo(new StoredResult("{\"r\":1}", "{\"m\":1}"));
        Job done = repository.find(id).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.finishedAt()).isEqualTo(t0.plusSeconds(51));
        assertThat(done.validationLoss()).isEqualTo(1.7);
        assertThat(repository.inUse(dataset)).isFalse();
        assertThat(queue.release(id, 2)).isFalse();
        assertThat(repository.countActive()).containsEntry(JobStatus.QUEUED, 0L).containsEntry(JobStatus.RUNNING, 0L);
    }

    @Test
    void failedRunsAreCountedAndAJobRunningHereIsNotClaimedAgain() {
        Instant t0 = Instant.parse("2026-02-01T00:00:00Z");
        UUID id = UUID.randomUUID();
        repository.insert(new NewJob(id, null, UUID.randomUUID(), null, "{}", 100, t0, null, "owner"));
        ClaimedJob first = queue.claim("x", t0, t0.plusSeconds(15)).orElseThrow();
        assertThat(queue.nextLeaseExpiry("y")).contains(t0.plusSeconds(15));
        assertThat(queue.nextLeaseExpiry("x")).isEmpty();
        // an internal error: back to the queue, one failure counted
        assertThat(queue.retry(id, first.attempt())).isTrue();
        assertThat(queue.retry(id, first.attempt())).isFalse();
        ClaimedJob second = queue.claim("x", t0, t0.plusSeconds(15)).orElseThrow();
        assertThat(second.failures()).isEqualTo(1);
        assertThat(second.resumeCause()).isEqualTo("failed");
        // a graceful release counts nothing
        assertThat(queue.release(id, second.attempt())).isTrue();
        ClaimedJob third = queue.claim("x", t0, t0.plusSeconds(15)).orElseThrow();
        assertThat(third.failures()).isEqualTo(1);
        assertThat(third.resumeCause()).isEqualTo("released");
        // its lease lapsed (an outage) while this instance still runs it: not claimed by this instance again
        assertThat(queue.claim("x", t0.plusSeconds(20), t0.plusSeconds(35), Set.of(id), true)).isEmpty();
        ClaimedJob fourth = queue.claim("y", t0.plusSeconds(20), t0.plusSeconds(35)).orElseThrow();
        assertThat(fourth.attempt()).isEqualTo(4);
        assertThat(fourth.failures()).as("the third run made no progress").isEqualTo(2);
        assertThat(fourth.resumeCause()).isEqualTo("lease-lapsed");
        assertThat(queue.finish(id, 4, new ProgressWrite(List.of(), 0, null, null, null),
                new JobEnding(JobStatus.CANCELLED, null, t0, null, null)))
                .isTrue();
    }

    @Test
    void onlyRunsThatAdvancedNoCheckpointCountAsFailed() {
        Instant t = Instant.parse("2026-03-01T00:00:00Z");
        UUID id = UUID.randomUUID();
        repository.insert(new NewJob(id, null, UUID.randomUUID(), null, "{}", 100, t, null, "owner"));
        ClaimedJob run = queue.claim("x", t, t.plusSeconds(15)).orElseThrow();
        assertThat(run.resumed()).isFalse();
        assertThat(run.resumeCause()).isNull();
        // five runs in a row die (or lose the database: their leases lapse) after writing a new checkpoint
        for (int i = 1; i <= 5; i++) {
            assertThat(queue.flush(id, run.attempt(), new ProgressWrite(List.of(), 10 * i, 1.0, null,
                    new byte[] {(byte) i}), t.plusSeconds(15))).isEqualTo(JobQueue.FlushOutcome.WRITTEN);
            t = t.plusSeconds(16);
            run = queue.claim(i % 2 == 0 ? "x" : "y", t, t.plusSeconds(15)).orElseThrow();
            assertThat(run.failures()).as("run %d advanced the checkpoint", i).isZero();
            assertThat(run.checkpointIteration()).isEqualTo(10 * i);
        }
        assertThat(run.attempt()).isEqualTo(6);
        assertThat(repository.find(id).orElseThrow().resumes()).isEqualTo(5);
        // a run that dies before its first new checkpoint counts, however far earlier runs got
        t = t.plusSeconds(16);
        run = queue.claim("x", t, t.plusSeconds(15)).orElseThrow();
        assertThat(run.failures()).isEqualTo(1);
        // so does an internal error without progress, but not one after a new checkpoint
        assertThat(queue.retry(id, run.attempt())).isTrue();
        run = queue.claim("x", t, t.plusSeconds(15)).orElseThrow();
        assertThat(run.failures()).isEqualTo(2);
        queue.flush(id, run.attempt(), new ProgressWrite(List.of(), 70, 1.0, null, new byte[] {7}), t.plusSeconds(15));
        assertThat(queue.retry(id, run.attempt())).isTrue();
        run = queue.claim("x", t, t.plusSeconds(15)).orElseThrow();
        assertThat(run.failures()).isEqualTo(2);
        assertThat(queue.finish(id, run.attempt(), new ProgressWrite(List.of(), 70, null, null, null),
                new JobEnding(JobStatus.CANCELLED, null, t, null, null))).isTrue();
    }

    @Test
    void pollsReadRowsWithoutTheirSpecManyAtATime() {
        Instant t0 = Instant.parse("2026-01-02T00:00:00Z");
        UUID id = UUID.randomUUID();
        repository.insert(new NewJob(id, "poll", UUID.randomUUID(), UUID.randomUUID(), "{\"target\":\"y\"}", 50, t0,
                null, "a"));
        assertThat(queue.claim("h2-poll", t0, t0.plusSeconds(15)).orElseThrow().id()).isEqualTo(id);
        queue.flush(id, 1, new ProgressWrite(List.of(new LossPoint(0, 2.0, null, null, 0.1, 1)), 1, 2.0, null, null),
                t0.plusSeconds(15));
        List<UUID> others = new ArrayList<>();
        for (int i = 0; i < JobRepository.MAX_IDS_PER_READ + 4; i++) {
            UUID other = UUID.randomUUID();
            repository.insert(new NewJob(other, null, UUID.randomUUID(), null, "{}", 10, t0.plusSeconds(1), null, "a"));
            repository.cancelQueued(other, t0.plusSeconds(2));
            others.add(other);
        }

        Job full = repository.find(id).orElseThrow();
        assertThat(full.spec()).isEqualTo("{\"target\":\"y\"}");
        Job withoutSpec = new Job(full.id(), full.name(), full.datasetId(), full.searchId(), full.status(), null,
                full.maxIterations(), full.iteration(), full.loss(), full.validationLoss(), full.createdAt(),
                full.startedAt(), full.finishedAt(), full.errorCode(), full.errorMessage(), full.cancelRequested(),
                full.attempt(), full.owner());
        UUID missing = UUID.randomUUID();
        assertThat(repository.findWithoutSpec(Set.of(id))).containsExactly(Map.entry(id, withoutSpec));
        assertThat(repository.findWithoutSpec(Set.of(missing))).isEmpty();
        // 3 ids: padded to 4
        assertThat(repository.findWithoutSpec(List.of(id, missing, others.get(0))))
                .containsOnlyKeys(id, others.get(0)).containsEntry(id, withoutSpec);
        // more than one statement's worth
        List<UUID> many = new ArrayList<>(others);
        many.add(id);
        Map<UUID, Job> rows = repository.findWithoutSpec(many);
        assertThat(rows).hasSize(many.size()).containsEntry(id, withoutSpec);
        assertThat(rows.get(others.get(5)).status()).isEqualTo(JobStatus.CANCELLED);

        // leave nothing active for the other tests of this database
        assertThat(queue.finish(id, 1, new ProgressWrite(List.of(), 1, 2.0, null, null),
                new JobEnding(JobStatus.CANCELLED, null, t0.plusSeconds(1), null, null))).isTrue();
    }
}
