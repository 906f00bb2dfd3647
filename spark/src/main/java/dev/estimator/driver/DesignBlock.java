package dev.estimator.driver;

import java.io.Serializable;

import dev.estimator.engine.BlockSums;
import dev.estimator.engine.DenseBlock;
import dev.estimator.engine.DesignMatrix;
import dev.estimator.engine.DesignShape;
import dev.estimator.engine.ResultSums;
import dev.estimator.engine.TrainingConfig;

/**
 * One block's design rows (training rows, then validation rows, each in file order), built once where the
 * block lives and persisted; its kernel's buffers are made on first use and kept with it.
 */
final class DesignBlock implements Serializable {

    private static final long serialVersionUID = 1L;

    final BlockKey key;
    final double[] x;
    final double[] y;
    final int p;
    final int trainingRows;
    final int validationRows;
    final int skippedRows;
    private transient BlockSums sums;

    DesignBlock(BlockKey key, double[] x, double[] y, int p, int trainingRows, int validationRows, int skippedRows) {
        this.key = key;
        this.x = x;
        this.y = y;
        this.p = p;
        this.trainingRows = trainingRows;
        this.validationRows = validationRows;
        this.skippedRows = skippedRows;
    }

    DesignMatrix matrix(DesignShape shape) {
        return new DesignMatrix(new DenseBlock(x, y, p), trainingRows, validationRows, skippedRows,
                shape.fitIntercept(), shape.model(), shape.target(), shape.features(), null, null, shape.classes(),
                null, null);
    }

    BlockSums sums(DesignShape shape, TrainingConfig config) {
        if (sums == null) {
            sums = new BlockSums(matrix(shape), config);
        }
        return sums;
    }

    /** The block's training and validation sums at {@code params}, in one pass over it. */
    Partial partial(DesignShape shape, TrainingConfig config, double[] params) {
        BlockSums s = sums(shape, config);
        double[] grad = new double[params.length];
        double loss = s.training(params, grad);
        double validation = validationRows == 0 ? 0.0 : s.validation(params);
        return new Partial(key, loss, grad, validation);
    }

    Information information(DesignShape shape, TrainingConfig config, double[] params) {
        double[] info = new double[params.length * params.length];
        sums(shape, config).information(params, info);
        return new Information(key, info);
    }

    Result result(DesignShape shape, TrainingConfig config, double[] params) {
        return new Result(key, ResultSums.of(matrix(shape), config, params));
    }

    record Partial(BlockKey key, double loss, double[] grad, double validation) implements Serializable {
    }

    record Information(BlockKey key, double[] info) implements Serializable {
    }

    record Result(BlockKey key, ResultSums sums) implements Serializable {
    }
}
