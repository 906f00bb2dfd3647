package dev.estimator.driver;

import java.util.Arrays;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import dev.estimator.engine.DesignShape;
import dev.estimator.engine.ResultSums;
import dev.estimator.engine.TrainingConfig;
import dev.estimator.engine.TrainingSums;

/**
 * The trainer's sums over persisted blocks: per call the parameters are broadcast, one partial sum per block is
 * collected, and the partial sums are added in {@link BlockKey} order — the same order however Spark placed the
 * blocks, so the same data gives the same bits. One pass gives a point's training and validation sums.
 */
final class SparkSums implements TrainingSums {

    private final JavaSparkContext context;
    private final JavaRDD<DesignBlock> blocks;
    private final Broadcast<DesignShape> shape;
    private final Broadcast<TrainingConfig> config;
    private double[] validationAt;
    private double validation;

    SparkSums(JavaSparkContext context, JavaRDD<DesignBlock> blocks, DesignShape shape, TrainingConfig config) {
        this.context = context;
        this.blocks = blocks;
        this.shape = context.broadcast(shape);
        this.config = context.broadcast(config);
    }

    @Override
    public double training(double[] params, double[] grad) {
        Broadcast<double[]> at = context.broadcast(params.clone());
        Broadcast<DesignShape> s = shape;
        Broadcast<TrainingConfig> c = config;
        List<DesignBlock.Partial> parts;
        try {
            parts = sorted(blocks.map(b -> b.partial(s.value(), c.value(), at.value())).collect());
        } finally {
            at.destroy();
        }
        double total = 0.0;
        double valid = 0.0;
        double[] sum = new double[params.length];
        for (DesignBlock.Partial part : parts) {
            total += part.loss();
            valid += part.validation();
            for (int k = 0; k < sum.length; k++) {
                sum[k] += part.grad()[k];
            }
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
        Broadcast<double[]> at = context.broadcast(params.clone());
        Broadcast<DesignShape> s = shape;
        Broadcast<TrainingConfig> c = config;
        List<DesignBlock.Information> parts;
        try {
            parts = blocks.map(b -> b.information(s.value(), c.value(), at.value())).collect().stream()
                    .sorted(java.util.Comparator.comparing(DesignBlock.Information::key)).toList();
        } finally {
            at.destroy();
        }
        Arrays.fill(info, 0.0);
        for (DesignBlock.Information part : parts) {
            for (int k = 0; k < info.length; k++) {
                info[k] += part.info()[k];
            }
        }
    }

    /** The result's row sums at the final parameters, blocks merged in key order. */
    ResultSums result(double[] params) {
        Broadcast<DesignShape> s = shape;
        Broadcast<TrainingConfig> c = config;
        double[] at = params.clone();
        return ResultSums.merge(blocks.map(b -> b.result(s.value(), c.value(), at)).collect().stream()
                .sorted(java.util.Comparator.comparing(DesignBlock.Result::key)).map(DesignBlock.Result::sums)
                .toList());
    }

    private static List<DesignBlock.Partial> sorted(List<DesignBlock.Partial> parts) {
        return parts.stream().sorted(java.util.Comparator.comparing(DesignBlock.Partial::key)).toList();
    }
}
