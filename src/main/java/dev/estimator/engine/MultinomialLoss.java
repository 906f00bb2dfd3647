package dev.estimator.engine;

/**
 * Multinomial (softmax) regression with class 0 as the reference: a row has {@code k − 1} margins
 * {@code m₁ … m_{k−1}} ({@code m₀ = 0}), class probabilities {@code pᶜ = eᵐᶜ / Σ eᵐᵈ}, and loss
 * {@code ℓ = log Σ eᵐᵈ − m_y}, whose derivative in {@code m_c} is {@code p_c − [y = c]} and whose second
 * derivatives {@code p_c(δ_cd − p_d)} form the blocks of the Fisher information (McCullagh &amp; Nelder
 * 1989, §5.4; as R's {@code nnet::multinom} and statsmodels' {@code MNLogit} fit it). The exponentials are
 * taken of {@code m − max m}, so no margin overflows; {@code exp} and {@code log} are {@link FmaMath}'s, the
 * same bits in every JIT tier and JDK.
 *
 * <p>The single-margin methods of {@link Loss} do not apply: the kernels treat this loss by its row form
 * ({@link #evaluate(double[], int, int, double[])}).
 */
final class MultinomialLoss implements Loss {

    /**
     * For one row with margins {@code m[0, k1)} of classes 1 … k1 and target class {@code y} (0 … k1):
     * writes the probabilities of classes 1 … k1 to {@code prob[0, k1)} and returns the loss.
     */
    static double evaluate(double[] m, int k1, int y, double[] prob) {
        double max = 0.0;
        for (int c = 0; c < k1; c++) {
            max = Math.max(max, m[c]);
        }
        double sum = FmaMath.exp(-max);
        for (int c = 0; c < k1; c++) {
            final double e = FmaMath.exp(m[c] - max);
            prob[c] = e;
            sum += e;
        }
        final double inv = 1.0 / sum;
        for (int c = 0; c < k1; c++) {
            prob[c] *= inv;
        }
        final double target = y == 0 ? 0.0 : m[y - 1];
        return (max + logAtLeastOne(sum)) - target;
    }

    /**
     * {@code log s} for {@code s ≥ 1} with operations every JIT tier computes alike: {@code s = 2ᵉ·(1 + f)},
     * {@code f ∈ [0, 1)}, exactly (a power of two), then {@code e·ln 2 + log1p(f)} by {@link FmaMath#log1pUnit}.
     */
    static double logAtLeastOne(double s) {
        final int e = Math.getExponent(s);
        final double f = Math.scalb(s, -e) - 1.0;
        return (e * FmaMath.LN2_HI + FmaMath.log1pUnit(f)) + e * FmaMath.LN2_LO;
    }

    /** Writes the probabilities of all k = k1 + 1 classes (reference first) to {@code prob[0, k)}. */
    static void probabilities(double[] m, int k1, double[] prob) {
        double max = 0.0;
        for (int c = 0; c < k1; c++) {
            max = Math.max(max, m[c]);
        }
        double sum = FmaMath.exp(-max);
        prob[0] = sum;
        for (int c = 0; c < k1; c++) {
            final double e = FmaMath.exp(m[c] - max);
            prob[c + 1] = e;
            sum += e;
        }
        final double inv = 1.0 / sum;
        for (int c = 0; c <= k1; c++) {
            prob[c] *= inv;
        }
    }

    @Override
    public double value(double margin, double y) {
        throw new UnsupportedOperationException("a multinomial row has k - 1 margins");
    }

    @Override
    public double derivative(double margin, double y) {
        throw new UnsupportedOperationException("a multinomial row has k - 1 margins");
    }

    @Override
    public double curvature(double margin, double y) {
        throw new UnsupportedOperationException("a multinomial row has k - 1 margins");
    }

    @Override
    public double mean(double margin) {
        throw new UnsupportedOperationException("a multinomial row has k - 1 margins");
    }
}
