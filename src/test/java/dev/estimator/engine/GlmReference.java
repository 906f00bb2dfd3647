package dev.estimator.engine;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * Textbook fits written independently of the engine, with commons-math3 linear algebra on the raw
 * (unstandardized) rows, intercept last: IRLS for linear, logistic, Poisson and Gamma (log link) models
 * with prior weights and an offset (McCullagh &amp; Nelder 1989, §2.5: {@code z = η − o + (y − μ)g'(μ)},
 * {@code W = w/(V(μ)g'(μ)²)}, {@code β = (XᵀWX)⁻¹XᵀWz}), and Newton's method on the full block Hessian for the
 * multinomial model. Standard errors as R's {@code summary.glm}: {@code √diag(φ(XᵀWX)⁻¹)}, φ = 1 for
 * logistic, Poisson and multinomial, Pearson's χ²/(n₊ − q) for Gamma, Σwr²/(n₊ − q) for linear.
 */
public final class GlmReference {

    public enum Family { LINEAR, LOGISTIC, POISSON, GAMMA }

    public double[] beta;
    public double[] standardErrors;
    public double dispersion = 1.0;

    private GlmReference() {
    }

    /** The parameters {@code [from, from + length)} of a reference (one class block of a multinomial fit). */
    public record Slice(GlmReference whole, int from, int length) {
        public GlmReference get() {
            GlmReference out = new GlmReference();
            out.beta = java.util.Arrays.copyOfRange(whole.beta, from, from + length);
            out.standardErrors = java.util.Arrays.copyOfRange(whole.standardErrors, from, from + length);
            out.dispersion = whole.dispersion;
            return out;
        }
    }

    public static GlmReference irls(double[][] rows, double[] y, double[] w, double[] offset, Family family) {
        int n = rows.length;
        int q = rows[0].length + 1;
        RealMatrix x = design(rows);
        double[] beta = new double[q];
        if (family != Family.LINEAR && family != Family.LOGISTIC) {
            double mean = 0.0;
            double total = 0.0;
            for (int i = 0; i < n; i++) {
                mean += weight(w, i) * y[i];
                total += weight(w, i);
            }
            beta[q - 1] = Math.log(mean / total); // start at the weighted mean, as glm's mustart does roughly
        }
        RealMatrix info = null;
        for (int it = 0; it < 200; it++) {
            info = new Array2DRowRealMatrix(q, q);
            RealVector rhs = new ArrayRealVector(q);
            for (int i = 0; i < n; i++) {
                RealVector xi = x.getRowVector(i);
                double o = offset == null ? 0.0 : offset[i];
                double eta = xi.dotProduct(new ArrayRealVector(beta)) + o;
                double mu = mean(family, eta);
                double dmu = derivative(family, mu); // dμ/dη
                double variance = variance(family, mu);
                double wi = weight(w, i) * dmu * dmu / variance;
                double z = eta - o + (y[i] - mu) / dmu;
                info = info.add(xi.outerProduct(xi).scalarMultiply(wi));
                rhs = rhs.add(xi.mapMultiply(wi * z));
            }
            double[] next = new LUDecomposition(info).getSolver().solve(rhs).toArray();
            double change = 0.0;
            double size = 0.0;
            for (int j = 0; j < q; j++) {
                change = Math.max(change, Math.abs(next[j] - beta[j]));
                size = Math.max(size, Math.abs(next[j]));
            }
            beta = next;
            if (change <= 1e-15 * (1.0 + size)) {
                break;
            }
        }
        GlmReference out = new GlmReference();
        out.beta = beta;
        int positive = 0;
        double pearson = 0.0;
        for (int i = 0; i < n; i++) {
            double o = offset == null ? 0.0 : offset[i];
            double mu = mean(family, x.getRowVector(i).dotProduct(new ArrayRealVector(beta)) + o);
            positive += weight(w, i) > 0.0 ? 1 : 0;
            pearson += weight(w, i) * (y[i] - mu) * (y[i] - mu) / variance(family, mu);
        }
        if (family == Family.LINEAR || family == Family.GAMMA) {
            out.dispersion = pearson / (positive - q);
        }
        out.standardErrors = standardErrors(new LUDecomposition(info).getSolver().getInverse(), out.dispersion);
        return out;
    }

    /**
     * Multinomial logit with class 0 as reference, by Newton's method on the whole Hessian; parameters in
     * blocks of (coefficients, intercept) per class 1 … k − 1.
     */
    public static GlmReference multinomial(double[][] rows, int[] y, int k, double[] w) {
        int n = rows.length;
        int stride = rows[0].length + 1;
        int k1 = k - 1;
        int dims = k1 * stride;
        RealMatrix x = design(rows);
        double[] theta = new double[dims];
        RealMatrix hessian = null;
        for (int it = 0; it < 100; it++) {
            hessian = new Array2DRowRealMatrix(dims, dims);
            double[] g = new double[dims];
            for (int i = 0; i < n; i++) {
                double[] xi = x.getRow(i);
                double[] prob = softmax(xi, theta, k1, stride);
                double wi = weight(w, i);
                for (int a = 0; a < k1; a++) {
                    double r = prob[a] - (y[i] == a + 1 ? 1.0 : 0.0);
                    for (int s = 0; s < stride; s++) {
                        g[a * stride + s] += wi * r * xi[s];
                    }
                    for (int b = 0; b < k1; b++) {
                        double c = wi * prob[a] * ((a == b ? 1.0 : 0.0) - prob[b]);
                        for (int s = 0; s < stride; s++) {
                            for (int t = 0; t < stride; t++) {
                                hessian.addToEntry(a * stride + s, b * stride + t, c * xi[s] * xi[t]);
                            }
                        }
                    }
                }
            }
            double[] step = new LUDecomposition(hessian).getSolver().solve(new ArrayRealVector(g)).toArray();
            double change = 0.0;
            for (int j = 0; j < dims; j++) {
                theta[j] -= step[j];
                change = Math.max(change, Math.abs(step[j]));
            }
            if (change < 1e-15) {
                break;
            }
        }
        GlmReference out = new GlmReference();
        out.beta = theta;
        out.standardErrors = standardErrors(new LUDecomposition(hessian).getSolver().getInverse(), 1.0);
        return out;
    }

    /** Probabilities of classes 1 … k − 1 for the row (intercept entry included in xi). */
    private static double[] softmax(double[] xi, double[] theta, int k1, int stride) {
        double[] e = new double[k1];
        double sum = 1.0;
        for (int a = 0; a < k1; a++) {
            double m = 0.0;
            for (int s = 0; s < stride; s++) {
                m += xi[s] * theta[a * stride + s];
            }
            e[a] = Math.exp(m);
            sum += e[a];
        }
        for (int a = 0; a < k1; a++) {
            e[a] /= sum;
        }
        return e;
    }

    private static RealMatrix design(double[][] rows) {
        int n = rows.length;
        int q = rows[0].length + 1;
        RealMatrix x = new Array2DRowRealMatrix(n, q);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < q - 1; j++) {
                x.setEntry(i, j, rows[i][j]);
            }
            x.setEntry(i, q - 1, 1.0);
        }
        return x;
    }

    private static double[] standardErrors(RealMatrix inverse, double dispersion) {
        double[] se = new double[inverse.getRowDimension()];
        for (int j = 0; j < se.length; j++) {
            se[j] = Math.sqrt(dispersion * inverse.getEntry(j, j));
        }
        return se;
    }

    private static double weight(double[] w, int i) {
        return w == null ? 1.0 : w[i];
    }

    private static double mean(Family f, double eta) {
        return switch (f) {
            case LINEAR -> eta;
            case LOGISTIC -> 1.0 / (1.0 + Math.exp(-eta));
            case POISSON, GAMMA -> Math.exp(eta);
        };
    }

    private static double derivative(Family f, double mu) {
        return switch (f) {
            case LINEAR -> 1.0;
            case LOGISTIC -> mu * (1.0 - mu);
            case POISSON, GAMMA -> mu;
        };
    }

    private static double variance(Family f, double mu) {
        return switch (f) {
            case LINEAR -> 1.0;
            case LOGISTIC -> mu * (1.0 - mu);
            case POISSON -> mu;
            case GAMMA -> mu * mu;
        };
    }
}
