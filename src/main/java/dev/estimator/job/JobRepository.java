package dev.estimator.job;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * All SQL of {@code job}, {@code job_loss} and {@code job_result}. Times come from the caller's clock, never
 * from the database, so tests can move time. Every write of a running job is guarded by
 * {@code id = ? and attempt = ?}: an instance whose lease was taken over writes nothing.
 */
@Repository
class JobRepository {

    /** Loss rows per INSERT statement: 7 parameters each, well under PostgreSQL's 32767. */
    static final int LOSS_ROWS_PER_STATEMENT = 500;

    private static final String COLUMNS = "id, name, dataset_id, search_id, status, spec, max_iterations, iteration, "
            + "loss, validation_loss, created_at, started_at, finished_at, error_code, error_message, "
            + "cancel_requested, attempt, owner";
    /** The advisory lock class of an owner's submissions (PostgreSQL), beside the owner's hash. */
    private static final int SUBMIT_LOCK_CLASS = 0x65737403;
    /** Ids a statement of {@link #findWithoutSpec}: a power of two. */
    static final int MAX_IDS_PER_READ = 128;
    /** By the base-2 logarithm of the number of ids, 1 to {@link #MAX_IDS_PER_READ}. */
    private static final String[] WITHOUT_SPEC = withoutSpec();
    private static final String CLAIMED = "id, name, attempt, failures, dataset_id, spec, checkpoint, checkpoint_iteration, "
            + "cancel_requested, resume_cause";
    /**
     * What every claim sets. A RUNNING job is claimed because its lease lapsed: that run ended without an outcome
     * and counts as failed only if it made no progress, its checkpoint no further than when it was claimed (every
     * right-hand side sees the row as it was before the update).
     */
    private static final String CLAIM_SET = """
            status = 'RUNNING', instance_id = :instance, lease_expires_at = :leaseUntil,
            attempt = attempt + 1, started_at = coalesce(started_at, :now),
            failures = failures + case when status = 'RUNNING'
                and coalesce(checkpoint_iteration, 0) <= claimed_iteration then 1 else 0 end,
            resume_cause = case when status = 'RUNNING' then 'lease-lapsed' else resume_cause end,
            claimed_iteration = coalesce(checkpoint_iteration, 0)""";
    private static final String CLAIMABLE =
            "(status = 'QUEUED' or (status = 'RUNNING' and lease_expires_at < :now))";
    /**
     * On PostgreSQL a RUNNING job is claimable early when its instance is gone: its lease was not renewed for a
     * heartbeat interval (a third of the lease, {@code :stale}) and no session holds the instance's presence
     * lock ({@link JobNotifications}), which the server drops the moment the process dies. The server drops
     * every lock when it restarts too, and live instances take theirs again only as they reconnect: so the
     * absence of a lock says nothing until the server has been up for a lease ({@code :leaseSeconds}), nor
     * while the claimer itself has just got the database back from an outage ({@code :presence} false), when
     * the others are likely still reconnecting and renewing their leases after the same outage.
     */
    private static final String CLAIMABLE_POSTGRES = """
            (status = 'QUEUED' or (status = 'RUNNING' and (lease_expires_at < :now
                or (:presence and lease_expires_at < :stale
                    and pg_postmaster_start_time() < now() - make_interval(secs => :leaseSeconds)
                    and hashtext(instance_id)::oid not in (
                    select objid from pg_locks where locktype = 'advisory' and granted and objsubid = 2
                       and classid = %d
                       and database = (select oid from pg_database where datname = current_database()))))))"""
            .formatted(JobNotifications.PRESENCE_LOCK);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final boolean postgres;

    JobRepository(JdbcClient jdbc, PlatformTransactionManager transactionManager, DataSource dataSource) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactionManager);
        this.postgres = isPostgres(dataSource);
    }

    /** Whether the queue runs on PostgreSQL (several instances, NOTIFY) rather than H2 (one instance). */
    boolean onPostgres() {
        return postgres;
    }

    // id, name, datasetId, searchId, spec (JSON), maxIterations, createdAt, idempotencyKey (nullable), owner
    void insert(UUID id, String name, UUID datasetId, UUID searchId, String spec, int maxIterations,
            Instant createdAt, String idempotencyKey, String owner) {
        jdbc.sql("""
                insert into job (id, name, dataset_id, search_id, status, spec, max_iterations, iteration,
                                 created_at, idempotency_key, cancel_requested, attempt, owner)
                values (:id, :name, :datasetId, :searchId, 'QUEUED', :spec, :maxIterations, 0,
                        :createdAt, :key, false, 0, :owner)""")
                .param("id", id)
                .param("name", name, Types.VARCHAR)
                .param("datasetId", datasetId)
                .param("searchId", searchId)
                .param("spec", spec)
                .param("maxIterations", maxIterations)
                .param("createdAt", time(createdAt))
                .param("key", idempotencyKey, Types.VARCHAR)
                .param("owner", owner)
                .update();
        announce();
    }

    /**
     * Runs {@code work} in a transaction that holds the owner's submission lock until it ends (PostgreSQL; on
     * H2, a single instance, no lock), so that concurrent submissions of one owner check its quota one after
     * the other.
     */
    <T> T lockedForOwner(String owner, Supplier<T> work) {
        return tx.execute(status -> {
            if (postgres) {
                jdbc.sql("select pg_advisory_xact_lock(:lockClass, hashtext(:owner))")
                        .param("lockClass", SUBMIT_LOCK_CLASS).param("owner", owner).query((rs, n) -> 1).list();
            }
            return work.get();
        });
    }

    Optional<Job> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from job where id = :id").param("id", id)
                .query(JobRepository::job).optional();
    }

    /**
     * The rows of these jobs that exist, without their spec ({@link Job#spec()} is null), by id: for readers that
     * have the specs already, polls. Up to {@link #MAX_IDS_PER_READ} ids a statement, their count rounded up to a
     * power of two (the first id repeated), so that a few statements serve every count and the driver reuses
     * their server-side prepared forms.
     */
    Map<UUID, Job> findWithoutSpec(Collection<UUID> ids) {
        Map<UUID, Job> rows = new HashMap<>();
        List<UUID> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += MAX_IDS_PER_READ) {
            List<UUID> chunk = all.subList(from, Math.min(all.size(), from + MAX_IDS_PER_READ));
            int size = Integer.highestOneBit(chunk.size());
            if (size < chunk.size()) {
                size <<= 1;
            }
            // the ids, padded
            List<Object> params = new ArrayList<>(size);
            params.addAll(chunk);
            while (params.size() < size) {
                params.add(chunk.get(0));
            }
            jdbc.sql(WITHOUT_SPEC[Integer.numberOfTrailingZeros(size)]).params(params)
                    .query(JobRepository::jobWithoutSpec).list().forEach(job -> rows.put(job.id(), job));
        }
        return rows;
    }

    /** Keys are the owner's own: another owner's equal key is a different key. */
    Optional<Job> findByIdempotencyKey(String owner, String key) {
        return jdbc.sql("select " + COLUMNS + " from job where owner = :owner and idempotency_key = :key")
                .param("owner", owner).param("key", key).query(JobRepository::job).optional();
    }

    /** The owner's QUEUED and RUNNING jobs, for the quota. */
    long countActiveOf(String owner) {
        return jdbc.sql("select count(*) from job where owner = :owner and status in ('QUEUED', 'RUNNING')")
                .param("owner", owner).query(Long.class).single();
    }

    long countQueued() {
        return jdbc.sql("select count(*) from job where status = 'QUEUED'").query(Long.class).single();
    }

    /** QUEUED and RUNNING jobs of every instance, for the gauges. */
    Map<JobStatus, Long> countActive() {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        counts.put(JobStatus.QUEUED, 0L);
        counts.put(JobStatus.RUNNING, 0L);
        jdbc.sql("select status, count(*) from job where status in ('QUEUED', 'RUNNING') group by status")
                .query(rs -> {
                    counts.put(JobStatus.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return counts;
    }

    /** A page of jobs newest first; null filters (an admin's null owner among them) match everything. */
    List<Job> page(String owner, JobStatus status, UUID datasetId, UUID searchId, long offset, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = filter(owner, status, datasetId, searchId, params);
        params.put("offset", offset);
        params.put("limit", limit);
        return jdbc.sql("select " + COLUMNS + " from job" + where
                        + " order by created_at desc, id desc limit :limit offset :offset")
                .params(params).query(JobRepository::job).list();
    }

    /** The jobs of a search, oldest first. */
    List<Job> bySearch(UUID searchId) {
        return jdbc.sql("select " + COLUMNS + " from job where search_id = :searchId order by created_at, id")
                .param("searchId", searchId).query(JobRepository::job).list();
    }

    long count(String owner, JobStatus status, UUID datasetId, UUID searchId) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = filter(owner, status, datasetId, searchId, params);
        return jdbc.sql("select count(*) from job" + where).params(params).query(Long.class).single();
    }

    private static String filter(String owner, JobStatus status, UUID datasetId, UUID searchId,
            Map<String, Object> params) {
        List<String> conditions = new ArrayList<>();
        if (owner != null) {
            conditions.add("owner = :owner");
            params.put("owner", owner);
        }
        if (status != null) {
            conditions.add("status = :status");
            params.put("status", status.name());
        }
        if (datasetId != null) {
            conditions.add("dataset_id = :datasetId");
            params.put("datasetId", datasetId);
        }
        if (searchId != null) {
            conditions.add("search_id = :searchId");
            params.put("searchId", searchId);
        }
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    /** A QUEUED job becomes CANCELLED at once; false if it was not QUEUED (any more). */
    boolean cancelQueued(UUID id, Instant now) {
        return jdbc.sql("""
                update job set status = 'CANCELLED', cancel_requested = true, finished_at = :now
                 where id = :id and status = 'QUEUED'""")
                .param("id", id).param("now", time(now)).update() == 1;
    }

    /** Marks a RUNNING job for cancellation by whichever instance runs it; false if it is not RUNNING. */
    boolean requestCancel(UUID id) {
        return jdbc.sql("update job set cancel_requested = true where id = :id and status = 'RUNNING'")
                .param("id", id).update() == 1;
    }

    boolean inUse(UUID datasetId) {
        return jdbc.sql("""
                select count(*) from job where dataset_id = :datasetId and status in ('QUEUED', 'RUNNING')""")
                .param("datasetId", datasetId).query(Long.class).single() > 0;
    }

    /**
     * Claims the oldest QUEUED job, or a RUNNING one whose lease lapsed (its instance died or lost the database,
     * which counts as a failed run only if that run advanced no checkpoint): RUNNING, owned by {@code instance}
     * until {@code leaseUntil}, attempt + 1.
     * On PostgreSQL one statement with SKIP LOCKED, so concurrent claimers never take the same job; on H2
     * (single instance) a select and an update guarded by the attempt seen.
     *
     * @param excluded jobs this instance runs already: after an outage their leases may have lapsed, but their
     *                 runs go on and renew them
     * @param presence whether a RUNNING job whose instance holds no presence lock may be claimed before its
     *                 lease lapses (PostgreSQL); false right after the claimer's own outage
     */
    Optional<ClaimedJob> claim(String instance, Instant now, Instant leaseUntil, Collection<UUID> excluded,
            boolean presence) {
        // a nil id keeps the list non-empty
        List<UUID> skip = new ArrayList<>(excluded);
        skip.add(new UUID(0, 0));
        if (postgres) {
            // instance, leaseUntil, now, stale (now + two thirds of the lease: not renewed for a third), presence,
            // the lease in seconds, excluded ids
            return jdbc.sql("""
                    update job set %s
                     where id = (select id from job where %s and id not in (:excluded)
                                  order by created_at limit 1 for update skip locked)
                       and %s
                    returning %s"""
                    .formatted(CLAIM_SET, CLAIMABLE_POSTGRES, CLAIMABLE_POSTGRES, CLAIMED))
                    .param("instance", instance).param("leaseUntil", time(leaseUntil)).param("now", time(now))
                    .param("stale", time(now.plus(Duration.between(now, leaseUntil).multipliedBy(2).dividedBy(3))))
                    .param("presence", presence)
                    .param("leaseSeconds", Duration.between(now, leaseUntil).toMillis() / 1000.0)
                    .param("excluded", skip)
                    .query(JobRepository::claimed).optional();
        }
        return tx.execute(status -> {
            // now, excluded ids
            Optional<Object[]> candidate = jdbc.sql("select id, attempt from job where " + CLAIMABLE
                    + " and id not in (:excluded) order by created_at limit 1")
                    .param("now", time(now)).param("excluded", skip)
                    .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getInt(2)}).optional();
            if (candidate.isEmpty()) {
                return Optional.<ClaimedJob>empty();
            }
            UUID id = (UUID) candidate.get()[0];
            int attempt = (Integer) candidate.get()[1];
            // instance, leaseUntil, now, id, attempt seen
            int updated = jdbc.sql("""
                    update job set %s
                     where id = :id and attempt = :attempt and %s""".formatted(CLAIM_SET, CLAIMABLE))
                    .param("instance", instance).param("leaseUntil", time(leaseUntil)).param("now", time(now))
                    .param("id", id).param("attempt", attempt).update();
            if (updated == 0) {
                return Optional.<ClaimedJob>empty();
            }
            return jdbc.sql("select " + CLAIMED + " from job where id = :id").param("id", id)
                    .query(JobRepository::claimed).optional();
        });
    }

    Optional<ClaimedJob> claim(String instance, Instant now, Instant leaseUntil) {
        return claim(instance, now, leaseUntil, List.of(), true);
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
                .param("leaseUntil", time(leaseUntil)).param("id", id).param("attempt", attempt).update() == 1;
    }

    /** Before resuming from a checkpoint: drops history the checkpoint does not cover (normally none). */
    void deleteLossFrom(UUID id, int attempt, int fromIteration) {
        jdbc.sql("""
                delete from job_loss where job_id = :id and iteration >= :from
                   and exists (select 1 from job where id = :id and attempt = :attempt)""")
                .param("id", id).param("from", fromIteration).param("attempt", attempt).update();
    }

    /** What a flush learned. */
    enum FlushOutcome { WRITTEN, CANCEL_REQUESTED, FENCED }

    /**
     * One transaction: progress, checkpoint and lease on the job row (first, so a fenced run writes nothing
     * else), the buffered loss rows, and a read of the cancel flag.
     */
    FlushOutcome flush(UUID id, int attempt, List<LossPoint> points, int iteration, Double loss, Double validationLoss,
            byte[] checkpoint, Instant leaseUntil) {
        return tx.execute(status -> {
            // iteration, loss, validationLoss, checkpoint (state after `iteration` iterations), leaseUntil
            int updated = jdbc.sql("""
                    update job set iteration = :iteration, loss = :loss, validation_loss = :validationLoss,
                                   checkpoint = :checkpoint, checkpoint_iteration = :iteration,
                                   lease_expires_at = :leaseUntil
                     where id = :id and attempt = :attempt and status = 'RUNNING'""")
                    .param("iteration", iteration).param("loss", loss, Types.DOUBLE)
                    .param("validationLoss", validationLoss, Types.DOUBLE)
                    .param("checkpoint", checkpoint, Types.BINARY).param("leaseUntil", time(leaseUntil))
                    .param("id", id).param("attempt", attempt).update();
            if (updated == 0) {
                return FlushOutcome.FENCED;
            }
            replaceLoss(id, points);
            boolean cancel = jdbc.sql("select cancel_requested from job where id = :id").param("id", id)
                    .query(Boolean.class).single();
            return cancel ? FlushOutcome.CANCEL_REQUESTED : FlushOutcome.WRITTEN;
        });
    }

    /**
     * One transaction: the terminal status with its error, the last loss rows and the result (if any);
     * false (and nothing written) if this attempt no longer owns the job.
     */
    boolean finish(UUID id, int attempt, List<LossPoint> points, int iteration, Double loss, Double validationLoss,
            JobStatus terminal, JobError error, Instant now, String result, String model) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            // terminal status, error (nullable), finishedAt, final progress
            int updated = jdbc.sql("""
                    update job set status = :status, error_code = :code, error_message = :message,
                                   finished_at = :now, iteration = :iteration, loss = :loss,
                                   validation_loss = :validationLoss, lease_expires_at = null,
                                   checkpoint = null, checkpoint_iteration = null
                     where id = :id and attempt = :attempt and status = 'RUNNING'""")
                    .param("status", terminal.name())
                    .param("code", error == null ? null : error.code(), Types.VARCHAR)
                    .param("message", error == null ? null : error.message(), Types.VARCHAR)
                    .param("now", time(now)).param("iteration", iteration).param("loss", loss, Types.DOUBLE)
                    .param("validationLoss", validationLoss, Types.DOUBLE)
                    .param("id", id).param("attempt", attempt).update();
            if (updated == 0) {
                status.setRollbackOnly();
                return false;
            }
            replaceLoss(id, points);
            if (result != null) {
                jdbc.sql("insert into job_result (job_id, result, model) values (:id, :result, :model)")
                        .param("id", id).param("result", result).param("model", model).update();
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
        return requeue(id, attempt, "case when coalesce(checkpoint_iteration, 0) <= claimed_iteration then 1 else 0 end",
                "failed");
    }

    private boolean requeue(UUID id, int attempt, String failure, String cause) {
        // cause of the next resumption
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

    /**
     * Tells every instance's runner that a job became claimable (PostgreSQL NOTIFY; each instance LISTENs, see
     * {@link JobNotifications}). Nothing on H2, where the single instance wakes its own runner.
     */
    private void announce() {
        if (postgres) {
            jdbc.sql("notify " + JobNotifications.CHANNEL).update();
        }
    }

    /** Loss history from iteration {@code from}, at most {@code limit} points, in iteration order. */
    List<LossPoint> loss(UUID id, int from, int limit) {
        return jdbc.sql("""
                select iteration, loss, validation_loss, gradient_norm, learning_rate, elapsed_ms from job_loss
                 where job_id = :id and iteration >= :from order by iteration limit :limit""")
                .param("id", id).param("from", from).param("limit", limit)
                .query((rs, n) -> new LossPoint(rs.getInt(1), rs.getDouble(2), nullableDouble(rs, 3),
                        nullableDouble(rs, 4), rs.getDouble(5), rs.getLong(6)))
                .list();
    }

    /** The lowest validation loss in the job's history; null without validation rows. */
    Double lowestValidationLoss(UUID id) {
        return jdbc.sql("select min(validation_loss) from job_loss where job_id = :id").param("id", id)
                .query((rs, n) -> nullableDouble(rs, 1)).list().stream().filter(v -> v != null).findFirst()
                .orElse(null);
    }

    /** The stored result and model JSON of a SUCCEEDED job. */
    Optional<String[]> result(UUID id) {
        return jdbc.sql("select result, model from job_result where job_id = :id").param("id", id)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).optional();
    }

    /**
     * Writes the points, replacing any stored from the first of them on: those can only be this attempt's own,
     * from a write whose commit the database confirmed no more (the connection broke), so a retry succeeds.
     */
    private void replaceLoss(UUID id, List<LossPoint> points) {
        if (points.isEmpty()) {
            return;
        }
        jdbc.sql("delete from job_loss where job_id = :id and iteration >= :from")
                .param("id", id).param("from", points.get(0).iteration()).update();
        insertLoss(id, points);
    }

    private void insertLoss(UUID id, List<LossPoint> points) {
        for (int from = 0; from < points.size(); from += LOSS_ROWS_PER_STATEMENT) {
            List<LossPoint> chunk = points.subList(from, Math.min(points.size(), from + LOSS_ROWS_PER_STATEMENT));
            StringBuilder sql = new StringBuilder("insert into job_loss (job_id, iteration, loss, validation_loss, "
                    + "gradient_norm, learning_rate, elapsed_ms) values ");
            List<Object> params = new ArrayList<>(chunk.size() * 7);
            for (int i = 0; i < chunk.size(); i++) {
                LossPoint p = chunk.get(i);
                sql.append(i == 0 ? "(?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?)");
                params.add(id);
                params.add(p.iteration());
                params.add(p.loss());
                // typed, so a null needs no parameter metadata round trip
                params.add(new SqlParameterValue(Types.DOUBLE, p.validationLoss()));
                params.add(new SqlParameterValue(Types.DOUBLE, p.gradientNorm()));
                params.add(p.learningRate());
                params.add(p.elapsedMs());
            }
            jdbc.sql(sql.toString()).params(params).update();
        }
    }

    private static Job job(ResultSet rs, int row) throws SQLException {
        return new Job(rs.getObject("id", UUID.class), rs.getString("name"), rs.getObject("dataset_id", UUID.class),
                rs.getObject("search_id", UUID.class), JobStatus.valueOf(rs.getString("status")), rs.getString("spec"),
                rs.getInt("max_iterations"), rs.getInt("iteration"), nullableDouble(rs, "loss"),
                nullableDouble(rs, "validation_loss"), instant(rs, "created_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"), rs.getString("error_code"), rs.getString("error_message"),
                rs.getBoolean("cancel_requested"), rs.getInt("attempt"), rs.getString("owner"));
    }

    private static String[] withoutSpec() {
        String select = "select id, name, dataset_id, search_id, status, max_iterations, iteration, loss, "
                + "validation_loss, created_at, started_at, finished_at, error_code, error_message, "
                + "cancel_requested, attempt, owner from job where id ";
        String[] sql = new String[Integer.numberOfTrailingZeros(MAX_IDS_PER_READ) + 1];
        for (int i = 0; i < sql.length; i++) {
            int n = 1 << i;
            sql[i] = select + (n == 1 ? "= ?" : "in (" + "?, ".repeat(n - 1) + "?)");
        }
        return sql;
    }

    private static Job jobWithoutSpec(ResultSet rs, int row) throws SQLException {
        return new Job(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                rs.getObject(4, UUID.class), JobStatus.valueOf(rs.getString(5)), null, rs.getInt(6), rs.getInt(7),
                nullableDouble(rs, 8), nullableDouble(rs, 9), instant(rs, 10), instant(rs, 11), instant(rs, 12),
                rs.getString(13), rs.getString(14), rs.getBoolean(15), rs.getInt(16), rs.getString(17));
    }

    private static ClaimedJob claimed(ResultSet rs, int row) throws SQLException {
        byte[] checkpoint = rs.getBytes("checkpoint");
        return new ClaimedJob(rs.getObject("id", UUID.class), rs.getString("name"), rs.getInt("attempt"), rs.getInt("failures"),
                rs.getObject("dataset_id", UUID.class), rs.getString("spec"), checkpoint,
                checkpoint == null ? 0 : rs.getInt("checkpoint_iteration"), rs.getBoolean("cancel_requested"),
                rs.getString("resume_cause"));
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database the job queue runs on", e);
        }
    }
}
