package dev.estimator.job;

import java.util.List;

/**
 * A training job as a client submits it (API.md, "Training jobs"), and as it is echoed back with every
 * default filled in. Fields are nullable so that an omitted field can be told from a given one; enum
 * values are the API's lower-case strings, checked by {@link JobSpecValidator} rather than by Jackson so
 * that a bad value is reported together with every other invalid field.
 */
public record JobSpec(String datasetId, String name, String target, List<String> features, String model,
        Boolean fitIntercept, Boolean standardize, String missing, Double huberDelta,
        Regularization regularization, Optimizer optimizer, Validation validation, Double maxRuntimeSeconds,
        Long seed) {

    /** The penalty {@code l2/2·‖w‖² + l1·‖w‖₁}. */
    public record Regularization(Double l2, Double l1) {
    }

    public record Optimizer(String algorithm, String update, Double learningRate, String schedule,
            Integer batchSize, Integer maxIterations, Double tolerance, Integer partitions, String parallelMode) {
    }

    /** A held-out {@code fraction}, or fold {@code fold} of {@code folds}; {@code patience} for early stopping. */
    public record Validation(Double fraction, Integer patience, Integer folds, Integer fold) {
    }
}
