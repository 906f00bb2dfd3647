package dev.estimator.engine;

import java.util.List;
import java.util.Map;

/**
 * Predictions of a fitted model from raw column values, using the coefficients on the original scale:
 * {@code mean(b + offset + Σ βⱼ xⱼ + Σ β_{column=level})}, or for a multinomial model the softmax of one
 * such margin per non-reference class. A categorical value must be one of the column's
 * levels; its baseline level (dropped with an intercept) contributes nothing.
 */
public final class Predictor {

    private final ModelKind model;
    private final Loss loss;
    private final List<EncodedFeature> features;
    private final double[][] coefficients;
    private final double[] intercepts;
    private final String offset;
    private final List<String> classes;

    /**
     * A single-margin model.
     *
     * @param coefficients one per design column, in the order of {@code features}' design columns
     */
    public Predictor(ModelKind model, List<EncodedFeature> features, double[] coefficients, double intercept) {
        this(model, features, new double[][] {coefficients}, new double[] {intercept}, null, List.of());
    }

    /**
     * @param coefficients per margin (one for single-margin models, k − 1 for multinomial ones), one per
     *                     design column
     * @param intercepts   per margin
     * @param offset       the offset column every row must carry, or null
     * @param classes      a multinomial model's k classes, reference first; else empty
     */
    public Predictor(ModelKind model, List<EncodedFeature> features, double[][] coefficients, double[] intercepts,
            String offset, List<String> classes) {
        this.model = model;
        this.loss = model.loss(1.0);
        this.features = List.copyOf(features);
        this.coefficients = new double[coefficients.length][];
        this.intercepts = intercepts.clone();
        this.offset = offset;
        this.classes = classes == null ? List.of() : List.copyOf(classes);
        int width = 0;
        for (EncodedFeature f : features) {
            width += f.width();
        }
        for (int b = 0; b < coefficients.length; b++) {
            if (width != coefficients[b].length) {
                throw new IllegalArgumentException("expected " + width + " coefficients, got " + coefficients[b].length);
            }
            this.coefficients[b] = coefficients[b].clone();
        }
        if (intercepts.length != coefficients.length) {
            throw new IllegalArgumentException("one intercept per margin");
        }
    }

    public static Predictor of(DesignMatrix data, FitResult result) {
        return of(data.shape(), result);
    }

    /** The predictor of a fit on a design whose rows are elsewhere. */
    public static Predictor of(DesignShape data, FitResult result) {
        if (result.model() == ModelKind.MULTINOMIAL) {
            int k1 = result.classes().size();
            double[][] beta = new double[k1][];
            double[] b = new double[k1];
            for (int c = 0; c < k1; c++) {
                FitResult.ClassCoefficients block = result.classes().get(c);
                beta[c] = block.coefficients().stream().mapToDouble(Coefficient::value).toArray();
                b[c] = block.intercept() == null ? 0.0 : block.intercept().value();
            }
            return new Predictor(data.model(), data.features(), beta, b, data.offsetColumn(), data.classes());
        }
        double[] beta = result.coefficients().stream().mapToDouble(Coefficient::value).toArray();
        double b = result.intercept() == null ? 0.0 : result.intercept().value();
        return new Predictor(data.model(), data.features(), new double[][] {beta}, new double[] {b},
                data.offsetColumn(), List.of());
    }

    public List<EncodedFeature> features() {
        return features;
    }

    /** The offset column a row must carry, or null. */
    public String offset() {
        return offset;
    }

    /** A multinomial model's classes, reference first; else empty. */
    public List<String> classes() {
        return classes;
    }

    /** Coefficients per margin, as given. */
    public double[][] coefficients() {
        double[][] out = new double[coefficients.length][];
        for (int b = 0; b < out.length; b++) {
            out[b] = coefficients[b].clone();
        }
        return out;
    }

    public double[] intercepts() {
        return intercepts.clone();
    }

    /**
     * The prediction for one row: the mean for linear, Huber, Poisson and Gamma models, the probability of
     * the positive class for logistic ones.
     *
     * @param row column name to a number (numeric columns) or a level (categorical columns; numbers are
     *            matched by their text)
     * @throws IllegalArgumentException naming the missing column or unknown level
     */
    public double predict(Map<String, ?> row) {
        if (model == ModelKind.MULTINOMIAL) {
            throw new IllegalStateException("a multinomial model predicts class probabilities");
        }
        return loss.mean(margins(row)[0]);
    }

    /** A multinomial model's class probabilities for one row, in the order of {@link #classes()}. */
    public double[] probabilities(Map<String, ?> row) {
        double[] m = margins(row);
        double[] prob = new double[m.length + 1];
        MultinomialLoss.probabilities(m, m.length, prob);
        return prob;
    }

    private double[] margins(Map<String, ?> row) {
        double[] m = intercepts.clone();
        if (offset != null) {
            Object value = row.get(offset);
            if (value == null) {
                throw new IllegalArgumentException("missing value for column '" + offset + "' (the offset)");
            }
            double o = number(offset, value);
            for (int b = 0; b < m.length; b++) {
                m[b] += o;
            }
        }
        int j = 0;
        for (EncodedFeature f : features) {
            Object value = row.get(f.column());
            if (value == null) {
                throw new IllegalArgumentException("missing value for column '" + f.column() + "'");
            }
            if (f.categorical()) {
                String level = levelText(value);
                int code = f.levels().indexOf(level);
                if (code < 0) {
                    throw new IllegalArgumentException("unknown level '" + level + "' for column '" + f.column() + "'");
                }
                int k = code - f.firstLevel();
                if (k >= 0) {
                    for (int b = 0; b < m.length; b++) {
                        m[b] += coefficients[b][j + k];
                    }
                }
            } else {
                double v = number(f.column(), value);
                for (int b = 0; b < m.length; b++) {
                    m[b] += coefficients[b][j] * v;
                }
            }
            j += f.width();
        }
        return m;
    }

    public ModelKind model() {
        return model;
    }

    private static String levelText(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        return value.toString();
    }

    private static double number(String column, Object value) {
        double v;
        if (value instanceof Number n) {
            v = n.doubleValue();
        } else {
            try {
                v = Double.parseDouble(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("column '" + column + "' needs a number, got '" + value + "'");
            }
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("column '" + column + "' needs a finite number, got '" + value + "'");
        }
        return v;
    }
}
