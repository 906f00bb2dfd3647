package dev.estimator.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * What a design is, without its rows: the columns and their encoding, the model, and how many rows train
 * and validate. A {@link DesignMatrix} has one ({@link DesignMatrix#shape()}); data split over machines
 * describes all its blocks with one, so the trainer and the result need no row of it in one place.
 *
 * @param p             design columns, the intercept not counted
 * @param skippedRows   rows dropped for missing values
 * @param classes       the target's levels for multinomial models, else empty
 * @param weightsColumn null without weights
 * @param offsetColumn  null without an offset
 */
public record DesignShape(int p, int trainingRows, int validationRows, int skippedRows, boolean fitIntercept,
        ModelKind model, String target, List<EncodedFeature> features, List<String> classes, String weightsColumn,
        String offsetColumn) implements java.io.Serializable {

    public DesignShape {
        features = List.copyOf(features);
        classes = classes == null ? List.of() : List.copyOf(classes);
        if (trainingRows < 0 || validationRows < 0) {
            throw new IllegalArgumentException("row counts must be >= 0");
        }
    }

    public int rows() {
        return trainingRows + validationRows;
    }

    /** Margins a row has: k − 1 for a k-class multinomial model, else 1. */
    public int blocks() {
        return model == ModelKind.MULTINOMIAL ? Math.max(1, classes.size() - 1) : 1;
    }

    /** Parameters of the fit: {@code blocks()} blocks of p coefficients and an intercept. */
    public int dims() {
        return blocks() * (p + 1);
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

    /** Centre of each design column (0 for indicators). */
    double[] centers() {
        double[] center = new double[p];
        int j = 0;
        for (EncodedFeature f : features) {
            for (int k = 0; k < f.width(); k++, j++) {
                center[j] = f.categorical() ? 0.0 : f.center();
            }
        }
        return center;
    }

    /** Scale of each design column (1 for indicators). */
    double[] scales() {
        double[] scale = new double[p];
        int j = 0;
        for (EncodedFeature f : features) {
            for (int k = 0; k < f.width(); k++, j++) {
                scale[j] = f.categorical() ? 1.0 : f.scale();
            }
        }
        return scale;
    }
}
