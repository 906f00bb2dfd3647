package dev.estimator.job;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.estimator.database.JdbcValues;

/** All SQL of {@code job_loss}: a job's loss history, one row per iteration, written in bulk. */
@Repository
class JobLossHistory {

    /** Loss rows per INSERT statement: 7 parameters each, well under PostgreSQL's 32767. */
    static final int ROWS_PER_STATEMENT = 500;

    private final JdbcClient jdbc;

    JobLossHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Loss history from iteration {@code from}, at most {@code limit} points, in iteration order. */
    List<LossPoint> read(UUID id, int from, int limit) {
        return jdbc.sql("""
                select iteration, loss, validation_loss, gradient_norm, learning_rate, elapsed_ms from job_loss
                 where job_id = :id and iteration >= :from order by iteration limit :limit""")
                .param("id", id).param("from", from).param("limit", limit)
                .query((rs, n) -> new LossPoint(rs.getInt(1), rs.getDouble(2), JdbcValues.nullableDouble(rs, 3),
                        JdbcValues.nullableDouble(rs, 4), rs.getDouble(5), rs.getLong(6)))
                .list();
    }

    /** The lowest validation loss in the job's history; null without validation rows. */
    Double lowestValidationLoss(UUID id) {
        return jdbc.sql("select min(validation_loss) from job_loss where job_id = :id").param("id", id)
                .query((rs, n) -> JdbcValues.nullableDouble(rs, 1)).list().stream().filter(v -> v != null).findFirst()
                .orElse(null);
    }

    /** Before resuming from a checkpoint: drops history the checkpoint does not cover (normally none). */
    void deleteFrom(UUID id, int attempt, int fromIteration) {
        jdbc.sql("""
                delete from job_loss where job_id = :id and iteration >= :from
                   and exists (select 1 from job where id = :id and attempt = :attempt)""")
                .param("id", id).param("from", fromIteration).param("attempt", attempt).update();
    }

    /**
     * Writes the points, replacing any stored from the first of them on: those can only be this attempt's own,
     * from a write whose commit the database confirmed no more (the connection broke), so a retry succeeds. Runs
     * in the caller's transaction, after the caller's guarded update of the job row.
     */
    void replace(UUID id, List<LossPoint> points) {
        if (points.isEmpty()) {
            return;
        }
        jdbc.sql("delete from job_loss where job_id = :id and iteration >= :from")
                .param("id", id).param("from", points.get(0).iteration()).update();
        for (int from = 0; from < points.size(); from += ROWS_PER_STATEMENT) {
            List<LossPoint> chunk = points.subList(from, Math.min(points.size(), from + ROWS_PER_STATEMENT));
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
}
