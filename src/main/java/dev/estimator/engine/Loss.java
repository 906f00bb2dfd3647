package dev.estimator.engine;

/**
 * A per-row loss {@code ℓ(m, y)} of a generalized linear model as a function of the margin
 * {@code m = b + x·w}. The gradient of the mean loss with respect to the parameters is
 * {@code (1/n) Σ ℓ'(mᵢ, yᵢ) xᵢ}, so a loss only needs its derivative in the margin.
 *
 * <p>{@link #evaluate} is the hot loop the kernels call once per block of rows; implementations are
 * final classes so the JIT can inline it.
 */
public interface Loss {

    /** ℓ(m, y). */
    double value(double margin, double y);

    /** ∂ℓ/∂m at (m, y). */
    double derivative(double margin, double y);

    /**
     * ∂²ℓ/∂m², the weight of a row in the Fisher information {@code XᵀWX} (and in Newton's method).
     */
    double curvature(double margin, double y);

    /** The model's prediction for a margin: the mean of the target (the inverse link). */
    double mean(double margin);

    /**
     * For {@code i < len}: writes {@code ℓ'(margins[i], y[yOffset + i])} to {@code derivatives[i]} and
     * returns {@code Σ ℓ(margins[i], y[yOffset + i])}.
     */
    default double evaluate(double[] margins, double[] y, int yOffset, int len, double[] derivatives) {
        double sum = 0.0;
        for (int i = 0; i < len; i++) {
            final double m = margins[i];
            final double t = y[yOffset + i];
            sum += value(m, t);
            derivatives[i] = derivative(m, t);
        }
        return sum;
    }
}
