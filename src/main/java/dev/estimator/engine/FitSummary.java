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
        return summarize(data.shape(), config, outcome, sums(data, config, outcome.params(), WeightTotals.of(data)));
    }

    /**
     * What {@link #summarize} reads of the rows of {@code data}.
     *
     * @param totals the weight totals of the design {@code data} is (part of); null without weights
     */
    static ResultSums sums(DesignMatrix data, TrainingConfig config, double[] params, WeightTotals totals) {
        final int n = data.rows();
        final int train = data.trainingRows();
        final Loss loss = config.loss();
        final Penalty penalty = config.penalty(data.p(), data.blocks());
        final boolean softmax = data.model() == ModelKind.MULTINOMIAL;
        final GlmKernel glm = data.plain() ? null : new GlmKernel(data, loss, totals);
        double[] margins = new double[n];
        double[] scores;
        double sum = 0.0;
        if (softmax) {
            scores = probabilities(data, glm, params);
            sum = glm.loss(0, train, params);
        } else {
            if (glm == null) {
                GradientKernel.best().worker(data.block(), loss).margins(0, n, params, margins);
                for (int i = 0; i < train; i++) {
                    sum += loss.value(margins[i], data.y()[i]);
                }
            } else {
                glm.margins(0, n, params, margins);
                sum = glm.loss(0, train, params);
            }
            scores = margins;
        }
        Inference.Partial inference = penalty.none() ? Inference.partial(data, loss, params, margins, glm) : null;
        return new ResultSums(train, data.validationRows(), softmax ? data.blocks() + 1 : 1, scores, data.y(),
                data.weights(), sum, inference);
    }

    static FitResult summarize(DesignShape data, TrainingConfig config, TrainingOutcome outcome, ResultSums rows) {
        final int p = data.p();
        final int n = data.rows();
        final int train = data.trainingRows();
        final int blocks = data.blocks();
        final Loss loss = config.loss();
        final double[] params = outcome.params();
        final Penalty penalty = config.penalty(p, blocks);
        final boolean softmax = data.model() == ModelKind.MULTINOMIAL;
        if (rows.trainingRows != train || rows.validationRows != data.validationRows()) {
            throw new IllegalArgumentException("the sums cover " + rows.trainingRows + " + " + rows.validationRows
                    + " rows, the design " + train + " + " + data.validationRows());
        }

        Map<String, Double> trainMetrics;
        Map<String, Double> validationMetrics;
        if (softmax) {
            int k = blocks + 1;
            trainMetrics = Metrics.multinomial(rows.scores, k, rows.y, rows.weights, 0, train);
            validationMetrics = data.validationRows() == 0 ? null
                    : Metrics.multinomial(rows.scores, k, rows.y, rows.weights, train, n);
        } else {
            trainMetrics = Metrics.of(data.model(), loss, rows.scores, rows.y, rows.weights, 0, train);
            validationMetrics = data.validationRows() == 0 ? null
                    : Metrics.of(data.model(), loss, rows.scores, rows.y, rows.weights, train, n);
        }
        double finalLoss = rows.lossSum / train + penalty.value(params);

        double[] center = data.centers();
        double[] scale = data.scales();
        Inference inference = penalty.none() && rows.inference != null
                ? Inference.estimate(data, rows.inference, center, scale) : null;

        List<String> names = data.columnNames();
        List<FitResult.ClassCoefficients> classes = new ArrayList<>();
        Coefficient interceptCoefficient = null;
        List<Coefficient> coefficients = List.of();
        for (int b = 0; b < blocks; b++) {
            double[] original = original(params, b * (p + 1), p, data.fitIntercept(), center, scale);
            List<Coefficient> block = new ArrayList<>(p);
            for (int j = 0; j < p; j++) {
                block.add(inference == null ? Coefficient.bare(names.get(j), original[j])
                        : inference.coefficient(names.get(j), b, j, original[j]));
            }
            Coefficient intercept = !data.fitIntercept() ? null
                    : inference == null ? Coefficient.bare("(intercept)", original[p])
                    : inference.coefficient("(intercept)", b, p, original[p]);
            if (softmax) {
                classes.add(new FitResult.ClassCoefficients(data.classes().get(b + 1), intercept, block));
            } else {
                coefficients = block;
                interceptCoefficient = intercept;
            }
        }
        return new FitResult(data.model(), outcome.iterations(), outcome.stopReason().converged(),
                outcome.stopReason(), train, data.validationRows(), data.skippedRows(),
                inference == null ? null : inference.statistic(), interceptCoefficient, coefficients,
                finalLoss, trainMetrics, validationMetrics, softmax ? data.classes().get(0) : null, classes,
                data.weightsColumn(), data.offsetColumn());
    }

    /** One block's coefficients then intercept on the original scale of the columns. */
    private static double[] original(double[] params, int base, int p, boolean fitIntercept, double[] center,
            double[] scale) {
        double[] original = new double[p + 1];
        double intercept = fitIntercept ? params[base + p] : 0.0;
        for (int j = 0; j < p; j++) {
            original[j] = params[base + j] / scale[j];
            intercept -= params[base + j] * center[j] / scale[j];
        }
        original[p] = intercept;
        return original;
    }

    /** Every row's class probabilities, {@code prob[i·k + c]}, class 0 the reference. */
    private static double[] probabilities(DesignMatrix data, GlmKernel glm, double[] params) {
        final int k1 = data.blocks();
        final int k = k1 + 1;
        double[] prob = new double[data.rows() * k];
        double[] m = new double[k1];
        double[] pr = new double[k];
        for (int i = 0; i < data.rows(); i++) {
            glm.rowMargins(i, params, m);
            MultinomialLoss.probabilities(m, k1, pr);
            System.arraycopy(pr, 0, prob, i * k, k);
        }
        return prob;
    }
}
