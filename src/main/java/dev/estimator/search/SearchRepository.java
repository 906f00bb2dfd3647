package dev.estimator.search;

import static dev.estimator.database.JdbcValues.instant;
import static dev.estimator.database.JdbcValues.nullableDouble;
import static dev.estimator.database.JdbcValues.time;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.estimator.job.JobStatus;

/**
 * All SQL of {@code search} and {@code search_job}. Status changes are guarded by the status they leave, so a
 * cancel and the reconciler of any instance never both end a search.
 */
@Repository
class SearchRepository {

    private static final String COLUMNS = "id, name, dataset_id, owner, status, request, created_at, finished_at, "
            + "best_job_id, error_code, error_message";
    private static final String UNFINISHED = "status in ('QUEUED', 'RUNNING')";

    private final JdbcClient jdbc;

    SearchRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // id, name, datasetId, owner, request (JSON), createdAt
    void insert(UUID id, String name, UUID datasetId, String owner, String request, Instant createdAt) {
        jdbc.sql("""
                insert into search (id, name, dataset_id, owner, status, request, created_at)
                values (:id, :name, :datasetId, :owner, 'QUEUED', :request, :createdAt)""")
                .param("id", id).param("name", name, Types.VARCHAR).param("datasetId", datasetId).param("owner", owner)
                .param("request", request).param("createdAt", time(createdAt)).update();
    }

    /** Plans the job that scores {@code candidate} on {@code fold}; it is queued later ({@link #assign}). */
    void insertChild(UUID searchId, int candidate, int fold) {
        jdbc.sql("insert into search_job (search_id, candidate, fold) values (:searchId, :candidate, :fold)")
                .param("searchId", searchId).param("candidate", candidate).param("fold", fold).update();
    }

    /** The planned jobs not queued yet, by candidate, then fold: {candidate, fold} each. */
    List<int[]> unqueued(UUID searchId) {
        return jdbc.sql("""
                select candidate, fold from search_job where search_id = :searchId and job_id is null and status is null
                 order by candidate, fold""")
                .param("searchId", searchId).query((rs, n) -> new int[] {rs.getInt(1), rs.getInt(2)}).list();
    }

    /** Whether the planned job is still to be queued. */
    boolean isUnqueued(UUID searchId, int candidate, int fold) {
        return jdbc.sql("""
                select count(*) from search_job
                 where search_id = :searchId and candidate = :candidate and fold = :fold and job_id is null
                   and status is null""")
                .param("searchId", searchId).param("candidate", candidate).param("fold", fold).query(Long.class)
                .single() == 1;
    }

    /** The planned job was queued as {@code jobId}. */
    void assign(UUID searchId, int candidate, int fold, UUID jobId) {
        jdbc.sql("""
                update search_job set job_id = :jobId
                 where search_id = :searchId and candidate = :candidate and fold = :fold and job_id is null""")
                .param("jobId", jobId).param("searchId", searchId).param("candidate", candidate).param("fold", fold)
                .update();
    }

    /** A planned job that will not be queued: cancelled with its search, or refused (e.g. its dataset is gone). */
    void recordUnqueued(UUID searchId, int candidate, int fold, JobStatus status, String errorCode,
            String errorMessage) {
        jdbc.sql("""
                update search_job set status = :status, error_code = :code, error_message = :message
                 where search_id = :searchId and candidate = :candidate and fold = :fold and job_id is null
                   and status is null""")
                .param("status", status.name()).param("code", errorCode, Types.VARCHAR)
                .param("message", errorMessage, Types.VARCHAR).param("searchId", searchId)
                .param("candidate", candidate).param("fold", fold).update();
    }

    /** With its search cancelled, no planned job will be queued. */
    void cancelUnqueued(UUID searchId) {
        jdbc.sql("update search_job set status = 'CANCELLED' where search_id = :searchId and job_id is null "
                + "and status is null").param("searchId", searchId).update();
    }

    Optional<Search> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from search where id = :id").param("id", id)
                .query(SearchRepository::search).optional();
    }

    /** The search if it is unfinished, its row locked until the transaction ends; empty once it has finished. */
    Optional<Search> lockUnfinished(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from search where id = :id and " + UNFINISHED + " for update")
                .param("id", id).query(SearchRepository::search).optional();
    }

    /** A page newest first: of one owner's searches, or of every owner's when {@code owner} is null. */
    List<Search> page(String owner, long offset, int limit) {
        String where = owner == null ? "" : " where owner = :owner";
        var sql = jdbc.sql("select " + COLUMNS + " from search" + where
                + " order by created_at desc, id desc limit :limit offset :offset")
                .param("limit", limit).param("offset", offset);
        if (owner != null) {
            sql = sql.param("owner", owner);
        }
        return sql.query(SearchRepository::search).list();
    }

    long count(String owner) {
        if (owner == null) {
            return jdbc.sql("select count(*) from search").query(Long.class).single();
        }
        return jdbc.sql("select count(*) from search where owner = :owner").param("owner", owner).query(Long.class)
                .single();
    }

    /** Searches the reconciler still has work for: unfinished ones, and cancelled ones with jobs not recorded. */
    List<UUID> toReconcile() {
        return jdbc.sql("select id from search where " + UNFINISHED + " or (status = 'CANCELLED' and exists "
                        + "(select 1 from search_job j where j.search_id = search.id and j.status is null)) "
                        + "order by created_at")
                .query((rs, n) -> rs.getObject(1, UUID.class)).list();
    }

    /** Its jobs by candidate, then fold. */
    List<SearchChild> children(UUID searchId) {
        return jdbc.sql("""
                select candidate, fold, job_id, status, score, error_code, error_message from search_job
                 where search_id = :searchId order by candidate, fold""")
                .param("searchId", searchId)
                .query((rs, n) -> {
                    String status = rs.getString(4);
                    return new SearchChild(rs.getInt(1), rs.getInt(2), rs.getObject(3, UUID.class),
                            status == null ? null : JobStatus.valueOf(status), nullableDouble(rs, 5),
                            rs.getString(6), rs.getString(7));
                }).list();
    }

    /** Records how a job ended; a job is recorded once (a second reconciler's write changes nothing). */
    void record(UUID jobId, JobStatus status, Double score, String errorCode, String errorMessage) {
        jdbc.sql("""
                update search_job set status = :status, score = :score, error_code = :code, error_message = :message
                 where job_id = :jobId and status is null""")
                .param("status", status.name()).param("score", score, Types.DOUBLE)
                .param("code", errorCode, Types.VARCHAR).param("message", errorMessage, Types.VARCHAR)
                .param("jobId", jobId).update();
    }

    void markRunning(UUID id) {
        jdbc.sql("update search set status = 'RUNNING' where id = :id and status = 'QUEUED'").param("id", id).update();
    }

    void bestJob(UUID id, UUID jobId) {
        jdbc.sql("update search set best_job_id = :jobId where id = :id").param("jobId", jobId).param("id", id)
                .update();
    }

    /** Ends an unfinished search; false if it had already ended. */
    boolean finish(UUID id, SearchStatus status, String errorCode, String errorMessage, Instant now) {
        return jdbc.sql("""
                update search set status = :status, finished_at = :now, error_code = :code, error_message = :message
                 where id = :id""" + " and " + UNFINISHED)
                .param("status", status.name()).param("now", time(now)).param("code", errorCode, Types.VARCHAR)
                .param("message", errorMessage, Types.VARCHAR).param("id", id).update() == 1;
    }

    private static Search search(ResultSet rs, int row) throws SQLException {
        return new Search(rs.getObject("id", UUID.class), rs.getString("name"), rs.getObject("dataset_id", UUID.class),
                rs.getString("owner"), SearchStatus.valueOf(rs.getString("status")), rs.getString("request"), instant(rs, "created_at"),
                instant(rs, "finished_at"), rs.getObject("best_job_id", UUID.class), rs.getString("error_code"),
                rs.getString("error_message"));
    }
}
