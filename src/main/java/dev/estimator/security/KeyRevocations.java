package dev.estimator.security;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.estimator.database.DatabaseListener;

/**
 * Keeps {@link KeyCache} true to the key table when several instances share a PostgreSQL database: a thread of
 * its own holds one pooled connection that LISTENs on {@link #CHANNEL}, where a revocation NOTIFYs the key's id
 * when it commits ({@link ApiKeyRepository#delete}), and evicts that key here.
 * <p>
 * Every {@link #WAIT_MILLIS} it makes a round trip on that connection, after which every notification
 * committed before the round trip began has arrived; only then does it extend the cache's trust, by
 * {@link KeyCache#TRUST_NANOS} from that moment. Cut off or stalled, it extends nothing, and within a second
 * requests read the table again. A broken connection is replaced (after {@link #RETRY_MILLIS}), and the cache
 * is emptied before it is trusted again, for whatever was missed meanwhile.
 * <p>
 * On H2 (one instance) and in the modes without stored keys nothing listens.
 */
@Component
class KeyRevocations extends DatabaseListener {

    static final String CHANNEL = "estimator_api_keys";

    private static final Logger log = LoggerFactory.getLogger(KeyRevocations.class);
    /** Between round trips: well under the cache's trust, so that a busy machine does not let it lapse. */
    static final int WAIT_MILLIS = 200;
    private static final int RETRY_MILLIS = 1000;
    /** A round trip that takes longer breaks the connection (the server or the network is gone). */
    private static final int NETWORK_TIMEOUT_MILLIS = 5000;

    private final DataSource dataSource;
    private final KeyCache cache;
    private final boolean listen;

    KeyRevocations(DataSource dataSource, KeyCache cache, ApiKeyRepository repository, SecurityProperties properties) {
        super("api-key-revocations", 2L * WAIT_MILLIS);
        this.dataSource = dataSource;
        this.cache = cache;
        this.listen = repository.onPostgres() && properties.mode() == SecurityMode.API_KEY;
        if (!repository.onPostgres()) {
            cache.trustAlways();
        }
    }

    @Override
    protected boolean enabled() {
        return listen;
    }

    @Override
    protected void listen() {
        Executor direct = Runnable::run;
        boolean lost = false;
        while (listening()) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setNetworkTimeout(direct, NETWORK_TIMEOUT_MILLIS);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen " + CHANNEL);
                    // revocations committed before the LISTEN were never sent to this session
                    cache.evictAll();
                    if (lost) {
                        log.info("Listening for API key revocations again");
                        lost = false;
                    }
                    PGConnection pg = connection.unwrap(PGConnection.class);
                    while (listening()) {
                        long start = System.nanoTime();
                        statement.execute("select 1");
                        apply(pg.getNotifications());
                        cache.confirmedAt(start);
                        apply(pg.getNotifications(WAIT_MILLIS));
                    }
                    // back to the pool: a later borrower must not collect notifications
                    statement.execute("unlisten *");
                }
            } catch (SQLException | RuntimeException e) {
                cache.distrust();
                if (!listening()) {
                    return;
                }
                if (!lost) {
                    log.warn("API key revocations lost their connection: keys are read from the database on every "
                            + "request until it is back ({})", e.toString());
                    lost = true;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void apply(PGNotification[] notifications) {
        if (notifications == null) {
            return;
        }
        for (PGNotification n : notifications) {
            try {
                cache.evict(UUID.fromString(n.getParameter()));
            } catch (IllegalArgumentException e) {
                // not ours to understand: be safe
                cache.evictAll();
            }
        }
    }

    @Override
    protected void stopping() {
        cache.distrust();
    }
}
