package dev.estimator.security;

import org.springframework.stereotype.Component;

import dev.estimator.domain.DomainException.Kind;

/**
 * Per-owner quotas. The packages that own the resources count them (in the transaction that adds one) and ask
 * here; an excess is a problem naming the quota and its limit: {@code 413} for dataset bytes, {@code 429} with
 * {@code Retry-After} for active jobs.
 */
@Component
public class Quotas {

    public static final String DATASET_BYTES = "dataset-bytes";
    public static final String ACTIVE_JOBS = "active-jobs";
    static final int RETRY_AFTER_SECONDS = 30;

    private final QuotaProperties configured;
    private volatile long datasetBytes;
    private volatile int activeJobs;

    Quotas(QuotaProperties properties) {
        this.configured = properties;
        reset();
    }

    /**
     * @param stored bytes the owner stores now
     * @param adding bytes the new dataset would add
     * @throws QuotaExceeded too large, when together they are over the quota
     */
    public void checkDatasetBytes(String owner, long stored, long adding) {
        long limit = datasetBytes;
        if (stored + adding > limit) {
            throw new QuotaExceeded(Kind.TOO_LARGE, DATASET_BYTES, limit, stored,
                    "owner '" + owner + "' stores " + stored + " bytes of datasets; this one needs " + adding
                            + " more, over the quota of " + limit + " (estimator.quotas." + DATASET_BYTES
                            + "); delete datasets to make room");
        }
    }

    /** Before an upload is read: refused at once if the owner has no room left at all. */
    public void checkDatasetRoom(String owner, long stored) {
        long limit = datasetBytes;
        if (stored >= limit) {
            throw new QuotaExceeded(Kind.TOO_LARGE, DATASET_BYTES, limit, stored,
                    "owner '" + owner + "' stores " + stored + " bytes of datasets, the quota of " + limit
                            + " (estimator.quotas." + DATASET_BYTES + "); delete datasets to make room");
        }
    }

    /**
     * @param active the owner's QUEUED and RUNNING jobs now
     * @throws QuotaExceeded a limit reached for now, when one more would be over the quota
     */
    public void checkActiveJobs(String owner, long active) {
        int limit = activeJobs;
        if (active + 1 > limit) {
            throw (QuotaExceeded) new QuotaExceeded(Kind.LIMIT_REACHED, ACTIVE_JOBS, limit, active,
                    "owner '" + owner + "' has " + active + " queued or running jobs, the quota of " + limit
                            + " (estimator.quotas." + ACTIVE_JOBS + "); retry when some have finished")
                    .retryAfter(RETRY_AFTER_SECONDS);
        }
    }

    /** Replaces the limits at run time (tests use it to reach them quickly); {@link #reset()} restores them. */
    void override(long datasetBytes, int activeJobs) {
        this.datasetBytes = datasetBytes;
        this.activeJobs = activeJobs;
    }

    void reset() {
        this.datasetBytes = configured.datasetBytes().toBytes();
        this.activeJobs = configured.activeJobs();
    }
}
