package dev.estimator.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The encoding step: how each feature column becomes design columns. A numeric column is centred and scaled
 * by its training rows' mean and sample standard deviation (when standardizing; centring only with an
 * intercept, which absorbs it); a categorical column becomes one indicator per level, the first level
 * dropped as the baseline when there is an intercept.
 *
 * <p>Statistics are computed here over the rows of one frame ({@link #encode}); data split over partitions
 * computes each column's {@link Statistics} over all its training rows first (e.g. by combining partial
 * sums) and encodes with {@link #numeric}, so every block is standardized alike.
 */
public final class Standardization {

    private Standardization() {
    }

    /** A column's mean and sample standard deviation (n − 1 in the denominator; 0 for fewer than two rows). */
    public record Statistics(double mean, double std) {

        /**
         * Over the given rows, a missing value counting as {@code fill}: Welford's one-pass update (B. P.
         * Welford, "Note on a method for calculating corrected sums of squares and products", Technometrics
         * 4(3), 1962), stable where the textbook {@code Σx² − n·mean²} cancels.
         */
        public static Statistics of(double[] values, int[] rows, double fill) {
            return Moments.of(values, rows, fill).statistics();
        }
    }

    /**
     * A column's count, mean and sum of squared deviations over some rows, mergeable: blocks' moments added in
     * a fixed order give the statistics of all their rows (Chan, Golub and LeVeque's pairwise update, "Updating
     * formulae and a pairwise algorithm for computing sample variances", 1979).
     */
    public record Moments(long n, double mean, double m2) implements java.io.Serializable {

        public static final Moments NONE = new Moments(0, 0.0, 0.0);

        /** Over the given rows, a missing value counting as {@code fill}, by Welford's update (see {@link Statistics#of}). */
        public static Moments of(double[] values, int[] rows, double fill) {
            double mean = 0.0;
            double m2 = 0.0;
            long n = 0;
            for (int i : rows) {
                double value = Double.isNaN(values[i]) ? fill : values[i];
                n++;
                double delta = value - mean;
                mean += delta / n;
                m2 += delta * (value - mean);
            }
            return new Moments(n, mean, m2);
        }

        public Moments plus(Moments other) {
            if (other.n == 0) {
                return this;
            }
            if (n == 0) {
                return other;
            }
            long total = n + other.n;
            double delta = other.mean - mean;
            double mean = this.mean + delta * other.n / total;
            double m2 = this.m2 + other.m2 + delta * delta * ((double) n * other.n / total);
            return new Moments(total, mean, m2);
        }

        public Statistics statistics() {
            return new Statistics(mean, n > 1 ? Math.sqrt(m2 / (n - 1)) : 0.0);
        }
    }

    /** Encodes every feature with statistics over {@code trainingRows} (missing values counting as their fill). */
    public static List<EncodedFeature> encode(List<Frame.Column> features, int[] trainingRows, MissingValues.Fills fills,
            boolean standardize, boolean fitIntercept) {
        List<EncodedFeature> encoded = new ArrayList<>(features.size());
        for (int f = 0; f < features.size(); f++) {
            Frame.Column c = features.get(f);
            if (c.isCategorical()) {
                encoded.add(categorical(c.name(), c.levels(), fitIntercept));
            } else {
                Statistics stats = standardize ? Statistics.of(c.values(), trainingRows, fills.of(f)) : null;
                encoded.add(numeric(c.name(), stats, fitIntercept));
            }
        }
        return encoded;
    }

    /**
     * A numeric feature standardized with given statistics, or left as it is when they are null. A constant
     * column (std 0) is only centred.
     */
    public static EncodedFeature numeric(String column, Statistics stats, boolean fitIntercept) {
        if (stats == null) {
            return new EncodedFeature(column, false, List.of(), 0, 0.0, 1.0);
        }
        double center = fitIntercept ? stats.mean() : 0.0;
        double scale = stats.std() > 0.0 && Double.isFinite(stats.std()) ? stats.std() : 1.0;
        return new EncodedFeature(column, false, List.of(), 0, center, scale);
    }

    /** A categorical feature: one indicator per level, the first dropped as baseline with an intercept. */
    public static EncodedFeature categorical(String column, List<String> levels, boolean fitIntercept) {
        return new EncodedFeature(column, true, levels, fitIntercept ? 1 : 0, 0.0, 1.0);
    }
}
