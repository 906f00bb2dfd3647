package dev.estimator.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.estimator.database.JdbcValues;

/**
 * The queue on PostgreSQL, shared by several instances: the claim is one statement with SKIP LOCKED, and a job
 * that became claimable is announced with NOTIFY to every instance's runner ({@link JobNotifications}).
 */
final class PostgresJobQueue extends JobQueue {

    /**
     * A RUNNING job is claimable early when its instance is gone: its lease was not renewed for a heartbeat
     * interval (a third of the lease, {@code :stale}) and no session holds the instance's presence lock
     * ({@link JobNotifications}), which the server drops the moment the process dies. The server drops every lock
     * when it restarts too, and live instances take theirs again only as they reconnect: so the absence of a lock
     * says nothing until the server has been up for a lease ({@code :leaseSeconds}), nor while the claimer itself
     * has just got the database back from an outage ({@code :presence} false), when the others are likely still
     * reconnecting and renewing their leases after the same outage.
     */
    private static final String CLAIMABLE = """
            (status = 'QUEUED' or (status = 'RUNNING' and (lease_expires_at < :now
                or (:presence and lease_expires_at < :stale
                    and pg_postmaster_start_time() < now() - make_interval(secs => :leaseSeconds)
                    and hashtext(instance_id)::oid not in (
                    select objid from pg_locks where locktype = 'advisory' and granted and objsubid = 2
                       and classid = %d
                       and database = (select oid from pg_database where datname = current_database()))))))"""
            .formatted(JobNotifications.PRESENCE_LOCK);

    PostgresJobQueue(JdbcClient jdbc, TransactionTemplate tx, JobLossHistory loss) {
        super(jdbc, tx, loss);
    }

    @Override
    Optional<ClaimedJob> claim(String instance, Instant now, Instant leaseUntil, Collection<UUID> excluded,
            boolean presence) {
        List<UUID> skip = notIn(excluded);
        Duration lease = Duration.between(now, leaseUntil);
        // stale: now + two thirds of the lease, a lease not renewed for a third of it
        return jdbc.sql("""
                update job set %s
                 where id = (select id from job where %s and id not in (:excluded)
                              order by created_at limit 1 for update skip locked)
                   and %s
                returning %s""".formatted(CLAIM_SET, CLAIMABLE, CLAIMABLE, CLAIMED))
                .param("instance", instance).param("leaseUntil", JdbcValues.time(leaseUntil))
                .param("now", JdbcValues.time(now))
                .param("stale", JdbcValues.time(now.plus(lease.multipliedBy(2).dividedBy(3))))
                .param("presence", presence)
                .param("leaseSeconds", lease.toMillis() / 1000.0)
                .param("excluded", skip)
                .query(JobQueue::claimed).optional();
    }

    @Override
    void announce() {
        jdbc.sql("notify " + JobNotifications.CHANNEL).update();
    }
}
