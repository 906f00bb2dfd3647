package dev.estimator.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link TrainingOutcome} into a {@link FitResult} ({@link FitResult#of}): coefficients mapped back to
 * the original scale of the columns, metrics, and for unregularized fits the inference of {@link Inference}.
 */
final class FitSummary {

    private FitSummary() {
    }

    static FitResult summarize(DesignMatrix data, TrainingConfig config, TrainingOutcome outcome) {
        final int p = data.p();
        final int n = data.rows();
        final Loss loss = config.loss();
        final double[] params = outcome.params();
        double[] margins = new double[n];
        GradientKernel.best().worker(data.block(), loss).margins(0, n, params, margins);

        final int train = data.trainingRows();
        double sum = 0.0;
        for (int i = 0; i < train; i++) {
            sum += loss.value(margins[i], data.y()[i]);
        }
        double finalLoss = sum / train + config.penalty(p).value(params);
        Map<String, Double> trainMetrics = Metrics.of(data.model(), loss, margins, data.y(), 0, train);
        Map<String, Double> validationMetrics = data.validationRows() == 0 ? null
                : Metrics.of(data.model(), loss, margins, data.y(), train, n);

        double[] center = data.centers();
        double[] scale = data.scales();
        double[] original = new double[p + 1];
        double intercept = data.fitIntercept() ? params[p] : 0.0;
        for (int j = 0; j < p; j++) {
            original[j] = params[j] / scale[j];
            intercept -= params[j] * center[j] / scale[j];
        }
        original[p] = intercept;

        Inference.Estimates inference = config.penalty(p).none()
                ? Inference.estimate(data, loss, params, margins, center, scale)
                : null;

        List<String> names = data.columnNames();
        List<Coefficient> coefficients = new ArrayList<>(p);
        for (int j = 0; j < p; j++) {
            coefficients.add(inference == null ? Coefficient.bare(names.get(j), original[j])
                    : inference.coefficient(names.get(j), j, original[j]));
        }
        Coefficient interceptCoefficient = !data.fitIntercept() ? null
                : inference == null ? Coefficient.bare("(intercept)", original[p])
                : inference.coefficient("(intercept)", p, original[p]);
        return new FitResult(data.model(), outcome.iterations(), outcome.stopReason().converged(),
                outcome.stopReason(), train, data.validationRows(), data.skippedRows(),
                inference == null ? null : inference.statistic(), interceptCoefficient, coefficients,
                finalLoss, trainMetrics, validationMetrics);
    }
}
