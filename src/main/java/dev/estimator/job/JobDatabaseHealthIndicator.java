package dev.estimator.job;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import dev.estimator.database.DatabaseOutage;

/**
 * {@code jobDatabase} health, part of the readiness group: DOWN from the job runner's first failed database
 * call (claim poll, heartbeat, progress flush) until its next successful one. It answers from that record
 * and never touches the database itself, so a probe is instant even while connections time out.
 */
@Component
class JobDatabaseHealthIndicator implements HealthIndicator {

    private final Clock clock;
    private final AtomicReference<Instant> downSince = new AtomicReference<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    /** When the last outage this instance saw ended; null if it has seen none. */
    private volatile Instant recoveredAt;

    JobDatabaseHealthIndicator(Clock clock) {
        this.clock = clock;
    }

    /** Records a failed database call; marks the database down if it was unreachable. */
    void failed(RuntimeException e) {
        if (DatabaseOutage.unavailable(e)) {
            lastError.set(e.getClass().getSimpleName());
            downSince.compareAndSet(null, clock.instant());
        }
    }

    void reached() {
        if (downSince.getAndSet(null) != null) {
            recoveredAt = clock.instant();
        }
    }

    /** When the database was last reached again after being down; null if it has not been down. */
    Instant recoveredAt() {
        return recoveredAt;
    }

    boolean down() {
        return downSince.get() != null;
    }

    @Override
    public Health health() {
        Instant since = downSince.get();
        if (since == null) {
            return Health.up().build();
        }
        return Health.down().withDetail("since", since.toString()).withDetail("error", lastError.get()).build();
    }
}
