package dev.estimator.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.estimator.engine.Coefficient;
import dev.estimator.engine.FitResult;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A SUCCEEDED job's fit as the API shows it (API.md, "GET /api/v1/jobs/{id}/result"): coefficients on the
 * original scale of the columns, inference where defined, metrics of the training and validation rows.
 * Non-finite numbers are shown as null. A multinomial fit has no {@code intercept} and {@code coefficients}
 * but one entry of {@code classes} per non-reference class.
 *
 * @param durationMs training time, summed over resumed runs
 */
public record JobResult(UUID jobId, String model, int iterations, boolean converged,
        @Schema(allowableValues = {"TOLERANCE", "MAX_ITERATIONS", "EARLY_STOPPING", "TIME_LIMIT"}) String stopReason,
        int trainingRows, int skippedRows, int validationRows, String statistic, Estimate intercept,
        @Schema(nullable = true, description = "null for multinomial models (see classes)") List<Estimate> coefficients,
        @Schema(nullable = true, description = "A multinomial model's reference class (its first level)")
        String referenceClass,
        @Schema(nullable = true, description = "A multinomial model's coefficients per non-reference class")
        List<ClassEstimates> classes,
        @Schema(nullable = true, description = "The weights column, if any") String weights,
        @Schema(nullable = true, description = "The offset column, if any; predictions need it") String offset,
        Double finalLoss, Metrics metrics, long durationMs) {

    /** One non-reference class of a multinomial model: its log-odds against the reference class. */
    public record ClassEstimates(@Schema(name = "class") @com.fasterxml.jackson.annotation.JsonProperty("class")
            String name, Estimate intercept, List<Estimate> coefficients) {
    }

    /** One parameter: {@code ci95} is {@code [low, high]}; inference fields are null for penalised fits. */
    public record Estimate(String name, Double value, Double standardError, Double statistic, Double pValue,
            List<Double> ci95) {

        static Estimate of(Coefficient c) {
            List<Double> ci = c.ci95() == null ? null
                    : java.util.Arrays.stream(c.ci95()).mapToObj(LossPoint::finite).toList();
            return new Estimate(c.name(), LossPoint.finite(c.value()), finite(c.standardError()),
                    finite(c.statistic()), finite(c.pValue()), ci);
        }
    }

    /** @param validation null without validation rows */
    public record Metrics(Map<String, Double> train, Map<String, Double> validation) {
    }

    static JobResult of(UUID jobId, FitResult r, long durationMs) {
        return new JobResult(jobId, SpecEnums.spell(r.model()), r.iterations(), r.converged(), r.stopReason().name(),
                r.trainingRows(), r.skippedRows(), r.validationRows(), r.statistic(),
                r.intercept() == null ? null : Estimate.of(r.intercept()),
                r.referenceClass() != null ? null : r.coefficients().stream().map(Estimate::of).toList(),
                r.referenceClass(), r.referenceClass() == null ? null : r.classes().stream()
                        .map(c -> new ClassEstimates(c.name(), c.intercept() == null ? null : Estimate.of(c.intercept()),
                                c.coefficients().stream().map(Estimate::of).toList()))
                        .toList(),
                r.weights(), r.offset(), LossPoint.finite(r.finalLoss()),
                new Metrics(finite(r.trainMetrics()), finite(r.validationMetrics())), durationMs);
    }

    private static Double finite(Double v) {
        return v == null ? null : LossPoint.finite(v);
    }

    private static Map<String, Double> finite(Map<String, Double> metrics) {
        if (metrics == null) {
            return null;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach((k, v) -> out.put(k, finite(v)));
        return out;
    }
}
