package dev.estimator.engine;

/**
 * Logistic regression's log loss for y ∈ {0, 1}: {@code ℓ = log(1 + eᵐ) − y·m}, {@code ℓ' = σ(m) − y}.
 * Both are computed from {@code e = exp(−|m|) ∈ (0, 1]}, so no margin, however large, overflows:
 * {@code ℓ = (max(m, 0) − y·m) + log1p(e)}, the bracket first so that a confident correct prediction
 * keeps its tiny loss instead of cancelling to zero, and {@code σ(m) = 1/(1+e)} for m ≥ 0,
 * {@code e/(1+e)} otherwise. {@code exp} and {@code log1p} are {@link FmaMath}'s, the same bits in every JIT
 * tier and JDK.
 */
final class LogisticLoss implements Loss {

    @Override
    public double value(double margin, double y) {
        return (Math.max(margin, 0.0) - y * margin) + FmaMath.log1pUnit(FmaMath.exp(-Math.abs(margin)));
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
            final double e = FmaMath.exp(-Math.abs(m));
            final double u = 1.0 + e;
            final double inv = 1.0 / u;
            sum += (Math.max(m, 0.0) - t * m) + FmaMath.log1pUnit(e, u, inv);
            derivatives[i] = (m >= 0.0 ? inv : e * inv) - t;
        }
        return sum;
    }

    static double sigmoid(double m) {
        final double e = FmaMath.exp(-Math.abs(m));
        return m >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    }
}
