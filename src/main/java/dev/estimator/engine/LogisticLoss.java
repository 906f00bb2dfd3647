package dev.estimator.engine;

/**
 * Logistic regression's log loss for y ∈ {0, 1}: {@code ℓ = log(1 + eᵐ) − y·m}, {@code ℓ' = σ(m) − y}.
 * Both are computed from {@code e = exp(−|m|) ∈ (0, 1]}, so no margin, however large, overflows:
 * {@code log(1 + eᵐ) = max(m, 0) + log1p(e)} and {@code σ(m) = 1/(1+e)} for m ≥ 0, {@code e/(1+e)} otherwise.
 */
public final class LogisticLoss implements Loss {

    @Override
    public double value(double margin, double y) {
        return softplus(margin) - y * margin;
    }

    @Override
    public double derivative(double margin, double y) {
        return sigmoid(margin) - y;
    }

    @Override
    public double curvature(double margin, double y) {
        final double p = sigmoid(margin);
        return p * (1.0 - p);
    }

    @Override
    public double mean(double margin) {
        return sigmoid(margin);
    }

    @Override
    public double evaluate(double[] margins, double[] y, int yOffset, int len, double[] derivatives) {
        double sum = 0.0;
        for (int i = 0; i < len; i++) {
            final double m = margins[i];
            final double t = y[yOffset + i];
            final double e = Math.exp(-Math.abs(m));
            final double inv = 1.0 / (1.0 + e);
            sum += Math.max(m, 0.0) + Math.log1p(e) - t * m;
            derivatives[i] = (m >= 0.0 ? inv : e * inv) - t;
        }
        return sum;
    }

    static double softplus(double m) {
        return Math.max(m, 0.0) + Math.log1p(Math.exp(-Math.abs(m)));
    }

    static double sigmoid(double m) {
        final double e = Math.exp(-Math.abs(m));
        return m >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    }
}
