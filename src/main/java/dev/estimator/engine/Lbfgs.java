package dev.estimator.engine;

import java.util.Arrays;

/**
 * Limited-memory BFGS with {@value #MEMORY} correction pairs and a backtracking (Armijo) line search
 * (Nocedal &amp; Wright 2006, Algorithms 7.4 and 7.5, §3.1), extended to an L1 penalty by OWL-QN
 * (Andrew &amp; Gao 2007): the search direction is built from the <em>pseudo-gradient</em> of
 * {@code f + l1‖w‖₁}, kept within the orthant of the current point, and every trial point is projected
 * back onto that orthant (coefficients that would change sign become 0), so lasso solutions get exact zeros.
 * The correction pairs use gradients of the smooth part only. Intercepts are never penalized.
 *
 * <p>The direction is {@code −H·◇F} by the two-loop recursion with {@code H₀ = (sᵀy/yᵀy)·I} from the newest
 * pair; before the first pair the first trial step has length 1 ({@code t = 1/‖◇F‖}). A pair with
 * {@code sᵀy ≤ 1e-10·yᵀy} is not stored (it would not keep H positive definite). A direction that is no
 * descent direction clears the memory and falls back to steepest descent.
 *
 * <p>Lifecycle: construct, optionally {@link #restore}, then {@link #step} per iteration; {@link #state()}
 * is everything the next step depends on.
 */
final class Lbfgs {

    static final int MEMORY = 10;
    /** Armijo's sufficient-decrease constant c₁ (Nocedal &amp; Wright's suggestion). */
    static final double C1 = 1e-4;
    /** Halvings before concluding that no step lowers the objective in floating point. */
    static final int MAX_HALVINGS = 40;

    private final int dims;
    private final Penalty penalty;
    private final double[][] s;
    private final double[][] y;
    private final double[] rho;
    private int count;
    private int newest = -1;

    private final double[] pg;
    private final double[] d;
    private final double[] alpha = new double[MEMORY];
    private final double[] trial;
    private final double[] trialGrad;
    private double lastStep;

    Lbfgs(int dims, Penalty penalty) {
        this.dims = dims;
        this.penalty = penalty;
        this.s = new double[MEMORY][dims];
        this.y = new double[MEMORY][dims];
        this.rho = new double[MEMORY];
        this.pg = new double[dims];
        this.d = new double[dims];
        this.trial = new double[dims];
        this.trialGrad = new double[dims];
    }

    /**
     * One iteration from {@code params}, where the objective is {@code f} and the smooth gradient {@code grad}.
     *
     * @return the objective at the new {@code params} (their smooth gradient in {@code grad}), or NaN when
     *         no trial point lowered it (then nothing changed)
     */
    double step(double[] params, double[] grad, double f, StepObjective objective) {
        pseudoGradient(params, grad);
        direction();
        double slope = dot(pg, d);
        if (!(slope < 0.0)) {
            count = 0;
            newest = -1;
            for (int j = 0; j < dims; j++) {
                d[j] = -pg[j];
            }
            constrain();
            slope = dot(pg, d);
            if (!(slope < 0.0)) {
                return Double.NaN;
            }
        }
        double t = count == 0 ? 1.0 / Math.sqrt(dot(pg, pg)) : 1.0;
        for (int k = 0; k <= MAX_HALVINGS; k++, t *= 0.5) {
            double decrease = 0.0;
            for (int j = 0; j < dims; j++) {
                double v = params[j] + t * d[j];
                if (penalty.l1() != 0.0 && penalty.penalized(j)) {
                    double orthant = params[j] != 0.0 ? Math.signum(params[j]) : -Math.signum(pg[j]);
                    if (Math.signum(v) != orthant) {
                        v = 0.0;
                    }
                }
                trial[j] = v;
                decrease += pg[j] * (v - params[j]);
            }
            double value = objective.value(trial, trialGrad);
            if (value <= f + C1 * decrease && value < f) {
                remember(params, grad);
                System.arraycopy(trial, 0, params, 0, dims);
                System.arraycopy(trialGrad, 0, grad, 0, dims);
                lastStep = t;
                return value;
            }
        }
        return Double.NaN;
    }

    /** The step length t of the last accepted step. */
    double lastStep() {
        return lastStep;
    }

    /** Stores the pair s = trial − params, y = trialGrad − grad if its curvature is positive enough. */
    private void remember(double[] params, double[] grad) {
        int slot = (newest + 1) % MEMORY;
        double sy = 0.0;
        double yy = 0.0;
        for (int j = 0; j < dims; j++) {
            double sj = trial[j] - params[j];
            double yj = trialGrad[j] - grad[j];
            s[slot][j] = sj;
            y[slot][j] = yj;
            sy += sj * yj;
            yy += yj * yj;
        }
        if (sy > 1e-10 * yy && yy > 0.0) {
            rho[slot] = 1.0 / sy;
            newest = slot;
            count = Math.min(MEMORY, count + 1);
        }
    }

    /** ◇F: the gradient, and for penalized coefficients under L1 the minimum-norm subgradient of F. */
    private void pseudoGradient(double[] params, double[] grad) {
        final double l1 = penalty.l1();
        for (int j = 0; j < dims; j++) {
            double g = grad[j];
            if (l1 == 0.0 || !penalty.penalized(j)) {
                pg[j] = g;
            } else if (params[j] > 0.0) {
                pg[j] = g + l1;
            } else if (params[j] < 0.0) {
                pg[j] = g - l1;
            } else if (g + l1 < 0.0) {
                pg[j] = g + l1;
            } else if (g - l1 > 0.0) {
                pg[j] = g - l1;
            } else {
                pg[j] = 0.0;
            }
        }
    }

    /** d = −H·◇F by the two-loop recursion, newest pair first, then kept in the orthant. */
    private void direction() {
        for (int j = 0; j < dims; j++) {
            d[j] = -pg[j];
        }
        int slot = newest;
        for (int k = 0; k < count; k++) {
            alpha[slot] = rho[slot] * dot(s[slot], d);
            axpy(-alpha[slot], y[slot], d);
            slot = (slot - 1 + MEMORY) % MEMORY;
        }
        if (count > 0) {
            double gamma = 1.0 / (rho[newest] * dot(y[newest], y[newest]));
            for (int j = 0; j < dims; j++) {
                d[j] *= gamma;
            }
        }
        slot = (newest - count + 1 + MEMORY) % MEMORY;
        for (int k = 0; k < count; k++) {
            double beta = rho[slot] * dot(y[slot], d);
            axpy(alpha[slot] - beta, s[slot], d);
            slot = (slot + 1) % MEMORY;
        }
        constrain();
    }

    /** OWL-QN: a component of the direction that disagrees in sign with −◇F is set to 0. */
    private void constrain() {
        if (penalty.l1() == 0.0) {
            return;
        }
        for (int j = 0; j < dims; j++) {
            if (d[j] * pg[j] >= 0.0) {
                d[j] = 0.0;
            }
        }
    }

    /** The pairs, their ρ and the counters: {@code s₀…s₉, y₀…y₉, ρ, [count, newest]}. */
    double[][] state() {
        double[][] out = new double[2 * MEMORY + 2][];
        for (int k = 0; k < MEMORY; k++) {
            out[k] = s[k].clone();
            out[MEMORY + k] = y[k].clone();
        }
        out[2 * MEMORY] = rho.clone();
        out[2 * MEMORY + 1] = new double[] {count, newest};
        return out;
    }

    void restore(double[][] state) {
        if (state.length != 2 * MEMORY + 2) {
            throw new IllegalArgumentException("not an L-BFGS state");
        }
        for (int k = 0; k < MEMORY; k++) {
            System.arraycopy(state[k], 0, s[k], 0, dims);
            System.arraycopy(state[MEMORY + k], 0, y[k], 0, dims);
        }
        System.arraycopy(state[2 * MEMORY], 0, rho, 0, MEMORY);
        count = (int) state[2 * MEMORY + 1][0];
        newest = (int) state[2 * MEMORY + 1][1];
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0.0;
        for (int j = 0; j < a.length; j++) {
            sum += a[j] * b[j];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] out) {
        for (int j = 0; j < out.length; j++) {
            out[j] += a * x[j];
        }
    }

    @Override
    public String toString() {
        return "L-BFGS with " + count + " pairs " + Arrays.toString(rho);
    }
}
