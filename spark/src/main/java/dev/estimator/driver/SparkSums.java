package dev.estimator.driver;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

import dev.estimator.engine.DesignShape;
import dev.estimator.engine.ResultSums;
import dev.estimator.engine.StochasticSums;
import dev.estimator.engine.TrainingConfig;
import dev.estimator.engine.TrainingSums;
import dev.estimator.engine.WeightTotals;

/**
 * The trainer's sums over persisted blocks: per call the parameters go to the blocks (with the tasks, or broadcast
 * when large), one partial sum per block is collected, and the partial sums are added in {@link BlockKey} order — the same order however Spark placed the
 * blocks, so the same data gives the same bits. One pass gives a point's training and validation sums.
 *
 * <p>SGD and mini-batch SGD take each block as one partition (its place in key order): in
 * {@code model_averaging} every block runs its own epoch and the trainer averages them, one Spark job an epoch;
 * in {@code gradient} every step of the epoch is one Spark job (each block's slice of the step), so an epoch
 * costs ⌈rows / batchSize⌉ round trips.
 */
final class SparkSums implements TrainingSums, StochasticSums {

    private final JavaSparkContext context;
    private final JavaRDD<DesignBlock> blocks;
    private final Broadcast<DesignShape> shape;
    private final Broadcast<TrainingConfig> config;
    private final WeightTotals totals;
    private double[] validationAt;
    private double validation;

    SparkSums(JavaSparkContext context, JavaRDD<DesignBlock> blocks, DesignShape shape, TrainingConfig config,
            WeightTotals totals) {
        this.context = context;
        this.blocks = blocks;
        this.shape = context.broadcast(shape);
        this.config = context.broadcast(config);
        this.totals = totals;
    }

    @Override
    public double training(double[] params, double[] grad) {
        Broadcast<DesignShape> s = shape;
        Broadcast<TrainingConfig> c = config;
        WeightTotals w = totals;
        Parameters at = Parameters.of(context, params);
        List<DesignBlock.Partial> parts;
        try {
            parts = inKeyOrder(b -> b.partial(s.value(), c.value(), w, at.value()));
        } finally {
            at.release();
        }
        double total = 0.0;
        double valid = 0.0;
        double[] sum = new double[params.length];
        for (DesignBlock.Partial part : parts) {
            total += part.loss();
            valid += part.validation();
            add(sum, part.grad());
        }
        if (grad != null) {
            System.arraycopy(sum, 0, grad, 0, sum.length);
        }
        validationAt = params.clone();
        validation = valid;
        return total;
    }

    @Override
    public double validation(double[] params) {
        if (validationAt == null || !Arrays.equals(validationAt, params)) {
            training(params, null);
        }
        return validation;
    }

    @Override
    public void information(double[] params, double[] info) {
        Broadcast<DesignShape> s = shape;
        Broadcast<TrainingConfig> c = config;
        WeightTotals w = totals;
        Parameters at = Parameters.of(context, params);
        List<DesignBlock.Information> parts;
        try {
            parts = inKeyOrder(b -> b.information(s.value(), c.value(), w, at.value()));
        } finally {
            at.release();
        }
        Arrays.fill(info, 0.0);
        for (DesignBlock.Information part : parts) {
            add(info, part.info());
        }
    }

    @Override
    public int step(int epoch, long step, long steps, double[] params, double[] grad) {
        Broadcast<DesignShape> s = shape;
        Broadcast<TrainingConfig> c = config;
        WeightTotals w = totals;
        double[] at = params.clone();
        Arrays.fill(grad, 0.0);
        int rows = 0;
        for (DesignBlock.Step part : inKeyOrder(b -> b.step(s.value(), c.value(), w, epoch, step, steps, at))) {
            if (part.rows() > 0) {
                add(grad, part.grad());
                rows += part.rows();
            }
        }
        return rows;
    }

    @Override
    public List<Local> localEpochs(Start start) {
        Broadcast<DesignShape> s = shape;
        Broadcast<TrainingConfig> c = config;
        WeightTotals w = totals;
        return inKeyOrder(b -> b.localEpoch(s.value(), c.value(), w, start)).stream()
                .map(DesignBlock.Local::local).toList();
    }

    /** The result's row sums at the final parameters, blocks merged in key order. */
    ResultSums result(double[] params) {
        Broadcast<DesignShape> s = shape;
        Broadcast<TrainingConfig> c = config;
        WeightTotals w = totals;
        double[] at = params.clone();
        return ResultSums.merge(inKeyOrder(b -> b.result(s.value(), c.value(), w, at)).stream()
                .map(DesignBlock.Result::sums).toList());
    }

    /**
     * Every block's part, collected and put in key order. {@code part} runs where the blocks are: it may capture
     * broadcasts and plain values, never this object.
     */
    private <T extends DesignBlock.Keyed> List<T> inKeyOrder(Function<DesignBlock, T> part) {
        return blocks.map(part).collect().stream().sorted(Comparator.comparing(DesignBlock.Keyed::key)).toList();
    }

    /**
     * The parameters a pass runs at, as the tasks get them: inside the task itself while they are small (a
     * broadcast costs a round of its own to write, fetch and remove, tens of milliseconds an iteration on
     * {@code local[2]}), as a broadcast once they are large enough that sending them with every task would cost
     * more than that.
     */
    record Parameters(double[] inline, Broadcast<double[]> broadcast) implements java.io.Serializable {

        /** Up to this many parameters travel inside the tasks (64 KB of doubles). */
        static final int INLINE_LIMIT = 8192;

        static Parameters of(JavaSparkContext context, double[] params) {
            return params.length <= INLINE_LIMIT ? new Parameters(params.clone(), null)
                    : new Parameters(null, context.broadcast(params.clone()));
        }

        double[] value() {
            return inline != null ? inline : broadcast.value();
        }

        void release() {
            if (broadcast != null) {
                broadcast.destroy();
            }
        }
    }

    private static void add(double[] sum, double[] part) {
        for (int k = 0; k < sum.length; k++) {
            sum[k] += part[k];
        }
    }
}
