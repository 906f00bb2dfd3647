package dev.estimator.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The one materialised copy of a job's data: a {@link DenseBlock} of training rows
 * ({@code [0, trainingRows)}) then validation rows, numeric features standardized, categorical ones one-hot
 * encoded, and what the columns are. Immutable by convention; shared read-only by tasks.
 *
 * @param skippedRows rows of the frame dropped for missing values
 */
public record DesignMatrix(DenseBlock block, int trainingRows, int validationRows, int skippedRows,
        boolean fitIntercept, ModelKind model, String target, List<EncodedFeature> features) {

    public DesignMatrix {
        if (trainingRows + validationRows != block.rows()) {
            throw new IllegalArgumentException("the block has " + block.rows() + " rows, not " + trainingRows
                    + " + " + validationRows);
        }
        features = List.copyOf(features);
    }

    public int rows() {
        return trainingRows + validationRows;
    }

    /** Design columns (the intercept not counted). */
    public int p() {
        return block.p();
    }

    double[] x() {
        return block.x();
    }

    double[] y() {
        return block.y();
    }

    /** The names of the p design columns, in order. */
    public List<String> columnNames() {
        List<String> names = new ArrayList<>(p());
        for (EncodedFeature f : features) {
            for (int k = 0; k < f.width(); k++) {
                names.add(f.name(k));
            }
        }
        return names;
    }

    /** Centre and scale of each design column (0 and 1 for indicators). */
    double[] centers() {
        double[] center = new double[p()];
        int j = 0;
        for (EncodedFeature f : features) {
            for (int k = 0; k < f.width(); k++, j++) {
                center[j] = f.categorical() ? 0.0 : f.center();
            }
        }
        return center;
    }

    double[] scales() {
        double[] scale = new double[p()];
        int j = 0;
        for (EncodedFeature f : features) {
            for (int k = 0; k < f.width(); k++, j++) {
                scale[j] = f.categorical() ? 1.0 : f.scale();
            }
        }
        return scale;
    }
}
