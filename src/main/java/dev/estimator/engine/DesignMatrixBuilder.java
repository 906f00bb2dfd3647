package dev.estimator.engine;

import java.util.List;

/**
 * Builds the {@link DesignMatrix} of a job from a {@link Frame} by its steps, in order:
 * {@link DesignColumns} (which columns), {@link TargetEncoding}, {@link MissingValues} (rows kept),
 * {@link HoldoutAssignment} (training and validation rows), {@link MissingValues#fills} and
 * {@link Standardization} over the training rows only (so validation rows do not leak into the fit), then
 * {@link RowWriter} — training rows first, then validation rows, each in frame order.
 */
public final class DesignMatrixBuilder {

    private DesignMatrixBuilder() {
    }

    /**
     * @throws DesignException       the data does not fit the spec (columns, target values, too large)
     * @throws NoRowsLeftException    the missing-value policy leaves no row
     * @throws MissingValuesException a missing value under {@link MissingPolicy#ERROR}
     */
    public static DesignMatrix build(Frame frame, DesignSpec spec) {
        DesignColumns columns = DesignColumns.select(frame, spec);
        double[] y = TargetEncoding.encode(columns.target(), spec.model());
        int[] kept = MissingValues.keptRows(frame.rows(), columns, y, spec.missing());
        if (kept.length == 0) {
            throw new NoRowsLeftException("no rows left to train on after applying missing="
                    + spec.missing().name().toLowerCase());
        }
        HoldoutAssignment.RowSplit split = HoldoutAssignment.split(kept, y, spec.holdout(), spec.seed(),
                spec.model() == ModelKind.LOGISTIC);
        int[] train = split.training();
        int[] valid = split.validation();
        if (train.length == 0) {
            throw new DesignException("no training rows left after holding out validation rows");
        }
        MissingValues.Fills fills = spec.missing() == MissingPolicy.IMPUTE_MEAN
                ? MissingValues.fills(columns.features(), train) : MissingValues.Fills.NONE;
        List<EncodedFeature> encoded = Standardization.encode(columns.features(), train, fills, spec.standardize(),
                spec.fitIntercept());
        RowWriter writer = new RowWriter(columns.features(), encoded, fills, y);
        long total = (long) (train.length + valid.length) * writer.width();
        if (total > Integer.MAX_VALUE - 16) {
            throw new DesignException("the design matrix would hold " + total + " values, more than one job can fit ("
                    + (Integer.MAX_VALUE - 16) + ")");
        }
        double[] x = new double[(int) total];
        double[] yOut = new double[train.length + valid.length];
        writer.write(valid, x, yOut, writer.write(train, x, yOut, 0));
        return new DesignMatrix(new DenseBlock(x, yOut, writer.width()), train.length, valid.length,
                frame.rows() - kept.length, spec.fitIntercept(), spec.model(), spec.target(), encoded);
    }
}
