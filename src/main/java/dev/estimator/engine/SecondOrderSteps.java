package dev.estimator.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Drives {@link NewtonStep} or {@link Lbfgs} for the trainer: one iteration is one step, whose line search
 * evaluates the training objective by the trainer's sums, and whose Fisher information (Newton) comes from the
 * same {@link TrainingSums} (combined in a fixed order) — so, like gradient descent, the result is
 * bit-identical whatever the pool's parallelism.
 */
final class SecondOrderSteps implements StepObjective {

    /** The trainer's objective: F at the parameters, the smooth gradient written to the second argument. */
    interface Objective {
        double value(double[] params, double[] grad);
    }

    private final TrainingSums sums;
    private final int trainingRows;
    private final Objective objective;
    private final int dims;
    private final NewtonStep newton;
    private final Lbfgs lbfgs;

    SecondOrderSteps(Algorithm algorithm, int dims, int trainingRows, boolean fitIntercept, Penalty penalty,
            TrainingSums sums, Objective objective) {
        this.sums = sums;
        this.trainingRows = trainingRows;
        this.objective = objective;
        this.dims = dims;
        this.newton = algorithm == Algorithm.NEWTON ? new NewtonStep(dims, penalty, fitIntercept) : null;
        this.lbfgs = algorithm == Algorithm.LBFGS ? new Lbfgs(dims, penalty) : null;
    }

    /** One step from {@code params} (objective {@code f}, gradient {@code grad}); NaN when none lowers F. */
    double step(double[] params, double[] grad, double f) {
        return newton != null ? newton.step(params, grad, f, this) : lbfgs.step(params, grad, f, this);
    }

    /** The step length of the last accepted step. */
    double lastStep() {
        return newton != null ? newton.lastStep() : lbfgs.lastStep();
    }

    /** What a snapshot must carry: L-BFGS's correction pairs; Newton's method has no state. */
    double[][] state() {
        return lbfgs != null ? lbfgs.state() : new double[0][];
    }

    void restore(double[][] state) {
        if (lbfgs != null && state.length > 0) {
            lbfgs.restore(state);
        }
    }

    @Override
    public double value(double[] params, double[] grad) {
        return objective.value(params, grad);
    }

    @Override
    public void information(double[] params, double[] info) {
        sums.information(params, info);
        final double inv = 1.0 / trainingRows;
        for (int a = 0; a < dims; a++) {
            for (int b = a; b < dims; b++) {
                double v = info[a * dims + b] * inv;
                info[a * dims + b] = v;
                info[b * dims + a] = v;
            }
        }
    }
}
