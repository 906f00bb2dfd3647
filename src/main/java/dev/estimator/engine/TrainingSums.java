package dev.estimator.engine;

import java.util.List;

/**
 * The full-batch sums a {@link Trainer} needs, wherever the rows are: in this JVM (partitions of one
 * {@link DesignMatrix} summed on a pool) or elsewhere (blocks on a cluster, their partial sums combined in a
 * fixed order). Everything else of a fit — update rules, schedules, penalties, validation, early stopping,
 * divergence, line searches — is the trainer's, so every source of sums trains alike.
 *
 * <p>An implementation must give bit-identical sums for the same parameters every time it is asked
 * (a fixed order of addition), or runs stop being reproducible.
 */
public interface TrainingSums {

    /**
     * The sum of the training rows' losses; unless {@code grad} is null, their gradient sums
     * {@code Σ ℓ'ᵢ·(xᵢ, 1)} written to it (dims values, overwritten).
     */
    double training(double[] params, double[] grad);

    /** The sum of the validation rows' losses (only asked when there are validation rows). */
    double validation(double[] params);

    /**
     * The training rows' Fisher information {@code Σ zᵢ Wᵢ zᵢᵀ} written to the upper triangle of {@code info}
     * (dims × dims, row-major, overwritten; not divided by the rows). Asked by Newton's method only.
     */
    void information(double[] params, double[] info);

    /** Blocks summed one after another, their sums added in list order: the reference for distributed sums. */
    static TrainingSums ofBlocks(List<BlockSums> blocks) {
        return new TrainingSums() {
            @Override
            public double training(double[] params, double[] grad) {
                double[] part = grad == null ? null : new double[grad.length];
                double total = 0.0;
                if (grad != null) {
                    java.util.Arrays.fill(grad, 0.0);
                }
                for (BlockSums b : blocks) {
                    total += b.training(params, part);
                    if (grad != null) {
                        BlockSums.add(grad, part);
                    }
                }
                return total;
            }

            @Override
            public double validation(double[] params) {
                double total = 0.0;
                for (BlockSums b : blocks) {
                    total += b.validation(params);
                }
                return total;
            }

            @Override
            public void information(double[] params, double[] info) {
                double[] part = new double[info.length];
                java.util.Arrays.fill(info, 0.0);
                for (BlockSums b : blocks) {
                    b.information(params, part);
                    BlockSums.add(info, part);
                }
            }
        };
    }
}
