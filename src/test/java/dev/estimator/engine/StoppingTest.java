package dev.estimator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class StoppingTest {

    private static final Frame FRAME = Fixtures.linear(2_000, new double[] {3.0, -1.0, 2.0, 10.0}, 1.0, 31);

    @Test
    void divergingLearningRateEndsAsDivergedWithinAFewIterations() {
        for (Algorithm algorithm : Algorithm.values()) {
            TrainingConfig config = TrainingConfig.builder(ModelKind.LINEAR).algorithm(algorithm).learningRate(50)
                    .maxIterations(1000).build();
            DesignMatrix data = DesignMatrixBuilder.build(FRAME, Fixtures.spec(ModelKind.LINEAR));
            List<IterationRecord> seen = new ArrayList<>();
            TrainingOutcome o = new Trainer(data, config, Fixtures.POOL).run((r, c) -> seen.add(r));
            assertThat(o.stopReason()).as(algorithm.name()).isEqualTo(StopReason.DIVERGED);
            assertThat(o.divergedAt()).isBetween(0, 10);
            assertThat(java.util.Arrays.stream(o.params()).allMatch(Double::isFinite)).isTrue();
            assertThat(seen).allMatch(r -> Double.isFinite(r.loss()));
        }
    }

    @Test
    void poissonWithHugeStepsDivergesWithoutNaN() {
        Frame frame = Fixtures.poisson(500, new double[] {1.0, 0.5, 0.2}, 3);
        TrainingConfig config = TrainingConfig.builder(ModelKind.POISSON).learningRate(1e4).build();
        DesignMatrix data = DesignMatrixBuilder.build(frame, Fixtures.spec(ModelKind.POISSON));
        TrainingOutcome o = new Trainer(data, config, Fixtures.POOL).run(TrainingListener.NONE);
        assertThat(o.stopReason()).isEqualTo(StopReason.DIVERGED);
        assertThat(java.util.Arrays.stream(o.params()).allMatch(Double::isFinite)).isTrue();
        assertThat(FitResult.of(data, config, o).coefficients()).allMatch(c -> Double.isFinite(c.value()));
    }

    @Test
    void toleranceStopsOnceTheLossSettles() {
        TrainingConfig config = TrainingConfig.builder(ModelKind.LINEAR).learningRate(0.5).tolerance(1e-10)
                .maxIterations(10_000).build();
        DesignMatrix data = DesignMatrixBuilder.build(FRAME, Fixtures.spec(ModelKind.LINEAR));
        TrainingOutcome o = new Trainer(data, config, Fixtures.POOL).run(TrainingListener.NONE);
        assertThat(o.stopReason()).isEqualTo(StopReason.TOLERANCE);
        assertThat(o.iterations()).isLessThan(10_000);
        assertThat(o.stopReason().converged()).isTrue();
    }

    @Test
    void maxIterationsCountsEveryIteration() {
        TrainingConfig config = TrainingConfig.builder(ModelKind.LINEAR).tolerance(0).maxIterations(17).build();
        DesignMatrix data = DesignMatrixBuilder.build(FRAME, Fixtures.spec(ModelKind.LINEAR));
        List<Integer> iterations = new ArrayList<>();
        TrainingOutcome o = new Trainer(data, config, Fixtures.POOL).run((r, c) -> iterations.add(r.iteration()));
        assertThat(o.stopReason()).isEqualTo(StopReason.MAX_ITERATIONS);
        assertThat(o.iterations()).isEqualTo(17);
        assertThat(iterations).hasSize(17).startsWith(0).endsWith(16);
    }

    @Test
    void listenerCancels() {
        TrainingConfig config = TrainingConfig.builder(ModelKind.LINEAR).tolerance(0).maxIterations(1000).build();
        DesignMatrix data = DesignMatrixBuilder.build(FRAME, Fixtures.spec(ModelKind.LINEAR));
        TrainingOutcome o = new Trainer(data, config, Fixtures.POOL).run((r, c) -> r.iteration() < 4);
        assertThat(o.stopReason()).isEqualTo(StopReason.CANCELLED);
        assertThat(o.iterations()).isEqualTo(5);
    }

    @Test
    void earlyStoppingKeepsTheBestValidationParameters() {
        // Noisy labels and many useless features: the validation loss turns up while training goes on.
        Frame frame = Fixtures.linear(120, new double[] {0.5, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.0}, 3.0, 37);
        DesignSpec spec = new DesignSpec("y", List.of(), ModelKind.LINEAR, true, true, MissingPolicy.ERROR,
                DesignSpec.Holdout.fraction(0.5), 1);
        DesignMatrix data = DesignMatrixBuilder.build(frame, spec);
        TrainingConfig config = TrainingConfig.builder(ModelKind.LINEAR).learningRate(0.05).tolerance(0)
                .maxIterations(5000).patience(5).build();
        List<IterationRecord> seen = new ArrayList<>();
        TrainingOutcome o = new Trainer(data, config, Fixtures.POOL).run((r, c) -> seen.add(r));
        assertThat(o.stopReason()).isEqualTo(StopReason.EARLY_STOPPING);
        double best = seen.stream().mapToDouble(IterationRecord::validationLoss).min().orElseThrow();
        IterationRecord last = seen.get(seen.size() - 1);
        assertThat(last.validationLoss()).isGreaterThan(best);
        FitResult fit = FitResult.of(data, config, o);
        double mse = fit.validationMetrics().get("rmse") * fit.validationMetrics().get("rmse");
        assertThat(0.5 * mse).isCloseTo(best, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void timeLimitStopsWithTheParametersSoFar() {
        TrainingConfig config = TrainingConfig.builder(ModelKind.LINEAR).tolerance(0).maxIterations(Integer.MAX_VALUE)
                .learningRate(0.01).maxRuntimeNanos(50_000_000L).build();
        DesignMatrix data = DesignMatrixBuilder.build(FRAME, Fixtures.spec(ModelKind.LINEAR));
        TrainingOutcome o = new Trainer(data, config, Fixtures.POOL).run(TrainingListener.NONE);
        assertThat(o.stopReason()).isEqualTo(StopReason.TIME_LIMIT);
        assertThat(o.elapsedNanos()).isGreaterThanOrEqualTo(50_000_000L);
        assertThat(java.util.Arrays.stream(o.params()).allMatch(Double::isFinite)).isTrue();
    }

    @Test
    void adaptiveScheduleHalvesWhenTheLossRises() {
        TrainingConfig config = TrainingConfig.builder(ModelKind.LINEAR).learningRate(1.9).schedule(ScheduleKind.ADAPTIVE)
                .update(UpdateKind.MOMENTUM).tolerance(0).maxIterations(300).build();
        DesignMatrix data = DesignMatrixBuilder.build(FRAME, Fixtures.spec(ModelKind.LINEAR));
        List<IterationRecord> seen = new ArrayList<>();
        new Trainer(data, config, Fixtures.POOL).run((r, c) -> seen.add(r));
        assertThat(seen.get(seen.size() - 1).learningRate()).isLessThan(1.9);
        assertThat(seen.stream().mapToDouble(IterationRecord::learningRate).distinct().count()).isGreaterThan(1);
    }
}
