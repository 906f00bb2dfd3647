package dev.estimator.engine;

import java.util.List;
import java.util.Map;

/**
 * What a fit produced, on the original scale of the columns.
 *
 * @param statistic           "t", "z", or null when no standard errors were computed
 * @param intercept           null without an intercept, and for multinomial models (see {@code classes})
 * @param coefficients        empty for multinomial models (see {@code classes})
 * @param finalLoss           the training objective (mean loss plus penalty) at the final parameters
 * @param trainMetrics        see {@link Metrics}; values may be null where undefined (e.g. r2 of a constant target)
 * @param validationMetrics   null without validation rows
 * @param referenceClass      a multinomial model's reference class (the first level), else null
 * @param classes             a multinomial model's coefficients per non-reference class, else empty
 * @param weights             the weights column, or null
 * @param offset              the offset column, or null
 */
public record FitResult(ModelKind model, int iterations, boolean converged, StopReason stopReason,
        int trainingRows, int validationRows, int skippedRows, String statistic, Coefficient intercept,
        List<Coefficient> coefficients, double finalLoss, Map<String, Double> trainMetrics,
        Map<String, Double> validationMetrics, String referenceClass, List<ClassCoefficients> classes,
        String weights, String offset) implements java.io.Serializable {

    public FitResult {
        coefficients = coefficients == null ? List.of() : List.copyOf(coefficients);
        classes = classes == null ? List.of() : List.copyOf(classes);
    }

    /**
     * The result of a training run on {@code data}: coefficients on the original scale, the final objective,
     * metrics on training and validation rows, and for fits without a penalty standard errors and tests.
     */
    public static FitResult of(DesignMatrix data, TrainingConfig config, TrainingOutcome outcome) {
        return FitSummary.summarize(data, config, outcome);
    }

    /**
     * The same result for a design whose rows are elsewhere, from their {@link ResultSums} at the outcome's
     * parameters (blocks' sums merged in a fixed order).
     */
    public static FitResult of(DesignShape shape, TrainingConfig config, TrainingOutcome outcome, ResultSums rows) {
        return FitSummary.summarize(shape, config, outcome, rows);
    }

    /** One non-reference class of a multinomial model: its log-odds against the reference class. */
    public record ClassCoefficients(String name, Coefficient intercept, List<Coefficient> coefficients)
            implements java.io.Serializable {
    }
}
