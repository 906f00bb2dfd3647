package dev.estimator.engine;

import java.util.Arrays;

/**
 * One block's part of the {@link TrainingSums}: its training rows' loss and gradient sums, its validation
 * rows' loss, its training rows' information — by the same kernels the trainer uses in this JVM. Data split
 * over machines builds one per block where the block lives and adds the partial sums in a fixed order.
 *
 * <p>Blocks with prior weights are refused: the kernels scale weights by the mean weight of the rows they
 * see, which a block alone does not know. Not thread-safe (it owns its kernel's buffers).
 */
public final class BlockSums {

    private final DesignMatrix block;
    private final GradientKernel.Worker worker;
    private final Loss loss;
    private GlmKernel information;

    public BlockSums(DesignMatrix block, TrainingConfig config) {
        if (block.weights() != null) {
            throw new IllegalArgumentException("prior weights need all rows in one place");
        }
        this.loss = config.loss();
        this.block = block;
        this.information = block.plain() && config.algorithm() != Algorithm.NEWTON ? null : new GlmKernel(block, loss);
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
                information = new GlmKernel(block, loss);
            }
            information.information(0, block.trainingRows(), params, info, false);
        }
    }

    static void add(double[] into, double[] part) {
        for (int k = 0; k < into.length; k++) {
            into[k] += part[k];
        }
    }
}
