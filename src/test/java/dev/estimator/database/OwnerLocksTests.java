package dev.estimator.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.estimator.TestDatabase;

/**
 * The one owner lock on both databases: a second holder of an owner's lock waits for the first transaction to
 * end, other owners and purposes do not, and concurrent check-then-insert sequences cannot pass a limit together.
 */
class OwnerLocksTests {

    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final String table = "owner_lock_rows_" + UUID.randomUUID().toString().replace("-", "");
    private JdbcClient jdbc;

    @AfterEach
    void stop() {
        threads.shutdownNow();
        if (jdbc != null) {
            jdbc.sql("drop table if exists " + table).update();
        }
    }

    private OwnerLocks locks(String database) {
        DataSource ds = database.equals("h2")
                ? new DriverManagerDataSource("jdbc:h2:mem:" + table + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1", "sa", "")
                : new DriverManagerDataSource(TestDatabase.url(), TestDatabase.user(), TestDatabase.password());
        jdbc = JdbcClient.create(ds);
        DatabaseDialect dialect = DatabaseDialect.of(ds);
        assertThat(dialect.postgres()).isEqualTo(database.equals("postgres"));
        jdbc.sql("create table " + table + " (owner varchar(100) not null)").update();
        return new OwnerLocks(jdbc, new DataSourceTransactionManager(ds), dialect);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2"})
    void aSecondHolderWaitsUntilTheFirstTransactionEndsAndOthersDoNot(String database) throws Exception {
        OwnerLocks locks = locks(database);
        CountDownLatch held = new CountDownLatch(1);
        AtomicLong firstEnded = new AtomicLong();
        Future<?> first = threads.submit(() -> locks.whileHolding(OwnerLocks.Purpose.SUBMISSIONS, "alice", () -> {
            held.countDown();
            sleep(400);
            firstEnded.set(System.nanoTime());
            return null;
        }));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        // another owner, and the same owner's lock of another purpose, are free meanwhile
        long otherOwner = timed(() -> locks.whileHolding(OwnerLocks.Purpose.SUBMISSIONS, "bob", () -> null));
        long otherPurpose = timed(() -> locks.whileHolding(OwnerLocks.Purpose.UPLOADS, "alice", () -> null));
        assertThat(otherOwner).isLessThan(300);
        assertThat(otherPurpose).isLessThan(300);
        AtomicLong secondGot = new AtomicLong();
        threads.submit(() -> locks.whileHolding(OwnerLocks.Purpose.SUBMISSIONS, "alice", () -> {
            secondGot.set(System.nanoTime());
            return null;
        })).get(10, TimeUnit.SECONDS);
        first.get(10, TimeUnit.SECONDS);
        assertThat(secondGot.get()).isGreaterThanOrEqualTo(firstEnded.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2"})
    void concurrentChecksAndInsertsCannotPassALimitTogether(String database) throws Exception {
        OwnerLocks locks = locks(database);
        int limit = 3;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            attempts.add(threads.submit(() -> {
                start.await();
                return locks.whileHolding(OwnerLocks.Purpose.SUBMISSIONS, "alice", () -> {
                    long count = jdbc.sql("select count(*) from " + table + " where owner = 'alice'")
                            .query(Long.class).single();
                    if (count >= limit) {
                        return false;
                    }
                    // widen the window between the check and the insert: without the lock, others pass the check
                    sleep(50);
                    jdbc.sql("insert into " + table + " (owner) values ('alice')").update();
                    return true;
                });
            }));
        }
        start.countDown();
        int passed = 0;
        for (Future<Boolean> attempt : attempts) {
            passed += attempt.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(passed).isEqualTo(limit);
        assertThat(jdbc.sql("select count(*) from " + table).query(Long.class).single()).isEqualTo(limit);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2"})
    void aRolledBackTransactionReleasesItsLock(String database) throws Exception {
        OwnerLocks locks = locks(database);
        assertThatThrownBy(() -> locks.whileHolding(OwnerLocks.Purpose.API_KEYS, "keys", () -> {
            throw new IllegalArgumentException("refused");
        })).isInstanceOf(IllegalArgumentException.class);
        // from another thread: a lock of this JVM left held by the failed transaction would block it for good
        assertThat(threads.submit(() -> locks.whileHolding(OwnerLocks.Purpose.API_KEYS, "keys", () -> "free"))
                .get(5, TimeUnit.SECONDS)).isEqualTo("free");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2"})
    void holdingOutsideATransactionIsRefused(String database) {
        OwnerLocks locks = locks(database);
        assertThatThrownBy(() -> locks.hold(OwnerLocks.Purpose.UPLOADS, "alice"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("transaction");
    }

    private static long timed(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
