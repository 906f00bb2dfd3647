package dev.estimator.engine;

/**
 * Gamma regression with the log link, as the negative log-likelihood in the mean without the terms that
 * depend only on the dispersion and y: {@code ℓ = y·e⁻ᵐ + m}, {@code ℓ' = 1 − y·e⁻ᵐ} (McCullagh &amp; Nelder
 * 1989, §8.3). The dispersion φ does not change the estimate; it scales the standard errors and is
 * estimated afterwards ({@link Inference}).
 *
 * <p>{@link #curvature} is the <em>expected</em> information per row, which for the log link is 1 whatever
 * the margin: Fisher scoring, as IRLS and R's {@code glm} use, rather than the observed {@code y·e⁻ᵐ}.
 * {@code e⁻ᵐ} is computed with the margin capped below at −{@link PoissonLoss#MAX_MARGIN}, so a wild step
 * gives a huge finite loss, reported as divergence, not ∞. {@code exp} is {@link FmaMath#exp}, the same bits
 * in every JIT tier and JDK.
 */
final class GammaLoss implements Loss {

    @Override
    public double value(double margin, double y) {
        return y * inverseMean(margin) + margin;
    }

    @Override
    public double derivative(double margin, double y) {
        return 1.0 - y * inverseMean(margin);
    }

    @Override
    public double curvature(double margin, double y) {
        return 1.0;
    }

    @Override
    public double mean(double margin) {
        return FmaMath.exp(Math.min(margin, PoissonLoss.MAX_MARGIN));
    }

    private static double inverseMean(double margin) {
        return FmaMath.exp(Math.min(-margin, PoissonLoss.MAX_MARGIN));
    }

    /** Unit deviance {@code 2[−log(y/μ) + (y − μ)/μ]}. */
    static double deviance(double y, double mu) {
        return 2.0 * (-StrictMath.log(y / mu) + (y - mu) / mu);
    }
}
