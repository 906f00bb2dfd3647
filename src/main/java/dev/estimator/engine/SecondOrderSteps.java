package dev.estimator.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Drives {@link NewtonStep} or {@link Lbfgs} for the trainer: one iteration is one step, whose line search
 * evaluates the training objective by the trainer's partitioned pass, and whose Fisher information (Newton)
 * is summed per partition by {@link GlmKernel#information} and combined in partition order — so, like
 * gradient descent, the result is bit-identical whatever the pool's parallelism.
 */
final class SecondOrderSteps implements StepObjective {

    /**
     * Most partitions the information is summed over: each holds a dims × dims matrix, so their number is
     * bounded whatever the spec's partitions (it still depends on the spec only, never on threads).
     */
    static final int MAX_INFORMATION_PARTS = 16;

    /** The trainer's objective: F at the parameters, the smooth gradient written to the second argument. */
    interface Objective {
        double value(double[] params, double[] grad);
    }

    private final ForkJoinPool pool;
    private final DesignMatrix data;
    private final GlmKernel kernel;
    private final Partitions partitions;
    private final Objective objective;
    private final int dims;
    private final NewtonStep newton;
    private final Lbfgs lbfgs;
    private double[][] partInfo;

    SecondOrderSteps(Algorithm algorithm, DesignMatrix data, GlmKernel kernel, Penalty penalty, ForkJoinPool pool,
            Partitions partitions, Objective objective) {
        this.pool = pool;
        this.data = data;
        this.kernel = kernel;
        this.partitions = new Partitions(partitions.rows(), Math.min(partitions.count(), MAX_INFORMATION_PARTS));
        this.objective = objective;
        this.dims = data.dims();
        this.newton = algorithm == Algorithm.NEWTON ? new NewtonStep(dims, penalty, data.fitIntercept()) : null;
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
        final int count = partitions.count();
        if (partInfo == null) {
            partInfo = new double[count][dims * dims];
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
            final int part = j;
            tasks.add(new RecursiveAction() {
                @Override
                protected void compute() {
                    Arrays.fill(partInfo[part], 0.0);
                    kernel.information(partitions.start(part), partitions.end(part), params,
                            partInfo[part], false);
                }
            });
        }
        if (count == 1) {
            tasks.get(0).invoke();
        } else {
            pool.invoke(new RecursiveAction() {
                @Override
                protected void compute() {
                    invokeAll(tasks);
                }
            });
        }
        Arrays.fill(info, 0.0);
        for (int j = 0; j < count; j++) {
            double[] part = partInfo[j];
            for (int k = 0; k < info.length; k++) {
                info[k] += part[k];
            }
        }
        final double inv = 1.0 / data.trainingRows();
        for (int a = 0; a < dims; a++) {
            for (int b = a; b < dims; b++) {
                double v = info[a * dims + b] * inv;
                info[a * dims + b] = v;
                info[b * dims + a] = v;
            }
        }
    }
}
