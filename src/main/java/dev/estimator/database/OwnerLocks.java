package dev.estimator.database;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The lock that makes an owner's check-then-write sequences happen one after the other, whichever instance and
 * thread runs them: a quota check and the insert it allows (uploads, job submissions), and the
 * last-administrator-key check and the revocation. Without it, two concurrent requests would both pass the check
 * before either writes.
 * <p>
 * A lock is held from {@link #hold} until the current transaction ends. On PostgreSQL it is a transaction-level
 * advisory lock keyed by ({@link Purpose#key}, {@code hashtext(name)}), which every instance sharing the database
 * honours and the server drops with the transaction. On H2 the service runs as one instance (the embedded
 * database file is its own), so a lock of this JVM per purpose and name does the same; it is released when the
 * transaction completes, committed or not.
 */
@Component
public class OwnerLocks {

    /** What a lock guards; each has its own locks, so that an owner's long upload never holds up its jobs. */
    public enum Purpose {
        /** Stored API keys: the first administrator key, the last administrator key. */
        API_KEYS(0x65737401),
        /** An owner's uploads: the stored-bytes quota. */
        UPLOADS(0x65737402),
        /** An owner's job submissions: the active-jobs quota. */
        SUBMISSIONS(0x65737403);

        /** First key of the PostgreSQL advisory lock ("est" and a number), apart from other advisory locks. */
        final int key;

        Purpose(int key) {
            this.key = key;
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final boolean postgres;
    private final Map<String, ReentrantLock> local = new ConcurrentHashMap<>();

    public OwnerLocks(JdbcClient jdbc, PlatformTransactionManager transactionManager, DatabaseDialect dialect) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactionManager);
        this.postgres = dialect.postgres();
    }

    /**
     * Within a transaction: waits until no other transaction holds the lock of ({@code purpose}, {@code name}),
     * then holds it until this one ends.
     *
     * @throws IllegalStateException outside a transaction, where there would be nothing to release it
     */
    public void hold(Purpose purpose, String name) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("an owner lock is held until its transaction ends: start one first");
        }
        if (postgres) {
            jdbc.sql("select pg_advisory_xact_lock(:key, hashtext(:name))").param("key", purpose.key)
                    .param("name", name).query((rs, n) -> 1).list();
            return;
        }
        ReentrantLock lock = local.computeIfAbsent(purpose.name() + '\0' + name, k -> new ReentrantLock());
        lock.lock();
        // afterCompletion runs on this thread, which holds the ReentrantLock, whatever the outcome
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                lock.unlock();
            }
        });
    }

    /** Runs {@code work} in a transaction (this thread's, or a new one) that holds the lock while it runs. */
    public <T> T whileHolding(Purpose purpose, String name, Supplier<T> work) {
        return tx.execute(status -> {
            hold(purpose, name);
            return work.get();
        });
    }
}
