package dev.estimator.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;


/**
 * The API's side of the {@code job} and {@code job_result} tables: submissions, reads, lists and paging,
 * cancellation, results. The running side (claims, progress, ends) is {@link JobQueue}; the loss history is
 * {@link JobLossHistory}.
 */
@Repository
class JobRepository {

    private static final String COLUMNS = "id, name, dataset_id, search_id, status, spec, max_iterations, iteration, "
            + "loss, validation_loss, created_at, started_at, finished_at, error_code, error_message, "
            + "cancel_requested, attempt, owner";
    /** Ids a statement of {@link #findWithoutSpec}: a power of two. */
    static final int MAX_IDS_PER_READ = 128;
    /** By the base-2 logarithm of the number of ids, 1 to {@link #MAX_IDS_PER_READ}. */
    private static final String[] WITHOUT_SPEC = withoutSpec();
    private final JdbcClient jdbc;
    private final JobQueue queue;

    JobRepository(JdbcClient jdbc, JobQueue queue) {
        this.jdbc = jdbc;
        this.queue = queue;
    }

    /** Queues the job, and tells the runners. */
    void insert(NewJob job) {
        jdbc.sql("""
                insert into job (id, name, dataset_id, search_id, status, spec, max_iterations, iteration,
                                 created_at, idempotency_key, cancel_requested, attempt, owner)
                values (:id, :name, :datasetId, :searchId, 'QUEUED', :spec, :maxIterations, 0,
                        :createdAt, :key, false, 0, :owner)""")
                .param("id", job.id())
                .param("name", job.name(), Types.VARCHAR)
                .param("datasetId", job.datasetId())
                .param("searchId", job.searchId())
                .param("spec", job.spec())
                .param("maxIterations", job.maxIterations())
                .param("createdAt", JdbcValues.time(job.createdAt()))
                .param("key", job.idempotencyKey(), Types.VARCHAR)
                .param("owner", job.owner())
                .update();
        queue.announce();
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
                .param("id", id).param("now", JdbcValues.time(now)).update() == 1;
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

    /** The stored result and model of a SUCCEEDED job. */
    Optional<StoredResult> result(UUID id) {
        return jdbc.sql("select result, model from job_result where job_id = :id").param("id", id)
                .query((rs, n) -> new StoredResult(rs.getString(1), rs.getString(2))).optional();
    }

    private static Job job(ResultSet rs, int row) throws SQLException {
        return new Job(rs.getObject("id", UUID.class), rs.getString("name"), rs.getObject("dataset_id", UUID.class),
                rs.getObject("search_id", UUID.class), JobStatus.valueOf(rs.getString("status")), rs.getString("spec"),
                rs.getInt("max_iterations"), rs.getInt("iteration"), JdbcValues.nullableDouble(rs, "loss"),
                JdbcValues.nullableDouble(rs, "validation_loss"), JdbcValues.instant(rs, "created_at"),
                JdbcValues.instant(rs, "started_at"),
                JdbcValues.instant(rs, "finished_at"), rs.getString("error_code"), rs.getString("error_message"),
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
                JdbcValues.nullableDouble(rs, 8), JdbcValues.nullableDouble(rs, 9), JdbcValues.instant(rs, 10),
                JdbcValues.instant(rs, 11), JdbcValues.instant(rs, 12),
                rs.getString(13), rs.getString(14), rs.getBoolean(15), rs.getInt(16), rs.getString(17));
    }

}
