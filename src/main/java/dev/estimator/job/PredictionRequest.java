package dev.estimator.job;

import java.util.List;
import java.util.Map;

/** {@code POST /jobs/{id}/predictions}: rows of raw column values (numbers, or levels of categorical columns). */
public record PredictionRequest(List<Map<String, Object>> rows) {
}
