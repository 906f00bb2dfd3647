package dev.estimator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Sums from blocks elsewhere (the hook a cluster driver uses): blocks cut where the local trainer cuts its
 * partitions give the same bits as the local trainer, and the result computed from the blocks' merged
 * {@link ResultSums} equals the local result.
 */
class BlockSumsTest {

    private static final Frame LINEAR = Fixtures.linear(2_003, new double[] {1.0, -0.5, 0.25, 2.0}, 0.7, 31);
    private static final Frame LOGISTIC = Fixtures.logistic(2_501, new double[] {0.9, -0.6, 0.4}, 37);

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"LINEAR, GD", "LINEAR, NEWTON", "LINEAR, LBFGS", "LOGISTIC, GD", "LOGISTIC, NEWTON",
            "LOGISTIC, LBFGS"})
    void blocksAtThePartitionBoundariesTrainBitIdenticallyToTheLocalTrainer(ModelKind model, Algorithm algorithm) {
        DesignMatrix data = DesignMatrixBuilder.build(model == ModelKind.LINEAR ? LINEAR : LOGISTIC,
                Fixtures.spec(model));
        TrainingConfig config = TrainingConfig.builder(model).algorithm(algorithm).partitions(5).tolerance(0)
                .learningRate(0.3).maxIterations(algorithm == Algorithm.GD ? 40 : 8).build();

        Runs runs = Runs.of(data, config);
        runs.assertBitIdentical();
        TrainingOutcome expected = runs.local();
        TrainingOutcome actual = runs.overBlocks();
        List<DesignMatrix> blocks = runs.blocks();

        FitResult whole = FitResult.of(data, config, expected);
        FitResult merged = FitResult.of(data.shape(), config, actual, ResultSums.merge(
                blocks.stream().map(b -> ResultSums.of(b, config, actual.params())).toList()));
        assertThat(merged.coefficients()).hasSameSizeAs(whole.coefficients());
        for (int j = 0; j < whole.coefficients().size(); j++) {
            Coefficient w = whole.coefficients().get(j);
            Coefficient m = merged.coefficients().get(j);
            assertThat(m.value()).isEqualTo(w.value());
            // the information is added block by block: the same sum in another grouping
            assertThat(m.standardError()).isCloseTo(w.standardError(), within(1e-12 * w.standardError()));
        }
        assertThat(merged.finalLoss()).isCloseTo(whole.finalLoss(), within(1e-13 * Math.abs(whole.finalLoss())));
        whole.trainMetrics().forEach((name, value) ->
                assertThat(merged.trainMetrics().get(name)).as(name).isCloseTo(value, within(1e-12 * Math.abs(value))));
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @CsvSource({"LINEAR, SGD, GRADIENT, PLAIN", "LINEAR, MINIBATCH, GRADIENT, MOMENTUM",
            "LOGISTIC, SGD, MODEL_AVERAGING, ADAM", "LOGISTIC, MINIBATCH, MODEL_AVERAGING, ADAGRAD"})
    void blocksAsPartitionsRunStochasticEpochsBitIdenticallyToTheLocalTrainer(ModelKind model, Algorithm algorithm,
            ParallelMode mode, UpdateKind update) {
        DesignMatrix data = DesignMatrixBuilder.build(model == ModelKind.LINEAR ? LINEAR : LOGISTIC,
                Fixtures.spec(model));
        TrainingConfig config = TrainingConfig.builder(model).algorithm(algorithm).parallelMode(mode).update(update)
                .batchSize(50).partitions(5).tolerance(0).learningRate(0.01).l1(0.001).maxIterations(3).build();

        Runs runs = Runs.of(data, config);
        assertThat(runs.local().iterations()).isEqualTo(3);
        runs.assertBitIdentical();
    }

    /** Multinomial rows without weights (the SIMD rows when the JVM has the Vector API) by blocks, bit for bit. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"GD", "LBFGS"})
    void multinomialBlocksTrainBitIdenticallyToTheLocalTrainer(Algorithm algorithm) {
        Frame frame = GlmData.multinomial(1_203, new double[][] {{0.6, -0.4, 0.2, 0.1, -0.3, 0.2},
                {-0.5, 0.7, -0.1, 0.3, 0.2, -0.1}}, 41, false);
        DesignMatrix data = DesignMatrixBuilder.build(frame, GlmData.spec(ModelKind.MULTINOMIAL, false, false));
        TrainingConfig config = TrainingConfig.builder(ModelKind.MULTINOMIAL).algorithm(algorithm).partitions(5)
                .tolerance(0).learningRate(0.3).maxIterations(algorithm == Algorithm.GD ? 30 : 8).build();
        Runs.of(data, config).assertBitIdentical();
    }

    /**
     * The local trainer on 5 partitions, and a trainer over blocks cut at those partitions (with the blocks' own
     * stochastic steps when the algorithm needs them), each with its loss history.
     */
    private record Runs(TrainingOutcome local, List<IterationRecord> localHistory, TrainingOutcome overBlocks,
            List<IterationRecord> blocksHistory, List<DesignMatrix> blocks) {

        static Runs of(DesignMatrix data, TrainingConfig config) {
            List<IterationRecord> localHistory = new ArrayList<>();
            TrainingOutcome local = new Trainer(data, config, Fixtures.POOL).run((r, c) -> localHistory.add(r));
            List<DesignMatrix> blocks = cut(data, new Partitions(data.trainingRows(), 5));
            List<BlockSums> sums = blocks.stream().map(b -> new BlockSums(b, config)).toList();
            // full-batch algorithms leave the stochastic steps unused
            Trainer remote = new Trainer(data.shape(), config, TrainingSums.ofBlocks(sums),
                    StochasticSums.ofBlocks(sums));
            List<IterationRecord> blocksHistory = new ArrayList<>();
            TrainingOutcome overBlocks = remote.run((r, c) -> blocksHistory.add(r));
            return new Runs(local, localHistory, overBlocks, blocksHistory, blocks);
        }

        void assertBitIdentical() {
            assertThat(overBlocks.params()).isEqualTo(local.params());
            assertThat(overBlocks.stopReason()).isEqualTo(local.stopReason());
            assertThat(blocksHistory).hasSameSizeAs(localHistory);
            for (int i = 0; i < localHistory.size(); i++) {
                assertThat(blocksHistory.get(i).loss()).as("loss %d", i).isEqualTo(localHistory.get(i).loss());
                assertThat(blocksHistory.get(i).gradientNorm()).as("gradient norm %d", i)
                        .isEqualTo(localHistory.get(i).gradientNorm());
            }
        }
    }

    @Test
    void stochasticAlgorithmsNeedThePartitionsStepsOverSumsFromElsewhere() {
        DesignMatrix data = DesignMatrixBuilder.build(LINEAR, Fixtures.spec(ModelKind.LINEAR));
        TrainingConfig config = TrainingConfig.builder(ModelKind.LINEAR).algorithm(Algorithm.SGD).build();
        assertThatThrownBy(() -> new Trainer(data.shape(), config, TrainingSums.ofBlocks(List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sgd needs the partitions' own steps");
    }

    /** The training rows of {@code data} (it has no validation rows) as one matrix per partition. */
    static List<DesignMatrix> cut(DesignMatrix data, Partitions parts) {
        List<DesignMatrix> out = new ArrayList<>();
        int p = data.p();
        for (int j = 0; j < parts.count(); j++) {
            int from = parts.start(j);
            int to = parts.end(j);
            DenseBlock block = new DenseBlock(Arrays.copyOfRange(data.x(), from * p, to * p),
                    Arrays.copyOfRange(data.y(), from, to), p);
            out.add(new DesignMatrix(block, to - from, 0, 0, data.fitIntercept(), data.model(), data.target(),
                    data.features(), null, null, data.classes(), null, null));
        }
        return out;
    }
}
