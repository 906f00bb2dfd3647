package dev.estimator.job;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.estimator.database.JdbcValues;

/**
 * The queue on the embedded H2 database, which one instance uses: the claim is a select and an update guarded
 * by the attempt seen, and nothing is announced (the instance wakes its own runner, which also polls).
 */
final class H2JobQueue extends JobQueue {

    private static final String CLAIMABLE =
            "(status = 'QUEUED' or (status = 'RUNNING' and lease_expires_at < :now))";

    /** The job a claim found, and the attempt the update must still see. */
    private record Candidate(UUID id, int attempt) {
    }

    H2JobQueue(JdbcClient jdbc, TransactionTemplate tx, JobLossHistory loss) {
        super(jdbc, tx, loss);
    }

    /** {@code presence} is not known on H2: a RUNNING job is claimed once its lease lapsed. */
    @Override
    Optional<ClaimedJob> claim(String instance, Instant now, Instant leaseUntil, Collection<UUID> excluded,
            boolean presence) {
        List<UUID> skip = notIn(excluded);
        return tx.execute(status -> {
            Optional<Candidate> candidate = jdbc.sql("select id, attempt from job where " + CLAIMABLE
                    + " and id not in (:excluded) order by created_at limit 1")
                    .param("now", JdbcValues.time(now)).param("excluded", skip)
                    .query((rs, n) -> new Candidate(rs.getObject(1, UUID.class), rs.getInt(2))).optional();
            if (candidate.isEmpty()) {
                return Optional.<ClaimedJob>empty();
            }
            int updated = jdbc.sql("""
                    update job set %s
                     where id = :id and attempt = :attempt and %s""".formatted(CLAIM_SET, CLAIMABLE))
                    .param("instance", instance).param("leaseUntil", JdbcValues.time(leaseUntil))
                    .param("now", JdbcValues.time(now))
                    .param("id", candidate.get().id()).param("attempt", candidate.get().attempt()).update();
            if (updated == 0) {
                return Optional.<ClaimedJob>empty();
            }
            return jdbc.sql("select " + CLAIMED + " from job where id = :id").param("id", candidate.get().id())
                    .query(JobQueue::claimed).optional();
        });
    }

    @Override
    void announce() {
        // one instance: its runner is woken directly
    }
}
