package dev.estimator.job;

import java.util.UUID;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * What a poll can skip, and why it stays right with any number of instances:
 * <ul>
 * <li>a job's spec never changes once submitted, so its parsed form is kept by job id and the row is then read
 * without its spec column;</li>
 * <li>a job in a terminal status never changes (every write of the job table is guarded by
 * {@code status = 'QUEUED'} or {@code status = 'RUNNING'}, and no row is deleted), so its whole response is
 * kept and served without a read.</li>
 * </ul>
 * A QUEUED or RUNNING job is never kept: another instance may move it on at any moment, so each read of one
 * goes to the database. Both caches are bounded, least recently used first out; a miss only costs a read.
 * Each entry carries the job's owner (which never changes either), so that a cached answer is given only to
 * whoever may see the job.
 */
@Component
class JobViewCache {

    /** Entries of each cache: a spec is about 1 KB, a finished job's response about 2 KB. */
    static final int MAX_ENTRIES = 10_000;

    /** Something known of a job, with the job's owner. */
    record Owned<T>(String owner, T value) {
    }

    private final Cache<UUID, Owned<JobSpec>> specs = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();
    private final Cache<UUID, Owned<JobResponse>> finished = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();

    /** The job's spec if known here, else null. */
    Owned<JobSpec> spec(UUID id) {
        return specs.getIfPresent(id);
    }

    void spec(UUID id, String owner, JobSpec spec) {
        specs.put(id, new Owned<>(owner, spec));
    }

    /** The response of a job known here to be finished, else null. */
    Owned<JobResponse> finished(UUID id) {
        return finished.getIfPresent(id);
    }

    /** Keeps the response if the job is finished (and so will never change); anything else is ignored. */
    void remember(JobResponse job, String owner) {
        if (job.status().isTerminal()) {
            finished.put(job.id(), new Owned<>(owner, job));
            // the response holds the spec; the spec entry is no longer needed
            specs.invalidate(job.id());
        }
    }
}
