package dev.estimator.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.estimator.database.DatabaseDialect;
import dev.estimator.database.DatabaseListener;

/**
 * Prompt wake-up of idle runners on every instance: on PostgreSQL, a thread of its own holds one connection of
 * the pool that LISTENs on {@link #CHANNEL}, where the repository NOTIFYs whenever a job becomes claimable
 * (submitted, released at shutdown, queued again after a failure), and wakes this instance's runner. When the
 * connection breaks it reconnects with a growing delay (up to {@link Backoff#MAX}) and wakes the runner once
 * it listens again, for whatever it missed meanwhile; the runner's poll covers the gap. On H2 (one instance)
 * nothing listens: the runner is woken directly and polls.
 *
 * <p>The same session holds this instance's presence lock: a session-level advisory lock keyed by
 * ({@link #PRESENCE_LOCK}, {@code hashtext(instance id)}). When the process dies, its connections close and
 * the server drops the lock at once; other instances then claim its jobs as soon as their leases go a
 * heartbeat interval without renewal, instead of waiting for them to lapse (see {@link PostgresJobQueue}).
 */
@Component
class JobNotifications extends DatabaseListener {

    static final String CHANNEL = "estimator_jobs";
    /** First key of the presence lock ("ESTI"), keeping it apart from other advisory locks. */
    static final int PRESENCE_LOCK = 0x45535449;

    private static final Logger log = LoggerFactory.getLogger(JobNotifications.class);
    /** How long one wait for notifications blocks; also how soon the thread notices it should stop. */
    private static final int WAIT_MILLIS = 500;

    private final DataSource dataSource;
    private final DatabaseDialect dialect;
    private final JobRunner runner;

    JobNotifications(DataSource dataSource, DatabaseDialect dialect, JobRunner runner) {
        super("job-notifications", 2L * WAIT_MILLIS);
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.runner = runner;
    }

    @Override
    protected boolean enabled() {
        return dialect.postgres();
    }

    @Override
    protected void listen() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Backoff.MAX);
        boolean lost = false;
        while (listening()) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("listen " + CHANNEL);
                }
                try (PreparedStatement presence = connection.prepareStatement(
                        "select pg_try_advisory_lock(" + PRESENCE_LOCK + ", hashtext(?))")) {
                    // false while a session of a former process with the same instance id lingers: the leases
                    // of this instance's jobs then simply run their full length
                    presence.setString(1, runner.instanceId());
                    presence.execute();
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                if (lost) {
                    log.info("Listening for job notifications again");
                    lost = false;
                }
                backoff.reset();
                runner.wake();
                while (listening()) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        runner.wake();
                    }
                }
                // back to the pool: a later borrower must neither collect notifications nor hold the lock
                try (Statement unlisten = connection.createStatement()) {
                    unlisten.execute("unlisten *");
                    unlisten.execute("select pg_advisory_unlock_all()");
                }
            } catch (SQLException | RuntimeException e) {
                if (!listening()) {
                    return;
                }
                lost = true;
                long delay = backoff.nextNanos();
                log.warn("Job notifications lost their connection, reconnecting in {} ms (polling meanwhile): {}",
                        delay / 1_000_000, e.toString());
                try {
                    TimeUnit.NANOSECONDS.sleep(delay);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
