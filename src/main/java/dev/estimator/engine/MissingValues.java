package dev.estimator.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The missing-value step: which rows a {@link MissingPolicy} keeps, and the values
 * {@link MissingPolicy#IMPUTE_MEAN} fills in. Both work on any block of rows; fill values computed over all
 * training rows (e.g. combined from partitions) can be handed to {@link RowWriter} for every block.
 */
public final class MissingValues {

    private MissingValues() {
    }

    /**
     * Per feature, the value that replaces a missing one: the column's mean over the training rows that have a
     * value, the most frequent level's code for a categorical column; {@link #NONE} when nothing is imputed.
     */
    public record Fills(double[] byFeature) implements java.io.Serializable {

        public static final Fills NONE = new Fills(null);

        /** The fill of feature {@code f}, NaN when nothing is imputed. */
        public double of(int f) {
            return byFeature == null ? Double.NaN : byFeature[f];
        }
    }

    /**
     * Indices of the rows {@code [0, rows)} the policy keeps, ascending: rows with a missing target are always
     * dropped; {@link MissingPolicy#SKIP} also drops rows with a missing feature.
     *
     * @throws MissingValuesException under {@link MissingPolicy#ERROR}, naming the first row and column with a
     *                                missing value
     */
    public static int[] keptRows(int rows, DesignColumns columns, double[] y, MissingPolicy policy) {
        if (policy == MissingPolicy.ERROR) {
            long firstRow = Long.MAX_VALUE;
            String firstColumn = null;
            List<Frame.Column> used = new ArrayList<>();
            used.add(columns.target());
            used.addAll(columns.features());
            for (Frame.Column c : used) {
                double[] v = c.values();
                for (int i = 0; i < rows && i < firstRow; i++) {
                    if (Double.isNaN(v[i])) {
                        firstRow = i;
                        firstColumn = c.name();
                        break;
                    }
                }
            }
            if (firstColumn != null) {
                throw new MissingValuesException(firstColumn, firstRow);
            }
        }
        boolean[] drop = new boolean[rows];
        for (int i = 0; i < rows; i++) {
            drop[i] = Double.isNaN(y[i]);
        }
        if (policy == MissingPolicy.SKIP) {
            for (Frame.Column c : columns.features()) {
                double[] v = c.values();
                for (int i = 0; i < rows; i++) {
                    drop[i] |= Double.isNaN(v[i]);
                }
            }
        }
        int n = 0;
        int[] kept = new int[rows];
        for (int i = 0; i < rows; i++) {
            if (!drop[i]) {
                kept[n++] = i;
            }
        }
        return Arrays.copyOf(kept, n);
    }

    /**
     * What the fills are computed from, mergeable over blocks of rows: per feature the sum and count of the
     * present values, and for a categorical one the count of each level.
     */
    public record Tally(double[] sums, long[] counts, long[][] levels) implements java.io.Serializable {

        public static Tally of(List<Frame.Column> features, int[] rows) {
            int f = features.size();
            double[] sums = new double[f];
            long[] counts = new long[f];
            long[][] levels = new long[f][];
            for (int k = 0; k < f; k++) {
                Frame.Column c = features.get(k);
                double[] v = c.values();
                if (c.isCategorical()) {
                    levels[k] = new long[Math.max(1, c.levels().size())];
                }
                for (int i : rows) {
                    if (!Double.isNaN(v[i])) {
                        sums[k] += v[i];
                        counts[k]++;
                        if (levels[k] != null) {
                            levels[k][(int) v[i]]++;
                        }
                    }
                }
            }
            return new Tally(sums, counts, levels);
        }

        public Tally plus(Tally other) {
            double[] s = sums.clone();
            long[] n = counts.clone();
            long[][] l = new long[levels.length][];
            for (int k = 0; k < s.length; k++) {
                s[k] += other.sums[k];
                n[k] += other.counts[k];
                if (levels[k] != null) {
                    l[k] = levels[k].clone();
                    for (int j = 0; j < l[k].length; j++) {
                        l[k][j] += other.levels[k][j];
                    }
                }
            }
            return new Tally(s, n, l);
        }

        /** The fills {@link #fills} gives, from the merged tally: the mean, or the most frequent level (first on ties). */
        public Fills fills() {
            double[] fill = new double[sums.length];
            for (int k = 0; k < fill.length; k++) {
                if (levels[k] != null) {
                    int mode = 0;
                    for (int j = 1; j < levels[k].length; j++) {
                        if (levels[k][j] > levels[k][mode]) {
                            mode = j;
                        }
                    }
                    fill[k] = mode;
                } else {
                    fill[k] = counts[k] == 0 ? 0.0 : sums[k] / counts[k];
                }
            }
            return new Fills(fill);
        }
    }

    /** The fills of {@link MissingPolicy#IMPUTE_MEAN} over the given (training) rows. */
    public static Fills fills(List<Frame.Column> features, int[] rows) {
        double[] fill = new double[features.size()];
        for (int f = 0; f < features.size(); f++) {
            Frame.Column c = features.get(f);
            fill[f] = c.isCategorical() ? mostFrequentLevel(c, rows) : mean(c.values(), rows);
        }
        return new Fills(fill);
    }

    private static double mostFrequentLevel(Frame.Column c, int[] rows) {
        double[] v = c.values();
        long[] counts = new long[Math.max(1, c.levels().size())];
        for (int i : rows) {
            if (!Double.isNaN(v[i])) {
                counts[(int) v[i]]++;
            }
        }
        int mode = 0;
        for (int k = 1; k < counts.length; k++) {
            if (counts[k] > counts[mode]) {
                mode = k;
            }
        }
        return mode;
    }

    private static double mean(double[] v, int[] rows) {
        double sum = 0.0;
        long n = 0;
        for (int i : rows) {
            if (!Double.isNaN(v[i])) {
                sum += v[i];
                n++;
            }
        }
        return n == 0 ? 0.0 : sum / n;
    }
}
