package dev.estimator.engine;

import java.io.Serializable;

/**
 * A design's prior-weight totals: the sums of the weights of its training rows and of its validation rows. The
 * kernels divide each weight by its part's mean weight (so the trainer's mean over rows is {@code Σwᵢℓᵢ/Σwᵢ});
 * a block holding some of the rows needs the whole design's totals for that — its own would weigh its rows
 * differently — merged over the blocks in a fixed order ({@link #plus}).
 */
public record WeightTotals(int trainingRows, double training, int validationRows, double validation)
        implements Serializable {

    /** The totals of a matrix's own rows, each summed in row order; null without weights. */
    public static WeightTotals of(DesignMatrix data) {
        return data.weights() == null ? null : of(data.weights(), data.trainingRows());
    }

    /** The totals of weights of training rows {@code [0, trainingRows)} then validation rows, each in row order. */
    public static WeightTotals of(double[] weights, int trainingRows) {
        return new WeightTotals(trainingRows, sum(weights, 0, trainingRows), weights.length - trainingRows,
                sum(weights, trainingRows, weights.length));
    }

    private static double sum(double[] w, int from, int to) {
        double sum = 0.0;
        for (int i = from; i < to; i++) {
            sum += w[i];
        }
        return sum;
    }

    public WeightTotals plus(WeightTotals o) {
        return new WeightTotals(trainingRows + o.trainingRows, training + o.training,
                validationRows + o.validationRows, validation + o.validation);
    }

    /**
     * What a training row's weight is multiplied by: rows over their weight sum.
     *
     * @throws DesignException when there are training rows and their weights add up to 0
     */
    public double trainingScale() {
        return scale(trainingRows, training, "training");
    }

    /** What a validation row's weight is multiplied by. */
    public double validationScale() {
        return scale(validationRows, validation, "validation");
    }

    private static double scale(int rows, double sum, String part) {
        if (rows > 0 && !(sum > 0.0)) {
            throw new DesignException("the weights of the " + part + " rows add up to 0; at least one must be > 0");
        }
        return rows / sum;
    }
}
