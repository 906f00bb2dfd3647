package dev.estimator.engine;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.exception.MathArithmeticException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Standard errors from the inverse Fisher information at the estimate, for unregularized fits.
 * <ul>
 * <li>linear: {@code σ²(XᵀX)⁻¹} with {@code σ² = RSS/(n − q)}, q counting the intercept; Student's t
 * with n − q degrees of freedom;</li>
 * <li>logistic and Poisson: {@code (XᵀWX)⁻¹} with W the loss curvature ({@code μ(1−μ)}, {@code μ});
 * standard normal z;</li>
 * <li>Huber: Huber's (1981, §7.6) asymptotic covariance
 * {@code K²·[Σψ²/(n−q)]/(mean ψ')²·(XᵀX)⁻¹}, {@code K = 1 + (q/n)·var(ψ')/(mean ψ')²}, as R's
 * {@code MASS::rlm} reports it; t with n − q degrees of freedom.</li>
 * </ul>
 * The information is computed in the standardized space the model was fitted in (better conditioned)
 * and carried to the original scale by the linear map A of the back-transformation: {@code Σ = A Σₛ Aᵀ}.
 */
final class Inference {

    private final double[][] covariance;
    private final RealDistribution distribution;
    private final String statistic;
    private final int q;
    private final boolean intercept;

    private Inference(double[][] covariance, RealDistribution distribution, String statistic, int q, boolean intercept) {
        this.covariance = covariance;
        this.distribution = distribution;
        this.statistic = statistic;
        this.q = q;
        this.intercept = intercept;
    }

    /** The view used by {@link FitSummary}; null members mean "not defined for this fit". */
    interface Estimates {
        String statistic();

        Coefficient coefficient(String name, int index, double value);
    }

    /** Null when the information matrix is singular or there are too few rows. */
    static Estimates estimate(DesignMatrix data, Loss loss, double[] params, double[] margins, double[] center,
            double[] scale) {
        final int p = data.p();
        final boolean withIntercept = data.fitIntercept();
        final int q = p + (withIntercept ? 1 : 0);
        final int n = data.trainingRows();
        if (n <= q) {
            return null;
        }
        final double[] x = data.x();
        final double[] y = data.y();
        final ModelKind model = data.model();
        final boolean unitWeights = model == ModelKind.LINEAR || model == ModelKind.HUBER;

        double[][] info = new double[q][q];
        double[] z = new double[q];
        double rss = 0.0;
        double psiSquares = 0.0;
        double psiPrime = 0.0;
        double psiPrimeSquares = 0.0;
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * p, z, 0, p);
            if (withIntercept) {
                z[p] = 1.0;
            }
            double w = unitWeights ? 1.0 : loss.curvature(margins[i], y[i]);
            for (int a = 0; a < q; a++) {
                double wa = w * z[a];
                if (wa != 0.0) {
                    double[] row = info[a];
                    for (int b = a; b < q; b++) {
                        row[b] += wa * z[b];
                    }
                }
            }
            double r = margins[i] - y[i];
            rss += r * r;
            if (model == ModelKind.HUBER) {
                double psi = loss.derivative(margins[i], y[i]);
                double d = loss.curvature(margins[i], y[i]);
                psiSquares += psi * psi;
                psiPrime += d;
                psiPrimeSquares += d * d;
            }
        }
        for (int a = 0; a < q; a++) {
            for (int b = 0; b < a; b++) {
                info[a][b] = info[b][a];
            }
        }
        double factor;
        RealDistribution distribution;
        String statistic;
        switch (model) {
            case LINEAR -> {
                factor = rss / (n - q);
                distribution = new TDistribution(n - q);
                statistic = "t";
            }
            case HUBER -> {
                double mean = psiPrime / n;
                if (mean <= 0.0) {
                    return null;
                }
                double variance = psiPrimeSquares / n - mean * mean;
                double k = 1.0 + (double) q / n * variance / (mean * mean);
                factor = k * k * (psiSquares / (n - q)) / (mean * mean);
                distribution = new TDistribution(n - q);
                statistic = "t";
            }
            default -> {
                factor = 1.0;
                distribution = new NormalDistribution(0.0, 1.0);
                statistic = "z";
            }
        }
        double[][] inverse;
        try {
            RealMatrix m = new Array2DRowRealMatrix(info, false);
            inverse = new CholeskyDecomposition(m, 1e-12, 1e-12).getSolver().getInverse().getData();
        } catch (MathIllegalArgumentException | MathArithmeticException e) {
            return null;
        }
        // Σ = factor · A I⁻¹ Aᵀ, A: coefficient j ↦ θⱼ/sⱼ, intercept ↦ θ_p − Σ θⱼcⱼ/sⱼ.
        double[][] a = new double[q][q];
        for (int j = 0; j < p; j++) {
            a[j][j] = 1.0 / scale[j];
            if (withIntercept) {
                a[p][j] = -center[j] / scale[j];
            }
        }
        if (withIntercept) {
            a[p][p] = 1.0;
        }
        double[][] cov = multiply(multiply(a, inverse), transpose(a));
        for (double[] row : cov) {
            for (int b = 0; b < q; b++) {
                row[b] *= factor;
            }
        }
        Inference inf = new Inference(cov, distribution, statistic, q, withIntercept);
        return new Estimates() {
            @Override
            public String statistic() {
                return inf.statistic;
            }

            @Override
            public Coefficient coefficient(String name, int index, double value) {
                return inf.coefficient(name, index, value);
            }
        };
    }

    private Coefficient coefficient(String name, int index, double value) {
        int k = index;
        if (k >= q) {
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
