package dev.estimator.driver;

import java.io.Serializable;

import dev.estimator.engine.BlockSums;
import dev.estimator.engine.DenseBlock;
import dev.estimator.engine.DesignMatrix;
import dev.estimator.engine.DesignShape;
import dev.estimator.engine.ResultSums;
import dev.estimator.engine.StochasticSums;
import dev.estimator.engine.TrainingConfig;
import dev.estimator.engine.WeightTotals;

/**
 * One block's design rows (training rows, then validation rows, each in file order) with their prior weights and
 * offsets, built once where the block lives and persisted; its kernel's buffers are made on first use and kept
 * with it. {@code partition} is its place in key order: which partition of an epoch of SGD it is.
 */
final class DesignBlock implements Serializable {

    private static final long serialVersionUID = 2L;

    final BlockKey key;
    final int partition;
    final double[] x;
    final double[] y;
    /** null without weights */
    final double[] weights;
    /** null without an offset */
    final double[] offsets;
    final int p;
    final int trainingRows;
    final int validationRows;
    final int skippedRows;
    private transient BlockSums sums;

    DesignBlock(BlockKey key, int partition, double[] x, double[] y, double[] weights, double[] offsets, int p,
            int trainingRows, int validationRows, int skippedRows) {
        this.key = key;
        this.partition = partition;
        this.x = x;
        this.y = y;
        this.weights = weights;
        this.offsets = offsets;
        this.p = p;
        this.trainingRows = trainingRows;
        this.validationRows = validationRows;
        this.skippedRows = skippedRows;
    }

    DesignMatrix matrix(DesignShape shape) {
        return new DesignMatrix(new DenseBlock(x, y, p), trainingRows, validationRows, skippedRows,
                shape.fitIntercept(), shape.model(), shape.target(), shape.features(), weights, offsets,
                shape.classes(), shape.weightsColumn(), shape.offsetColumn());
    }

    /** @param totals the design's weight totals (null without weights) */
    BlockSums sums(DesignShape shape, TrainingConfig config, WeightTotals totals) {
        if (sums == null) {
            sums = new BlockSums(matrix(shape), config, totals);
        }
        return sums;
    }

    /** The block's training and validation sums at {@code params}, in one pass over it. */
    Partial partial(DesignShape shape, TrainingConfig config, WeightTotals totals, double[] params) {
        BlockSums s = sums(shape, config, totals);
        double[] grad = new double[params.length];
        double loss = s.training(params, grad);
        double validation = validationRows == 0 ? 0.0 : s.validation(params);
        return new Partial(key, loss, grad, validation);
    }

    Information information(DesignShape shape, TrainingConfig config, WeightTotals totals, double[] params) {
        double[] info = new double[params.length * params.length];
        sums(shape, config, totals).information(params, info);
        return new Information(key, info);
    }

    /** Its slice's gradient sum in a step of an epoch (null gradient when the slice is empty). */
    Step step(DesignShape shape, TrainingConfig config, WeightTotals totals, int epoch, long step, long steps,
            double[] params) {
        double[] grad = new double[params.length];
        int rows = sums(shape, config, totals).step(partition, epoch, step, steps, params, grad);
        return new Step(key, rows, rows > 0 ? grad : null);
    }

    /** Its own epoch from {@code start} (model averaging). */
    Local localEpoch(DesignShape shape, TrainingConfig config, WeightTotals totals, StochasticSums.Start start) {
        return new Local(key, sums(shape, config, totals).localEpoch(partition, start));
    }

    Result result(DesignShape shape, TrainingConfig config, WeightTotals totals, double[] params) {
        return new Result(key, ResultSums.of(matrix(shape), config, params, totals));
    }

    /** A block's part of a pass, put in key order at the driver. */
    interface Keyed extends Serializable {
        BlockKey key();
    }

    record Partial(BlockKey key, double loss, double[] grad, double validation) implements Keyed {
    }

    record Information(BlockKey key, double[] info) implements Keyed {
    }

    record Step(BlockKey key, int rows, double[] grad) implements Keyed {
    }

    record Local(BlockKey key, StochasticSums.Local local) implements Keyed {
    }

    record Result(BlockKey key, ResultSums sums) implements Keyed {
    }
}
