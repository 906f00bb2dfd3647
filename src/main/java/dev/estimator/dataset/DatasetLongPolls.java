package dev.estimator.dataset;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

import jakarta.annotation.PreDestroy;

/**
 * {@code GET /datasets/{id}?waitSeconds=N}: the request is parked as a {@link DeferredResult} (no thread held)
 * until the dataset's status differs from the one the client saw, or the time is up; either way the answer is the
 * dataset as the database has it then. The status is written by a Spark run, maybe of another instance, so parked
 * datasets are re-read every {@value #SWEEP_MILLIS} ms.
 */
@Component
class DatasetLongPolls {

    private static final Logger log = LoggerFactory.getLogger(DatasetLongPolls.class);
    static final long SWEEP_MILLIS = 250;

    private record Waiter(DatasetStatus status, DeferredResult<ResponseEntity<DatasetResponse>> result) {
    }

    private final DatasetRepository repository;
    private final Map<UUID, List<Waiter>> waiters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dataset-long-polls");
        t.setDaemon(true);
        return t;
    });

    DatasetLongPolls(DatasetRepository repository) {
        this.repository = repository;
        executor.scheduleWithFixedDelay(this::sweepSafely, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** Parks a request for a dataset the client saw with {@code seen}'s status. */
    DeferredResult<ResponseEntity<DatasetResponse>> await(Dataset seen, long millis) {
        UUID id = seen.id();
        DeferredResult<ResponseEntity<DatasetResponse>> result = new DeferredResult<>(millis);
        Waiter waiter = new Waiter(seen.status(), result);
        result.onTimeout(() -> result.setResult(entity(repository.find(id).map(StoredDataset::dataset).orElse(seen))));
        result.onCompletion(() -> remove(id, waiter));
        waiters.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(waiter);
        return result;
    }

    static ResponseEntity<DatasetResponse> entity(Dataset dataset) {
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        if (dataset.status() == DatasetStatus.PROFILING) {
            ok.header("Retry-After", DatasetRegistrationController.PROFILING_RETRY_AFTER);
        }
        return ok.body(DatasetResponse.of(dataset));
    }

    private void sweepSafely() {
        try {
            for (UUID id : waiters.keySet()) {
                check(id);
            }
        } catch (RuntimeException e) {
            log.warn("Re-reading parked datasets failed; trying again", e);
        }
    }

    private void check(UUID id) {
        List<Waiter> list = waiters.get(id);
        if (list == null || list.isEmpty()) {
            return;
        }
        var stored = repository.find(id);
        for (Waiter w : list) {
            if (stored.isEmpty()) {
                // Deleted while the client waited.
                w.result().setErrorResult(new DatasetNotFoundException(id));
            } else if (stored.get().dataset().status() != w.status()) {
                w.result().setResult(entity(stored.get().dataset()));
            }
        }
    }

    private void remove(UUID id, Waiter waiter) {
        waiters.computeIfPresent(id, (k, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
        });
    }
}
