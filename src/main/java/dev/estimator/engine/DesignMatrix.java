package dev.estimator.engine;

import java.util.List;

/**
 * The one materialised copy of a job's data: a {@link DenseBlock} of training rows
 * ({@code [0, trainingRows)}) then validation rows, numeric features standardized, categorical ones one-hot
 * encoded, and what the columns are. Immutable by convention; shared read-only by tasks.
 *
 * <p>For multinomial models the block's {@code y} holds class codes {@code 0 … k − 1} into {@code classes}
 * (class 0 is the reference) and the parameters are {@code k − 1} blocks of p coefficients and an intercept.
 *
 * @param skippedRows   rows of the frame dropped for missing values
 * @param weights       prior weights per row (≥ 0), or null for all 1
 * @param offsets       per row, added to every margin; or null for none
 * @param classes       the target's levels for multinomial models, else empty
 * @param weightsColumn null without weights
 * @param offsetColumn  null without an offset
 */
public record DesignMatrix(DenseBlock block, int trainingRows, int validationRows, int skippedRows,
        boolean fitIntercept, ModelKind model, String target, List<EncodedFeature> features, double[] weights,
        double[] offsets, List<String> classes, String weightsColumn, String offsetColumn) {

    public DesignMatrix {
        if (trainingRows + validationRows != block.rows()) {
            throw new IllegalArgumentException("the block has " + block.rows() + " rows, not " + trainingRows
                    + " + " + validationRows);
        }
        if ((weights != null && weights.length != block.rows()) || (offsets != null && offsets.length != block.rows())) {
            throw new IllegalArgumentException("weights and offsets need one value a row");
        }
        features = List.copyOf(features);
        classes = classes == null ? List.of() : List.copyOf(classes);
    }

    /** Unweighted, without offset, single-margin. */
    public DesignMatrix(DenseBlock block, int trainingRows, int validationRows, int skippedRows,
            boolean fitIntercept, ModelKind model, String target, List<EncodedFeature> features) {
        this(block, trainingRows, validationRows, skippedRows, fitIntercept, model, target, features, null, null,
                List.of(), null, null);
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

    /** Margins a row has: k − 1 for a k-class multinomial model, else 1. */
    public int blocks() {
        return shape().blocks();
    }

    /** Parameters of the fit: {@code blocks()} blocks of p coefficients and an intercept. */
    public int dims() {
        return shape().dims();
    }

    /** Whether the plain kernels can fit it: one margin a row, unit weights and no offset. */
    public boolean plain() {
        return weights == null && offsets == null && model != ModelKind.MULTINOMIAL;
    }

    /** Weight of row i (1 without weights). */
    public double weight(int i) {
        return weights == null ? 1.0 : weights[i];
    }

    /** What the matrix is, without its rows. */
    public DesignShape shape() {
        return new DesignShape(p(), trainingRows, validationRows, skippedRows, fitIntercept, model, target, features,
                classes, weightsColumn, offsetColumn);
    }

    /** The names of the p design columns, in order. */
    public List<String> columnNames() {
        return shape().columnNames();
    }

    /** Centre of each design column (0 for indicators). */
    double[] centers() {
        return shape().centers();
    }

    /** Scale of each design column (1 for indicators). */
    double[] scales() {
        return shape().scales();
    }
}
