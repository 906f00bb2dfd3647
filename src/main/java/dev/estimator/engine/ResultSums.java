package dev.estimator.engine;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * What a fit's result is computed from at the final parameters, gathered from rows wherever they are: every
 * row's score (its margin, or a multinomial row's class probabilities), target and prior weight — training rows
 * then validation rows — the training loss sum, and the inference's information and dispersion sums. One
 * block's ({@link #of}) merge with others' in a fixed order ({@link #merge}); the metrics then read the
 * scores, and the AUC ranks them all, so a result needs 2–3 values a row in one place (never a row's features).
 */
public final class ResultSums implements Serializable {

    private static final long serialVersionUID = 1L;

    final int trainingRows;
    final int validationRows;
    /** values a row's score has: k for a multinomial model's probabilities, else 1 (the margin) */
    final int width;
    final double[] scores;
    final double[] y;
    final double[] weights;
    final double lossSum;
    final Inference.Partial inference;

    ResultSums(int trainingRows, int validationRows, int width, double[] scores, double[] y, double[] weights,
            double lossSum, Inference.Partial inference) {
        this.trainingRows = trainingRows;
        this.validationRows = validationRows;
        this.width = width;
        this.scores = scores;
        this.y = y;
        this.weights = weights;
        this.lossSum = lossSum;
        this.inference = inference;
    }

    /** The sums of one block (a design matrix of its own rows) at {@code params}. */
    public static ResultSums of(DesignMatrix data, TrainingConfig config, double[] params) {
        if (data.weights() != null) {
            throw new IllegalArgumentException("a weighted block needs the design's weight totals");
        }
        return FitSummary.sums(data, config, params, null);
    }

    /**
     * The sums of one block of a weighted design: its loss sum weighs rows by the whole design's mean weight.
     *
     * @param totals the whole design's weight totals, merged over its blocks in their fixed order
     */
    public static ResultSums of(DesignMatrix data, TrainingConfig config, double[] params, WeightTotals totals) {
        return FitSummary.sums(data, config, params, totals);
    }

    /** Blocks' sums one after another: their rows in list order (training rows before validation rows). */
    public static ResultSums merge(List<ResultSums> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int train = 0;
        int valid = 0;
        int width = parts.get(0).width;
        boolean weighted = parts.get(0).weights != null;
        for (ResultSums s : parts) {
            train += s.trainingRows;
            valid += s.validationRows;
        }
        int n = train + valid;
        double[] scores = new double[n * width];
        double[] y = new double[n];
        double[] w = weighted ? new double[n] : null;
        double loss = 0.0;
        Inference.Partial inference = null;
        int at = 0;
        int atValid = train;
        for (ResultSums s : parts) {
            System.arraycopy(s.scores, 0, scores, at * width, s.trainingRows * width);
            System.arraycopy(s.scores, s.trainingRows * width, scores, atValid * width, s.validationRows * width);
            System.arraycopy(s.y, 0, y, at, s.trainingRows);
            System.arraycopy(s.y, s.trainingRows, y, atValid, s.validationRows);
            if (w != null) {
                System.arraycopy(s.weights, 0, w, at, s.trainingRows);
                System.arraycopy(s.weights, s.trainingRows, w, atValid, s.validationRows);
            }
            at += s.trainingRows;
            atValid += s.validationRows;
            loss += s.lossSum;
            inference = inference == null ? s.inference : s.inference == null ? inference : inference.plus(s.inference);
        }
        return new ResultSums(train, valid, width, scores, y, w, loss, inference);
    }

    @Override
    public String toString() {
        return "ResultSums[" + trainingRows + " + " + validationRows + " rows, loss " + lossSum + ", scores "
                + Arrays.hashCode(scores) + "]";
    }
}
