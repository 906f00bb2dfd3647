package dev.estimator.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The one materialised copy of a job's data: {@code rows × p} values, row-major, training rows first
 * ({@code [0, trainingRows)}) then validation rows, numeric features standardized, categorical ones
 * one-hot encoded. The intercept is not stored: kernels add {@code params[p]} to every margin, which
 * saves reading a column of ones every epoch. Immutable by convention; shared read-only by tasks.
 *
 * @param skippedRows rows of the frame dropped for missing values
 */
public record DesignMatrix(double[] x, double[] y, int p, int trainingRows, int validationRows,
        int skippedRows, boolean fitIntercept, ModelKind model, String target,
        List<EncodedFeature> features) {

    public int rows() {
        return trainingRows + validationRows;
    }

    /** The names of the p design columns, in order. */
    public List<String> columnNames() {
        List<String> names = new ArrayList<>(p);
        for (EncodedFeature f : features) {
            for (int k = 0; k < f.width(); k++) {
                names.add(f.name(k));
            }
        }
        return names;
    }

    /** Centre and scale of each design column (0 and 1 for indicators). */
    public double[][] standardization() {
        double[] center = new double[p];
        double[] scale = new double[p];
        int j = 0;
        for (EncodedFeature f : features) {
            for (int k = 0; k < f.width(); k++, j++) {
                center[j] = f.categorical() ? 0.0 : f.center();
                scale[j] = f.categorical() ? 1.0 : f.scale();
            }
        }
        return new double[][] {center, scale};
    }
}
