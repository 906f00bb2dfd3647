package dev.estimator.engine;

import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.exception.MathArithmeticException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;

/**
 * One step of Newton's method in its Fisher-scoring form, iteratively reweighted least squares
 * (Green 1984; McCullagh &amp; Nelder 1989, §2.5): solve {@code (I + l2·D) δ = g} with I the Fisher
 * information {@code XᵀWX/n} of the mean loss, D the identity on the coefficients (not the intercepts) and
 * g the gradient of the smooth objective, then {@code θ ← θ − t·δ} with {@code t = 1, ½, ¼, …} until the
 * objective falls (step halving, as R's {@code glm.fit} does when a full step overshoots). For canonical
 * links (linear, logistic, Poisson, multinomial) this is exactly Newton's method; for Gamma with the log
 * link it is Fisher scoring. The information comes from one partitioned pass summed in partition order.
 *
 * <p>Not with L1 (the objective is not differentiable there); the job spec refuses that combination. Without
 * an intercept the intercepts stay at 0. No state between steps.
 */
final class NewtonStep {

    /** Halvings before concluding that no step lowers the objective in floating point. */
    static final int MAX_HALVINGS = 30;

    private final int dims;
    private final Penalty penalty;
    private final boolean fitIntercept;
    private final double[] info;
    private final double[] trial;
    private final double[] trialGrad;
    private double lastStep = 1.0;

    NewtonStep(int dims, Penalty penalty, boolean fitIntercept) {
        if (penalty.l1() != 0.0) {
            throw new IllegalArgumentException("Newton's method needs a smooth objective: l1 must be 0");
        }
        this.dims = dims;
        this.penalty = penalty;
        this.fitIntercept = fitIntercept;
        this.info = new double[dims * dims];
        this.trial = new double[dims];
        this.trialGrad = new double[dims];
    }

    /**
     * Takes one step from {@code params}, where the objective is {@code f} and its gradient {@code grad}.
     *
     * @return the objective at the new {@code params} (and their gradient in {@code grad}), or NaN when no
     *         step length lowered it (then {@code params} and {@code grad} are unchanged)
     */
    double step(double[] params, double[] grad, double f, StepObjective objective) {
        objective.information(params, info);
        double[][] h = new double[dims][dims];
        double[] g = grad.clone();
        for (int a = 0; a < dims; a++) {
            System.arraycopy(info, a * dims, h[a], 0, dims);
            if (penalty.penalized(a)) {
                h[a][a] += penalty.l2();
            } else if (!fitIntercept) {
                // The intercept is fixed at 0: its row and column become the identity and its step 0.
                java.util.Arrays.fill(h[a], 0.0);
                for (int b = 0; b < dims; b++) {
                    h[b][a] = 0.0;
                }
                h[a][a] = 1.0;
                g[a] = 0.0;
            }
        }
        double[] delta = solve(h, g);
        double t = 1.0;
        for (int k = 0; k <= MAX_HALVINGS; k++, t *= 0.5) {
            for (int j = 0; j < dims; j++) {
                trial[j] = params[j] - t * delta[j];
            }
            double value = objective.value(trial, trialGrad);
            if (value < f) {
                System.arraycopy(trial, 0, params, 0, dims);
                System.arraycopy(trialGrad, 0, grad, 0, dims);
                lastStep = t;
                return value;
            }
        }
        return Double.NaN;
    }

    /** The step length of the last accepted step (1 for a full Newton step). */
    double lastStep() {
        return lastStep;
    }

    /**
     * Solves {@code h δ = g} by Cholesky; a positive semi-definite h (collinear columns) gets a ridge of
     * 1e-10 of its largest diagonal value, which picks the minimum-norm-like solution along the flat directions.
     */
    private double[] solve(double[][] h, double[] g) {
        try {
            return cholesky(h, g);
        } catch (MathIllegalArgumentException | MathArithmeticException e) {
            double max = 0.0;
            for (int a = 0; a < dims; a++) {
                max = Math.max(max, h[a][a]);
            }
            for (int a = 0; a < dims; a++) {
                h[a][a] += 1e-10 * Math.max(max, 1.0);
            }
            try {
                return cholesky(h, g);
            } catch (MathIllegalArgumentException | MathArithmeticException again) {
                throw new DesignException("the information matrix is not positive definite (columns that are "
                        + "constant or collinear?); newton cannot step, use lbfgs or gd");
            }
        }
    }

    private static double[] cholesky(double[][] h, double[] g) {
        return new CholeskyDecomposition(new Array2DRowRealMatrix(h, true), 1e-14, 1e-300).getSolver()
                .solve(new ArrayRealVector(g, false)).toArray();
    }
}
