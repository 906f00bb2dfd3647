package dev.estimator.dataset;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The dataset meters: {@code estimator.datasets.stored} and {@code estimator.datasets.bytes} (count and
 * encoded bytes of stored datasets), {@code estimator.uploads.bytes} (size of each accepted upload) and
 * {@code estimator.datasets.loads} (frames read from the database, i.e. cache misses). The gauges read the
 * database, so every instance reports the same totals; a reading is reused for a few seconds so a scrape
 * costs at most one small query, and this instance's own uploads and deletes show at once.
 */
@Component
class DatasetMetrics {

    private static final Duration TOTALS_TTL = Duration.ofSeconds(10);

    private final DatasetRepository repository;
    private final Counter loads;
    private final DistributionSummary uploads;
    private final AtomicReference<Snapshot> totals = new AtomicReference<>();

    DatasetMetrics(MeterRegistry registry, DatasetRepository repository) {
        this.repository = repository;
        this.loads = Counter.builder("estimator.datasets.loads")
                .description("Dataset frames loaded from the database (frame cache misses)")
                .register(registry);
        this.uploads = DistributionSummary.builder("estimator.uploads.bytes")
                .description("Size of accepted dataset uploads")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("estimator.datasets.stored", this, m -> m.totals().datasets())
                .description("Datasets stored")
                .register(registry);
        Gauge.builder("estimator.datasets.bytes", this, m -> m.totals().storedBytes())
                .description("Bytes of encoded dataset values stored")
                .baseUnit("bytes")
                .register(registry);
    }

    void uploaded(long bytes) {
        uploads.record(bytes);
        totals.set(null);
    }

    void deleted() {
        totals.set(null);
    }

    void frameLoaded() {
        loads.increment();
    }

    long frameLoads() {
        return (long) loads.count();
    }

    private DatasetRepository.Totals totals() {
        Snapshot current = totals.get();
        long now = System.nanoTime();
        if (current == null || now - current.takenAt() > TOTALS_TTL.toNanos()) {
            current = new Snapshot(repository.totals(), now);
            totals.set(current);
        }
        return current.totals();
    }

    private record Snapshot(DatasetRepository.Totals totals, long takenAt) {
    }
}
