package dev.estimator.engine;

/**
 * Poisson regression with the log link, as the negative log-likelihood without the constant
 * {@code log y!}: {@code ℓ = eᵐ − y·m}, {@code ℓ' = eᵐ − y}. The margin is capped at
 * {@link #MAX_MARGIN} inside {@code exp} so a wild step gives a huge but finite loss, which the trainer
 * reports as divergence, rather than ∞ − ∞ = NaN. {@code exp} is {@link FmaMath#exp}, the same bits in every
 * JIT tier and JDK.
 */
final class PoissonLoss implements Loss {

    static final double MAX_MARGIN = 700.0;

    @Override
    public double value(double margin, double y) {
        return FmaMath.exp(Math.min(margin, MAX_MARGIN)) - y * margin;
    }

    @Override
    public double derivative(double margin, double y) {
        return FmaMath.exp(Math.min(margin, MAX_MARGIN)) - y;
    }

    @Override
    public double curvature(double margin, double y) {
        return FmaMath.exp(Math.min(margin, MAX_MARGIN));
    }

    @Override
    public double mean(double margin) {
        return FmaMath.exp(Math.min(margin, MAX_MARGIN));
    }

    @Override
    public double evaluate(double[] margins, double[] y, int yOffset, int len, double[] derivatives) {
        double sum = 0.0;
        for (int i = 0; i < len; i++) {
            final double m = margins[i];
            final double t = y[yOffset + i];
            final double mu = FmaMath.exp(Math.min(m, MAX_MARGIN));
            sum += mu - t * m;
            derivatives[i] = mu - t;
        }
        return sum;
    }

    /** Unit deviance {@code 2[y·log(y/μ) − (y − μ)]}, with {@code y·log(y/μ) = 0} at y = 0. */
    static double deviance(double y, double mu) {
        final double term = y > 0.0 ? y * StrictMath.log(y / mu) : 0.0;
        return 2.0 * (term - (y - mu));
    }
}
