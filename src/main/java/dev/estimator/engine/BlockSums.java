package dev.estimator.engine;

import java.util.Arrays;

/**
 * One block's part of the {@link TrainingSums} and {@link StochasticSums}: its training rows' loss and gradient
 * sums, its validation rows' loss, its training rows' information, and its training rows as one partition of
 * an epoch of SGD — by the same kernels and steps the trainer uses in this JVM. Data split over machines builds
 * one per block where the block lives and combines the partial results in a fixed order.
 *
 * <p>Blocks with prior weights need the whole design's {@link WeightTotals}: the kernels scale weights by the
 * mean weight of all training (or validation) rows, which a block alone does not know. Not thread-safe (it
 * owns its kernel's buffers).
 */
public final class BlockSums {

    private final DesignMatrix block;
    private final TrainingConfig config;
    private final GradientKernel.Worker worker;
    private final Loss loss;
    private final WeightTotals totals;
    private GlmKernel information;
    private StochasticPart part;

    /** A block without prior weights. */
    public BlockSums(DesignMatrix block, TrainingConfig config) {
        this(block, config, null);
        if (block.weights() != null) {
            throw new IllegalArgumentException("prior weights need the design's weight totals");
        }
    }

    /** @param totals the whole design's weight totals (null without weights) */
    public BlockSums(DesignMatrix block, TrainingConfig config, WeightTotals totals) {
        this.loss = config.loss();
        this.block = block;
        this.config = config;
        this.totals = totals;
        this.information = block.plain() && config.algorithm() != Algorithm.NEWTON ? null
                : new GlmKernel(block, loss, totals);
        GradientKernel rows = block.plain() ? GradientKernel.best() : information.rows(GradientKernel.best());
        this.worker = rows.worker(block.block(), loss);
    }

    /** @see TrainingSums#training */
    public double training(double[] params, double[] grad) {
        if (grad == null) {
            return worker.loss(0, block.trainingRows(), params);
        }
        Arrays.fill(grad, 0.0);
        return worker.lossAndGradient(0, block.trainingRows(), params, grad);
    }

    /** @see TrainingSums#validation */
    public double validation(double[] params) {
        return block.validationRows() == 0 ? 0.0 : worker.loss(block.trainingRows(), block.rows(), params);
    }

    /** @see TrainingSums#information */
    public void information(double[] params, double[] info) {
        Arrays.fill(info, 0.0);
        if (block.trainingRows() > 0) {
            if (information == null) {
                information = new GlmKernel(block, loss, totals);
            }
            information.information(0, block.trainingRows(), params, info, false);
        }
    }

    /**
     * This block as partition {@code partition} of step {@code step} of {@code steps} of an epoch: the gradient
     * sum of its slice of its shuffled training rows, written to {@code grad} when the slice has rows.
     *
     * @return the slice's rows
     * @see StochasticSums#step
     */
    public int step(int partition, int epoch, long step, long steps, double[] params, double[] grad) {
        return part(partition).slice(epoch, step, steps, params, grad);
    }

    /**
     * This block as partition {@code partition} running its own epoch from {@code start} (model averaging).
     *
     * @see StochasticSums#localEpochs
     */
    public StochasticSums.Local localEpoch(int partition, StochasticSums.Start start) {
        double[] params = start.params().clone();
        UpdateRule rule = config.update().create();
        rule.initialise(block.dims());
        rule.restore(start.rule());
        StochasticEpoch.Step update = new StochasticEpoch.Step(config.penalty(block.p(), block.blocks()), block.p(),
                block.fitIntercept());
        StochasticPart own = part(partition);
        own.localEpoch(start.epoch(), params, rule, start.rate(), config.stepRows(), update,
                new double[block.dims()]);
        return new StochasticSums.Local(params, rule.state(), own.size());
    }

    private StochasticPart part(int partition) {
        if (part == null || part.partition() != partition) {
            part = new StochasticPart(worker, 0, block.trainingRows(), config.seed(), partition);
        }
        return part;
    }

    static void add(double[] into, double[] part) {
        for (int k = 0; k < into.length; k++) {
            into[k] += part[k];
        }
    }
}
