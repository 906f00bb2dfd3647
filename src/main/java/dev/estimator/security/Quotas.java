package dev.estimator.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.estimator.web.ApiException;

/**
 * Per-owner quotas. The packages that own the resources count them (in the transaction that adds one) and ask
 * here; an excess is a problem naming the quota and its limit: {@code 413} for dataset bytes, {@code 429} with
 * {@code Retry-After} for active jobs.
 */
@Component
public class Quotas {

    public static final String DATASET_BYTES = "dataset-bytes";
    public static final String ACTIVE_JOBS = "active-jobs";
    static final String RETRY_AFTER_SECONDS = "30";

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
     * @throws ApiException 413 when together they are over the quota
     */
    public void checkDatasetBytes(String owner, long stored, long adding) {
        long limit = datasetBytes;
        if (stored + adding > limit) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "quota-exceeded", "Quota exceeded",
                    "owner '" + owner + "' stores " + stored + " bytes of datasets; this one needs " + adding
                            + " more, over the quota of " + limit + " (estimator.quotas." + DATASET_BYTES
                            + "); delete datasets to make room")
                    .with("quota", DATASET_BYTES).with("limit", limit).with("used", stored);
        }
    }

    /** Before an upload is read: refused at once if the owner has no room left at all. */
    public void checkDatasetRoom(String owner, long stored) {
        long limit = datasetBytes;
        if (stored >= limit) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "quota-exceeded", "Quota exceeded",
                    "owner '" + owner + "' stores " + stored + " bytes of datasets, the quota of " + limit
                            + " (estimator.quotas." + DATASET_BYTES + "); delete datasets to make room")
                    .with("quota", DATASET_BYTES).with("limit", limit).with("used", stored);
        }
    }

    /**
     * @param active the owner's QUEUED and RUNNING jobs now
     * @throws ApiException 429 with Retry-After when one more would be over the quota
     */
    public void checkActiveJobs(String owner, long active) {
        int limit = activeJobs;
        if (active + 1 > limit) {
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "quota-exceeded", "Quota exceeded",
                    "owner '" + owner + "' has " + active + " queued or running jobs, the quota of " + limit
                            + " (estimator.quotas." + ACTIVE_JOBS + "); retry when some have finished")
                    .with("quota", ACTIVE_JOBS).with("limit", limit).with("used", active)
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
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
