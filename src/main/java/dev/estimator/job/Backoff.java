package dev.estimator.job;

import java.time.Duration;

/** Delays between retries of a failed database call: doubling from {@code first} up to {@code max}. */
final class Backoff {

    /** The longest wait between two tries of a write while the database is away. */
    static final Duration MAX = Duration.ofSeconds(5);

    private final long firstNanos;
    private final long maxNanos;
    private long nextNanos;

    Backoff(Duration first, Duration max) {
        this.firstNanos = Math.min(first.toNanos(), max.toNanos());
        this.maxNanos = max.toNanos();
        this.nextNanos = firstNanos;
    }

    /** The delay before the next try; each call doubles the one after it, up to the maximum. */
    long nextNanos() {
        long delay = nextNanos;
        nextNanos = Math.min(maxNanos, nextNanos * 2);
        return delay;
    }

    /** The call succeeded: the next failure waits the first delay again. */
    void reset() {
        nextNanos = firstNanos;
    }
}
