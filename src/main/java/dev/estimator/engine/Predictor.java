package dev.estimator.engine;

import java.util.List;
import java.util.Map;

/**
 * Predictions of a fitted model from raw column values, using the coefficients on the original scale:
 * {@code mean(b + Σ βⱼ xⱼ + Σ β_{column=level})}. A categorical value must be one of the column's
 * levels; its baseline level (dropped with an intercept) contributes nothing.
 */
public final class Predictor {

    private final ModelKind model;
    private final Loss loss;
    private final List<EncodedFeature> features;
    private final double[] coefficients;
    private final double intercept;

    /**
     * @param coefficients one per design column, in the order of {@code features}' design columns
     */
    public Predictor(ModelKind model, List<EncodedFeature> features, double[] coefficients, double intercept) {
        this.model = model;
        this.loss = model.loss(1.0);
        this.features = List.copyOf(features);
        this.coefficients = coefficients.clone();
        this.intercept = intercept;
        int width = 0;
        for (EncodedFeature f : features) {
            width += f.width();
        }
        if (width != coefficients.length) {
            throw new IllegalArgumentException("expected " + width + " coefficients, got " + coefficients.length);
        }
    }

    public static Predictor of(DesignMatrix data, FitResult result) {
        double[] beta = new double[result.coefficients().size()];
        for (int j = 0; j < beta.length; j++) {
            beta[j] = result.coefficients().get(j).value();
        }
        double b = result.intercept() == null ? 0.0 : result.intercept().value();
        return new Predictor(data.model(), data.features(), beta, b);
    }

    public List<EncodedFeature> features() {
        return features;
    }

    /**
     * The prediction for one row: the mean for linear, Huber and Poisson models, the probability of the
     * positive class for logistic ones.
     *
     * @param row column name to a number (numeric columns) or a level (categorical columns; numbers are
     *            matched by their text)
     * @throws IllegalArgumentException naming the missing column or unknown level
     */
    public double predict(Map<String, ?> row) {
        double margin = intercept;
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
                    margin += coefficients[j + k];
                }
            } else {
                margin += coefficients[j] * number(f.column(), value);
            }
            j += f.width();
        }
        return loss.mean(margin);
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
