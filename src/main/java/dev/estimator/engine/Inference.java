package dev.estimator.engine;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.exception.MathArithmeticException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;

/**
 * Standard errors from the inverse Fisher information at the estimate, for unregularized fits, with the
 * rows' prior weights wᵢ as R's {@code lm}/{@code glm} use them (n₊ counts the rows with wᵢ &gt; 0, q the
 * parameters including intercepts):
 * <ul>
 * <li>linear: {@code σ²(XᵀWX)⁻¹} with {@code σ² = Σwᵢrᵢ²/(n₊ − q)}; Student's t with n₊ − q degrees of
 * freedom;</li>
 * <li>Gamma (log link): {@code φ(XᵀWX)⁻¹} with Pearson's {@code φ = Σwᵢ(yᵢ − μᵢ)²/μᵢ² / (n₊ − q)}; t with
 * n₊ − q degrees of freedom, as R's {@code summary.glm};</li>
 * <li>logistic and Poisson: {@code (XᵀWX)⁻¹} with W the prior weight times the loss curvature
 * ({@code μ(1−μ)}, {@code μ}); standard normal z;</li>
 * <li>multinomial: the inverse of the whole information matrix, whose (c, d) block is
 * {@code Σ wᵢ p_c(δ_cd − p_d) zᵢzᵢᵀ}; z;</li>
 * <li>Huber: Huber's (1981, §7.6) asymptotic covariance
 * {@code K²·[Σψ²/(n−q)]/(mean ψ')²·(XᵀX)⁻¹}, {@code K = 1 + (q/n)·var(ψ')/(mean ψ')²}, as R's
 * {@code MASS::rlm} reports it (sums weighted); t with n − q degrees of freedom.</li>
 * </ul>
 * The information is computed in the standardized space the model was fitted in (better conditioned)
 * and carried to the original scale by the linear map A of the back-transformation: {@code Σ = A Σₛ Aᵀ},
 * A block-diagonal over a multinomial model's classes.
 */
final class Inference {

    private final double[][] covariance;
    private final RealDistribution distribution;
    private final String statistic;
    private final int q;

    private Inference(double[][] covariance, RealDistribution distribution, String statistic, int q) {
        this.covariance = covariance;
        this.distribution = distribution;
        this.statistic = statistic;
        this.q = q;
    }

    String statistic() {
        return statistic;
    }

    /**
     * The row sums the inference needs, from one block of rows or several added in order: the rows with a
     * positive weight, the information matrix (upper triangle) and the dispersion's residual sums.
     */
    static final class Partial implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final int positive;
        final double[] info;
        final Dispersion dispersion;

        Partial(int positive, double[] info, Dispersion dispersion) {
            this.positive = positive;
            this.info = info;
            this.dispersion = dispersion;
        }

        Partial plus(Partial other) {
            double[] sum = info.clone();
            for (int k = 0; k < sum.length; k++) {
                sum[k] += other.info[k];
            }
            return new Partial(positive + other.positive, sum, dispersion.plus(other.dispersion));
        }
    }

    /**
     * @param margins the rows' first margins, offset included (unused for multinomial models)
     * @param glm     the matrix's general kernel (multinomial models need it), or null for a plain matrix
     */
    static Partial partial(DesignMatrix data, Loss loss, double[] params, double[] margins, GlmKernel glm) {
        final int dims = data.dims();
        final int n = data.trainingRows();
        int positive = 0;
        for (int i = 0; i < n; i++) {
            positive += data.weight(i) > 0.0 ? 1 : 0;
        }
        double[] info = new double[dims * dims];
        Dispersion dispersion = new Dispersion(data.model());
        if (data.model() == ModelKind.MULTINOMIAL) {
            glm.information(0, n, params, info, true);
        } else {
            information(data, loss, margins, info, dispersion);
        }
        return new Partial(positive, info, dispersion);
    }

    /** Null when the information matrix is singular or there are too few rows. */
    static Inference estimate(DesignShape data, Partial sums, double[] center, double[] scale) {
        final int p = data.p();
        final int stride = p + 1;
        final int blocks = data.blocks();
        final int dims = blocks * stride;
        final boolean withIntercept = data.fitIntercept();
        final int perBlock = p + (withIntercept ? 1 : 0);
        final int q = blocks * perBlock;
        final ModelKind model = data.model();
        final int positive = sums.positive;
        if (positive <= q) {
            return null;
        }
        final double[] info = sums.info;
        final Dispersion dispersion = sums.dispersion;
        double factor = dispersion.factor(positive, q);
        if (!(factor >= 0.0) || !Double.isFinite(factor)) {
            return null;
        }
        // The fitted parameters: every block's coefficients, and its intercept when there is one.
        int[] kept = new int[q];
        for (int b = 0, k = 0; b < blocks; b++) {
            for (int j = 0; j < perBlock; j++) {
                kept[k++] = b * stride + j;
            }
        }
        double[][] reduced = new double[q][q];
        for (int a = 0; a < q; a++) {
            for (int b = a; b < q; b++) {
                double v = info[Math.min(kept[a], kept[b]) * dims + Math.max(kept[a], kept[b])];
                reduced[a][b] = v;
                reduced[b][a] = v;
            }
        }
        double[][] inverse;
        try {
            inverse = new CholeskyDecomposition(new Array2DRowRealMatrix(reduced, false), 1e-12, 1e-12).getSolver()
                    .getInverse().getData();
        } catch (MathIllegalArgumentException | MathArithmeticException e) {
            return null;
        }
        // Σ = factor · A I⁻¹ Aᵀ, A per block: coefficient j ↦ θⱼ/sⱼ, intercept ↦ θ_p − Σ θⱼcⱼ/sⱼ.
        double[][] a = new double[q][q];
        for (int b = 0; b < blocks; b++) {
            int base = b * perBlock;
            for (int j = 0; j < p; j++) {
                a[base + j][base + j] = 1.0 / scale[j];
                if (withIntercept) {
                    a[base + p][base + j] = -center[j] / scale[j];
                }
            }
            if (withIntercept) {
                a[base + p][base + p] = 1.0;
            }
        }
        double[][] cov = multiply(multiply(a, inverse), transpose(a));
        for (double[] row : cov) {
            for (int b = 0; b < q; b++) {
                row[b] *= factor;
            }
        }
        boolean t = model.estimatesDispersion();
        return new Inference(cov, t ? new TDistribution(positive - q) : new NormalDistribution(0.0, 1.0),
                t ? "t" : "z", perBlock);
    }

    /** XᵀWX over the training rows of a single-margin model, and the residual sums of its dispersion. */
    private static void information(DesignMatrix data, Loss loss, double[] margins, double[] info,
            Dispersion dispersion) {
        final int p = data.p();
        final int dims = p + 1;
        final double[] x = data.x();
        final double[] y = data.y();
        final boolean unit = data.model() == ModelKind.LINEAR || data.model() == ModelKind.HUBER;
        final double[] z = new double[dims];
        z[p] = 1.0;
        for (int i = 0; i < data.trainingRows(); i++) {
            final double w = data.weight(i);
            if (w == 0.0) {
                continue;
            }
            System.arraycopy(x, i * p, z, 0, p);
            final double c = w * (unit ? 1.0 : loss.curvature(margins[i], y[i]));
            for (int s = 0; s < dims; s++) {
                final double zs = c * z[s];
                if (zs != 0.0) {
                    final int row = s * dims;
                    for (int t = s; t < dims; t++) {
                        info[row + t] += zs * z[t];
                    }
                }
            }
            dispersion.add(loss, margins[i], y[i], w);
        }
    }

    /** The factor of the covariance: 1, or a dispersion estimated from the residuals. */
    static final class Dispersion implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final ModelKind model;
        private double squares;
        private double weights;
        private double psiSquares;
        private double psiPrime;
        private double psiPrimeSquares;

        Dispersion(ModelKind model) {
            this.model = model;
        }

        Dispersion plus(Dispersion other) {
            Dispersion d = new Dispersion(model);
            d.squares = squares + other.squares;
            d.weights = weights + other.weights;
            d.psiSquares = psiSquares + other.psiSquares;
            d.psiPrime = psiPrime + other.psiPrime;
            d.psiPrimeSquares = psiPrimeSquares + other.psiPrimeSquares;
            return d;
        }

        void add(Loss loss, double margin, double y, double w) {
            weights += w;
            switch (model) {
                case LINEAR -> squares += w * (y - margin) * (y - margin);
                case GAMMA -> {
                    double mu = loss.mean(margin);
                    squares += w * (y - mu) * (y - mu) / (mu * mu);
                }
                case HUBER -> {
                    double psi = loss.derivative(margin, y);
                    double d = loss.curvature(margin, y);
                    psiSquares += w * psi * psi;
                    psiPrime += w * d;
                    psiPrimeSquares += w * d * d;
                }
                default -> {
                }
            }
        }

        double factor(int n, int q) {
            return switch (model) {
                case LINEAR, GAMMA -> squares / (n - q);
                case HUBER -> {
                    double mean = psiPrime / weights;
                    if (mean <= 0.0) {
                        yield Double.NaN;
                    }
                    double variance = psiPrimeSquares / weights - mean * mean;
                    double k = 1.0 + (double) q / n * variance / (mean * mean);
                    yield k * k * (psiSquares / (n - q)) / (mean * mean);
                }
                default -> 1.0;
            };
        }
    }

    /**
     * The estimate of parameter {@code j} (p for the intercept) of block {@code block}, with its standard
     * error, statistic, p-value and 95% interval where the variance is defined.
     */
    Coefficient coefficient(String name, int block, int j, double value) {
        int k = block * q + j;
        if (j >= q || k >= covariance.length) {
            return Coefficient.bare(name, value);
        }
        double variance = covariance[k][k];
        if (!(variance >= 0.0) || !Double.isFinite(variance)) {
            return Coefficient.bare(name, value);
        }
        double se = Math.sqrt(variance);
        double stat = value / se;
        double p = Double.isFinite(stat) ? 2.0 * distribution.cumulativeProbability(-Math.abs(stat)) : 0.0;
        double quantile = distribution.inverseCumulativeProbability(0.975);
        return new Coefficient(name, value, se, Double.isFinite(stat) ? stat : null, p,
                new double[] {value - quantile * se, value + quantile * se});
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        int k = b.length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < k; l++) {
                double v = a[i][l];
                if (v != 0.0) {
                    for (int j = 0; j < m; j++) {
                        c[i][j] += v * b[l][j];
                    }
                }
            }
        }
        return c;
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }
}
