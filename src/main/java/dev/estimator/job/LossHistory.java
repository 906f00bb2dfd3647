package dev.estimator.job;

import java.util.List;
import java.util.UUID;

/** {@code GET /jobs/{id}/loss}: stored loss points in iteration order. */
public record LossHistory(UUID jobId, List<LossPoint> points) {
}
