package dev.estimator.engine;

import java.util.List;
import java.util.Map;

/**
 * What a fit produced, on the original scale of the columns.
 *
 * @param statistic           "t", "z", or null when no standard errors were computed
 * @param intercept           null without an intercept
 * @param finalLoss           the training objective (mean loss plus penalty) at the final parameters
 * @param trainMetrics        see {@link Metrics}; values may be null where undefined (e.g. r2 of a constant target)
 * @param validationMetrics   null without validation rows
 */
public record FitResult(ModelKind model, int iterations, boolean converged, StopReason stopReason,
        int trainingRows, int validationRows, int skippedRows, String statistic, Coefficient intercept,
        List<Coefficient> coefficients, double finalLoss, Map<String, Double> trainMetrics,
        Map<String, Double> validationMetrics) {

    /**
     * The result of a training run on {@code data}: coefficients on the original scale, the final objective,
     * metrics on training and validation rows, and for fits without a penalty standard errors and tests.
     */
    public static FitResult of(DesignMatrix data, TrainingConfig config, TrainingOutcome outcome) {
        return FitSummary.summarize(data, config, outcome);
    }
}
