package dev.estimator.dataset;

import org.springframework.stereotype.Component;

/**
 * The upload size limit, read afresh by every upload. It starts at {@code estimator.datasets.max-bytes};
 * tests lower it for a moment to exercise the 413 without a gigabyte body or a second application context.
 */
@Component
class UploadLimit {

    private final long configured;
    private volatile long maxBytes;

    UploadLimit(DatasetProperties properties) {
        this.configured = properties.maxBytes().toBytes();
        this.maxBytes = configured;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Replaces the limit; {@link #reset()} restores the configured one. */
    void override(long bytes) {
        maxBytes = bytes;
    }

    void reset() {
        maxBytes = configured;
    }
}
