package dev.estimator.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.estimator.database.JdbcValues;

/**
 * The queue's side of the {@code job} table: claim, heartbeat, progress, end, requeue. Times come from the
 * caller's clock, never from the database, so tests can move time. Every write of a running job is guarded by
 * {@code id = ? and attempt = ?}: an instance whose lease was taken over writes nothing. The claim and the wake-up
 * of other instances are the database's own: {@link PostgresJobQueue} (SKIP LOCKED, presence locks, NOTIFY) and
 * {@link H2JobQueue} (one instance), one of them chosen at startup.
 */
abstract class JobQueue {

    static final String CLAIMED = "id, name, attempt, failures, dataset_id, spec, checkpoint, checkpoint_iteration, "
            + "cancel_requested, resume_cause, search_id";
    /**
     * What every claim sets. A RUNNING job is claimed because its lease lapsed: that run ended without an outcome
     * and counts as failed only if it made no progress, its checkpoint no further than when it was claimed (every
     * right-hand side sees the row as it was before the update).
     */
    static final String CLAIM_SET = """
            status = 'RUNNING', instance_id = :instance, lease_expires_at = :leaseUntil,
            attempt = attempt + 1, started_at = coalesce(started_at, :now),
            failures = failures + case when status = 'RUNNING'
                and coalesce(checkpoint_iteration, 0) <= claimed_iteration then 1 else 0 end,
            resume_cause = case when status = 'RUNNING' then 'lease-lapsed' else resume_cause end,
            claimed_iteration = coalesce(checkpoint_iteration, 0)""";

    /** What a flush learned. */
    enum FlushOutcome { WRITTEN, CANCEL_REQUESTED, FENCED }

    protected final JdbcClient jdbc;
    protected final TransactionTemplate tx;
    private final JobLossHistory loss;

    JobQueue(JdbcClient jdbc, TransactionTemplate tx, JobLossHistory loss) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.loss = loss;
    }

    /**
     * Claims the oldest QUEUED job, or a RUNNING one whose lease lapsed (its instance died or lost the database,
     * which counts as a failed run only if that run advanced no checkpoint): RUNNING, owned by {@code instance}
     * until {@code leaseUntil}, attempt + 1. Concurrent claimers never take the same job.
     *
     * @param excluded jobs this instance runs already: after an outage their leases may have lapsed, but their
     *                 runs go on and renew them
     * @param presence whether a RUNNING job whose instance is known to be gone may be claimed before its lease
     *                 lapses (where the database can tell); false right after the claimer's own outage
     */
    abstract Optional<ClaimedJob> claim(String instance, Instant now, Instant leaseUntil, Collection<UUID> excluded,
            boolean presence);

    /** A claim that excludes nothing and trusts presence: for tools and tests that claim by hand. */
    Optional<ClaimedJob> claim(String instance, Instant now, Instant leaseUntil) {
        return claim(instance, now, leaseUntil, List.of(), true);
    }

    /** Tells every instance's runner that a job became claimable (nothing where there is one instance). */
    abstract void announce();

    /** The excluded ids for {@code id not in (:excluded)}, with a nil id that keeps the list non-empty. */
    static List<UUID> notIn(Collection<UUID> excluded) {
        List<UUID> skip = new ArrayList<>(excluded);
        skip.add(new UUID(0, 0));
        return skip;
    }

    /**
     * When the first lease of a job that runs elsewhere lapses, if one runs elsewhere: the moment its job becomes
     * claimable, should its instance have died.
     */
    Optional<Instant> nextLeaseExpiry(String instance) {
        return Optional.ofNullable(jdbc.sql("""
                select min(lease_expires_at) from job
                 where status = 'RUNNING' and (instance_id is null or instance_id <> :instance)""")
                .param("instance", instance).query(OffsetDateTime.class).optional().orElse(null))
                .map(OffsetDateTime::toInstant);
    }

    /** Renews the lease; false if this attempt no longer owns the job. */
    boolean heartbeat(UUID id, int attempt, Instant leaseUntil) {
        return jdbc.sql("""
                update job set lease_expires_at = :leaseUntil
                 where id = :id and attempt = :attempt and status = 'RUNNING'""")
                .param("leaseUntil", JdbcValues.time(leaseUntil)).param("id", id).param("attempt", attempt)
                .update() == 1;
    }

    /**
     * One transaction: progress, checkpoint and lease on the job row (first, so a fenced run writes nothing
     * else), the buffered loss rows, and a read of the cancel flag.
     */
    FlushOutcome flush(UUID id, int attempt, ProgressWrite progress, Instant leaseUntil) {
        return tx.execute(status -> {
            // the checkpoint holds the state after `iteration` iterations
            int updated = jdbc.sql("""
                    update job set iteration = :iteration, loss = :loss, validation_loss = :validationLoss,
                                   checkpoint = :checkpoint, checkpoint_iteration = :iteration,
                                   lease_expires_at = :leaseUntil
                     where id = :id and attempt = :attempt and status = 'RUNNING'""")
                    .param("iteration", progress.iteration()).param("loss", progress.loss(), Types.DOUBLE)
                    .param("validationLoss", progress.validationLoss(), Types.DOUBLE)
                    .param("checkpoint", progress.checkpoint(), Types.BINARY)
                    .param("leaseUntil", JdbcValues.time(leaseUntil)).param("id", id).param("attempt", attempt)
                    .update();
            if (updated == 0) {
                return FlushOutcome.FENCED;
            }
            loss.replace(id, progress.points());
            boolean cancel = jdbc.sql("select cancel_requested from job where id = :id").param("id", id)
                    .query(Boolean.class).single();
            return cancel ? FlushOutcome.CANCEL_REQUESTED : FlushOutcome.WRITTEN;
        });
    }

    /**
     * One transaction: the terminal status with its error, the last progress and loss rows, and the result (if
     * any); false (and nothing written) if this attempt no longer owns the job.
     */
    boolean finish(UUID id, int attempt, ProgressWrite progress, JobEnding ending) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            int updated = jdbc.sql("""
                    update job set status = :status, error_code = :code, error_message = :message,
                                   finished_at = :now, iteration = :iteration, loss = :loss,
                                   validation_loss = :validationLoss, lease_expires_at = null,
                                   checkpoint = null, checkpoint_iteration = null
                     where id = :id and attempt = :attempt and status = 'RUNNING'""")
                    .param("status", ending.status().name())
                    .param("code", ending.error() == null ? null : ending.error().code(), Types.VARCHAR)
                    .param("message", ending.error() == null ? null : ending.error().message(), Types.VARCHAR)
                    .param("now", JdbcValues.time(ending.at())).param("iteration", progress.iteration())
                    .param("loss", progress.loss(), Types.DOUBLE)
                    .param("validationLoss", progress.validationLoss(), Types.DOUBLE)
                    .param("id", id).param("attempt", attempt).update();
            if (updated == 0) {
                status.setRollbackOnly();
                return false;
            }
            loss.replace(id, progress.points());
            if (ending.result() != null) {
                jdbc.sql("insert into job_result (job_id, result, model) values (:id, :result, :model)")
                        .param("id", id).param("result", ending.result()).param("model", ending.model()).update();
            }
            return true;
        }));
    }

    /** Shutdown: hands a RUNNING job back to the queue, to resume from its checkpoint on any instance. */
    boolean release(UUID id, int attempt) {
        return requeue(id, attempt, "0", "released");
    }

    /**
     * After an internal error: the job goes back to the queue, to run again from its checkpoint on any instance;
     * the run counts as failed if it made no progress (its checkpoint no further than when it was claimed).
     */
    boolean retry(UUID id, int attempt) {
        return requeue(id, attempt,
                "case when coalesce(checkpoint_iteration, 0) <= claimed_iteration then 1 else 0 end", "failed");
    }

    private boolean requeue(UUID id, int attempt, String failure, String cause) {
        // cause: of the next resumption
        boolean done = jdbc.sql("""
                update job set status = 'QUEUED', instance_id = null, lease_expires_at = null,
                               failures = failures + %s, resume_cause = :cause
                 where id = :id and attempt = :attempt and status = 'RUNNING'""".formatted(failure))
                .param("cause", cause).param("id", id).param("attempt", attempt).update() == 1;
        if (done) {
            announce();
        }
        return done;
    }

    static ClaimedJob claimed(ResultSet rs, int row) throws SQLException {
        byte[] checkpoint = rs.getBytes("checkpoint");
        return new ClaimedJob(rs.getObject("id", UUID.class), rs.getString("name"), rs.getInt("attempt"),
                rs.getInt("failures"), rs.getObject("dataset_id", UUID.class), rs.getString("spec"), checkpoint,
                checkpoint == null ? 0 : rs.getInt("checkpoint_iteration"), rs.getBoolean("cancel_requested"),
                rs.getString("resume_cause"), rs.getObject("search_id", UUID.class));
    }
}
