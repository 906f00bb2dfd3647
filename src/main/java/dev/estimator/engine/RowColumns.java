package dev.estimator.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-row columns of a design that are not features: prior weights and an offset. They follow the
 * missing-value policy like features (a missing value fails the job, drops the row, or takes the mean of
 * the training rows); a negative weight always fails, naming the column.
 */
public final class RowColumns {

    final Frame.Column weights;
    final Frame.Column offset;

    /**
     * @throws DesignException a column that does not exist, is categorical, is also the target or a feature, or
     *                         has a negative weight
     */
    public RowColumns(Frame frame, DesignSpec spec) {
        this.weights = column(frame, spec.weights(), "weights", spec);
        this.offset = column(frame, spec.offset(), "offset", spec);
        if (weights != null) {
            for (double w : weights.values()) {
                if (w < 0.0) {
                    throw new DesignException("weights column '" + weights.name() + "' has a negative value (" + w
                            + "); weights must be >= 0");
                }
            }
        }
    }

    private static Frame.Column column(Frame frame, String name, String role, DesignSpec spec) {
        if (name == null) {
            return null;
        }
        Frame.Column c = frame.column(name);
        if (c == null) {
            throw new DesignException(role + " column '" + name + "' does not exist");
        }
        if (c.isCategorical()) {
            throw new DesignException(role + " column '" + name + "' is categorical; it must be numeric");
        }
        if (name.equals(spec.target()) || spec.features().contains(name)) {
            throw new DesignException(role + " column '" + name + "' cannot also be the target or a feature");
        }
        return c;
    }

    /** The weights column, or null. */
    public Frame.Column weights() {
        return weights;
    }

    /** The offset column, or null. */
    public Frame.Column offset() {
        return offset;
    }

    /** Whether a column is one of these (left out of the default features). */
    public boolean contains(String name) {
        return (weights != null && weights.name().equals(name)) || (offset != null && offset.name().equals(name));
    }

    /** The columns that follow the missing-value policy. */
    public List<Frame.Column> used() {
        List<Frame.Column> out = new ArrayList<>(2);
        if (weights != null) {
            out.add(weights);
        }
        if (offset != null) {
            out.add(offset);
        }
        return out;
    }

    /** The values of {@code c} at {@code train} then {@code valid}, a missing one replaced by the training mean. */
    static double[] gather(Frame.Column c, int[] train, int[] valid) {
        if (c == null) {
            return null;
        }
        double[] v = c.values();
        double sum = 0.0;
        long n = 0;
        for (int i : train) {
            if (!Double.isNaN(v[i])) {
                sum += v[i];
                n++;
            }
        }
        return gather(c, train, valid, n == 0 ? 0.0 : sum / n);
    }

    /**
     * The values of {@code c} at {@code train} then {@code valid}, a missing one replaced by {@code fill} (the
     * training mean over all blocks of a design whose rows are split); null without the column.
     */
    public static double[] gather(Frame.Column c, int[] train, int[] valid, double fill) {
        if (c == null) {
            return null;
        }
        double[] v = c.values();
        double[] out = new double[train.length + valid.length];
        for (int r = 0; r < train.length; r++) {
            out[r] = Double.isNaN(v[train[r]]) ? fill : v[train[r]];
        }
        for (int r = 0; r < valid.length; r++) {
            out[train.length + r] = Double.isNaN(v[valid[r]]) ? fill : v[valid[r]];
        }
        return out;
    }
}
