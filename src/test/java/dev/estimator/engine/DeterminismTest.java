package dev.estimator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Same inputs, spec and seed: the same bits whatever the threads, and resuming equals not stopping. */
class DeterminismTest {

    private static final Frame LINEAR = Fixtures.linear(4_099, new double[] {1.0, -0.5, 0.25, 2.0, 0.3}, 0.7, 23);
    private static final Frame LOGISTIC = Fixtures.logistic(3_001, new double[] {0.9, -0.6, 0.4, -0.2}, 29);

    static Stream<Arguments> configs() {
        List<Arguments> out = new ArrayList<>();
        // newton and lbfgs: GlmDeterminismTest
        for (Algorithm algorithm : List.of(Algorithm.GD, Algorithm.SGD, Algorithm.MINIBATCH)) {
            for (ParallelMode mode : ParallelMode.values()) {
                if (algorithm == Algorithm.GD && mode == ParallelMode.MODEL_AVERAGING) {
                    continue;
                }
                for (UpdateKind update : UpdateKind.values()) {
                    ScheduleKind schedule = ScheduleKind.values()[(update.ordinal() + algorithm.ordinal()) % 4];
                    out.add(Arguments.of(algorithm, mode, update, schedule));
                }
            }
        }
        return out.stream();
    }

    private static TrainingConfig config(ModelKind model, Algorithm algorithm, ParallelMode mode, UpdateKind update,
            ScheduleKind schedule) {
        return TrainingConfig.builder(model).algorithm(algorithm).parallelMode(mode).update(update)
                .schedule(schedule).learningRate(update == UpdateKind.ADAGRAD ? 0.5 : 0.02).batchSize(64)
                .partitions(7).l2(0.01).l1(0.001).tolerance(0).maxIterations(algorithm == Algorithm.GD ? 60 : 6)
                .patience(3).seed(99).build();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("configs")
    void bitIdenticalAcrossThreadCountsAndResumes(Algorithm algorithm, ParallelMode mode, UpdateKind update,
            ScheduleKind schedule) {
        DesignSpec spec = new DesignSpec("y", List.of(), ModelKind.LOGISTIC, true, true, MissingPolicy.ERROR,
                DesignSpec.Holdout.fraction(0.2), 5);
        DesignMatrix data = DesignMatrixBuilder.build(LOGISTIC, spec);
        TrainingConfig config = config(ModelKind.LOGISTIC, algorithm, mode, update, schedule);

        double[] reference = null;
        List<IterationRecord> referenceHistory = null;
        for (int threads : new int[] {1, 2, 8}) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                List<IterationRecord> history = new ArrayList<>();
                TrainingOutcome o = new Trainer(data, config, pool).run((r, c) -> history.add(r));
                if (reference == null) {
                    reference = o.params();
                    referenceHistory = history;
                } else {
                    assertThat(o.params()).as("%d threads", threads).containsExactly(reference);
                    assertThat(losses(history)).containsExactly(losses(referenceHistory));
                }
            } finally {
                pool.shutdown();
            }
        }

        // Stop after a third of the iterations with a snapshot, resume on a new trainer.
        int stopAfter = Math.max(1, referenceHistory.size() / 3) - 1;
        byte[][] snapshot = new byte[1][];
        new Trainer(data, config, Fixtures.POOL).run((r, c) -> {
            if (r.iteration() == stopAfter) {
                snapshot[0] = c.snapshot();
                return false;
            }
            return true;
        });
        Trainer resumed = new Trainer(data, config, Fixtures.POOL);
        resumed.restore(snapshot[0]);
        List<IterationRecord> rest = new ArrayList<>();
        TrainingOutcome o = resumed.run((r, c) -> rest.add(r));
        assertThat(o.params()).containsExactly(reference);
        assertThat(rest.get(0).iteration()).isEqualTo(stopAfter + 1);
        assertThat(losses(rest)).containsExactly(losses(referenceHistory.subList(stopAfter + 1, referenceHistory.size())));
    }

    @Test
    void partitionCountsAgreeForFullBatch() {
        DesignMatrix data = DesignMatrixBuilder.build(LINEAR, Fixtures.spec(ModelKind.LINEAR));
        double[] reference = null;
        for (int partitions : new int[] {1, 3, 8, 64}) {
            TrainingConfig config = TrainingConfig.builder(ModelKind.LINEAR).partitions(partitions).tolerance(0)
                    .maxIterations(200).build();
            double[] params = new Trainer(data, config, Fixtures.POOL).run(TrainingListener.NONE).params();
            if (reference == null) {
                reference = params;
            } else {
                for (int k = 0; k < params.length; k++) {
                    assertThat(Math.abs(params[k] - reference[k]))
                            .isLessThanOrEqualTo(1e-12 * Math.max(1.0, Math.abs(reference[k])));
                }
            }
        }
    }

    @Test
    void snapshotIsCompact() {
        DesignMatrix data = DesignMatrixBuilder.build(LINEAR, Fixtures.spec(ModelKind.LINEAR));
        TrainingConfig config = TrainingConfig.builder(ModelKind.LINEAR).update(UpdateKind.ADAM).maxIterations(3).build();
        byte[][] snapshot = new byte[1][];
        new Trainer(data, config, Fixtures.POOL).run((r, c) -> {
            snapshot[0] = c.snapshot();
            return true;
        });
        // header, counters, 3 vectors of p + 1 = 5 (params, best, Adam m, v) and a few scalars
        assertThat(snapshot[0].length).isLessThan(300);
    }

    private static double[] losses(List<IterationRecord> history) {
        return history.stream().mapToDouble(IterationRecord::loss).toArray();
    }
}
