package dev.estimator.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.estimator.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The runner on its own: an embedded database for the queue, a clock the test sets, and an execution that only
 * records the runs it is handed and holds them until the test lets them end. Leases lapse because the test
 * moves the clock, never because it sleeps.
 */
class JobRunnerTests {

    private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");
    /** Also sets the heartbeat's real-time period (a third of it); leases themselves follow the test's clock. */
    private static final Duration LEASE = Duration.ofMillis(300);

    private final SettableClock clock = new SettableClock(T0);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BlockingQueue<RunningJob> runs = new LinkedBlockingQueue<>();
    private final CountDownLatch finish = new CountDownLatch(1);
    private JdbcClient jdbc;
    private JobRepository repository;
    private JobQueue queue;
    private JobRunner runner;

    /** Hands every run to the test and holds it until {@link #finish} opens. */
    final class RecordingExecution extends JobExecution {

        RecordingExecution() {
            super(null, null, null, null, null, null, null, null, null, null, null);
        }

        @Override
        void run(RunningJob job, ForkJoinPool pool) {
            runs.add(job);
            try {
                finish.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @BeforeEach
    void runner() {
        DataSource ds = new DriverManagerDataSource("jdbc:h2:mem:runner-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(ds);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(ds);
        queue = new H2JobQueue(jdbc, new TransactionTemplate(transactions), new JobLossHistory(jdbc));
        repository = new JobRepository(jdbc, queue);
        // polls once an hour: the runner claims at start and when woken
        JobProperties properties = new JobProperties(100, 2, 1, Duration.ofHours(1), LEASE, Duration.ofSeconds(1),
                Duration.ofSeconds(1), 30, 100, Duration.ofSeconds(1), "runner-test", 3, Duration.ofSeconds(60));
        runner = new JobRunner(repository, queue, new RecordingExecution(), new JobMetrics(meters),
                properties, new JobDatabaseHealthIndicator(clock), clock);
    }

    @AfterEach
    void stop() {
        finish.countDown();
        runner.stop();
    }

    @Test
    void claimsWhatIsQueuedAndRenewsItsLeaseByTheClock() throws Exception {
        UUID id = insert("queued");
        runner.start();
        RunningJob run = runs.poll(30, TimeUnit.SECONDS);
        assertThat(run).isNotNull();
        assertThat(run.id()).isEqualTo(id);
        assertThat(run.attempt()).isEqualTo(1);
        assertThat(leaseOf(id)).isEqualTo(T0.plus(LEASE));
        assertThat(meters.find("estimator.jobs.resumed").counter()).isNull();
    }

    @Test
    void aJobWhoseLeaseLapsedByTheClockIsResumedHereAndCountedByCause() throws Exception {
        UUID id = insert("elsewhere");
        // another instance claimed it and wrote a checkpoint, then went silent
        ClaimedJob elsewhere = queue.claim("other", T0, T0.plus(LEASE)).orElseThrow();
        queue.flush(id, elsewhere.attempt(), new ProgressWrite(List.of(), 10, 1.0, null, new byte[] {1}),
                T0.plus(LEASE));
        runner.start();
        assertThat(runs.poll(300, TimeUnit.MILLISECONDS)).as("claimed before its lease lapsed").isNull();

        clock.advance(LEASE.plusSeconds(1));
        runner.wake();
        RunningJob run = runs.poll(30, TimeUnit.SECONDS);
        assertThat(run).isNotNull();
        assertThat(run.id()).isEqualTo(id);
        assertThat(run.attempt()).isEqualTo(2);
        assertThat(run.claim().checkpointIteration()).isEqualTo(10);
        assertThat(run.claim().failures()).as("the lapsed run had written a checkpoint").isZero();
        assertThat(meters.get("estimator.jobs.resumed").tag("cause", "lease-lapsed").counter().count())
                .isEqualTo(1.0);
        assertThat(repository.find(id).orElseThrow().resumes()).isEqualTo(1);
        assertThat(leaseOf(id)).isEqualTo(T0.plus(LEASE).plusSeconds(1).plus(LEASE));
    }

    @Test
    void aRunWhoseJobWasClaimedElsewhereIsFencedByItsHeartbeat() throws Exception {
        UUID id = insert("fenced");
        runner.start();
        RunningJob run = runs.poll(30, TimeUnit.SECONDS);
        assertThat(run).isNotNull();
        assertThat(run.fenced()).isFalse();
        // another instance, whose clock says this run's lease lapsed, takes the job
        Instant later = T0.plus(LEASE).plusSeconds(1);
        assertThat(queue.claim("other", later, later.plus(LEASE))).isPresent();
        await(run::fenced, "the heartbeat fences the run");
        assertThat(repository.find(id).orElseThrow().attempt()).isEqualTo(2);
    }

    private UUID insert(String name) {
        UUID id = UUID.randomUUID();
        repository.insert(new NewJob(id, name, UUID.randomUUID(), null, "{}", 100, T0, null, "owner"));
        return id;
    }

    private Instant leaseOf(UUID id) {
        return jdbc.sql("select lease_expires_at from job where id = :id").param("id", id)
                .query(OffsetDateTime.class).single().toInstant();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
