package dev.estimator.engine;

import java.util.List;

/**
 * How to build a design matrix from a {@link Frame}: which columns, how to encode and clean them, and
 * which rows to hold out.
 *
 * @param features empty means every column but the target, the weights and the offset
 * @param weights  null, or a numeric column of non-negative prior weights
 * @param offset   null, or a numeric column added to every margin with coefficient 1
 */
public record DesignSpec(String target, List<String> features, ModelKind model, boolean fitIntercept,
        boolean standardize, MissingPolicy missing, Holdout holdout, long seed, String weights, String offset) implements java.io.Serializable {

    public DesignSpec {
        features = features == null ? List.of() : List.copyOf(features);
        holdout = holdout == null ? Holdout.NONE : holdout;
    }

    /** Without weights and offset. */
    public DesignSpec(String target, List<String> features, ModelKind model, boolean fitIntercept,
            boolean standardize, MissingPolicy missing, Holdout holdout, long seed) {
        this(target, features, model, fitIntercept, standardize, missing, holdout, seed, null, null);
    }

    /**
     * Rows held out for validation: a seeded random {@code fraction} of the rows, or fold {@code fold} of
     * {@code folds} (assigned by seed, stratified by class for logistic and multinomial models).
     */
    public record Holdout(double fraction, int folds, int fold) implements java.io.Serializable {

        public static final Holdout NONE = new Holdout(0.0, 0, 0);

        public Holdout {
            if (!(fraction >= 0.0 && fraction <= 0.5)) {
                throw new IllegalArgumentException("validation fraction must be in [0, 0.5]");
            }
            if (folds != 0 && (folds < 2 || fold < 0 || fold >= folds)) {
                throw new IllegalArgumentException("folds >= 2 and 0 <= fold < folds required");
            }
            if (folds != 0 && fraction > 0.0) {
                throw new IllegalArgumentException("use either a validation fraction or folds, not both");
            }
        }

        public static Holdout fraction(double fraction) {
            return new Holdout(fraction, 0, 0);
        }

        public static Holdout fold(int folds, int fold) {
            return new Holdout(0.0, folds, fold);
        }

        public boolean any() {
            return fraction > 0.0 || folds > 0;
        }
    }
}
