package dev.estimator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The new models and algorithms are bit-identical across thread counts and after a resume from a snapshot,
 * with weights, an offset and validation rows.
 */
class GlmDeterminismTest {

    private static final Frame POISSON = GlmData.poissonWithExposure(1_733, new double[] {0.3, -0.2, 0.1}, 29, true);
    private static final Frame MULTINOMIAL = GlmData.multinomial(1_511, new double[][] {{0.5, -0.5, 0.2},
            {-0.4, 0.7, -0.1}}, 31, true);
    /** Without weights, rows of one SIMD vector and a scalar leftover column. */
    private static final Frame MULTINOMIAL_WIDE = GlmData.multinomial(1_511, new double[][] {
            {0.5, -0.5, 0.2, 0.1, -0.3, 0.2}, {-0.4, 0.7, -0.1, 0.3, 0.2, -0.1}}, 31, false);

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Algorithm algorithm : Algorithm.values()) {
            out.add(Arguments.of(ModelKind.POISSON, algorithm, true));
            out.add(Arguments.of(ModelKind.MULTINOMIAL, algorithm, true));
            // without weights, multinomial rows run the SIMD kernel when the JVM has it
            out.add(Arguments.of(ModelKind.MULTINOMIAL, algorithm, false));
        }
        out.add(Arguments.of(ModelKind.GAMMA, Algorithm.LBFGS, true));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} weights {2}")
    @MethodSource("cases")
    void bitIdenticalAcrossThreadCountsAndResumes(ModelKind model, Algorithm algorithm, boolean weighted) {
        Frame frame = model == ModelKind.MULTINOMIAL ? (weighted ? MULTINOMIAL : MULTINOMIAL_WIDE)
                : model == ModelKind.GAMMA ? GlmData.gamma(1_201, new double[] {0.3, -0.2, 0.1, 0.5}, 2.0, 37)
                : POISSON;
        DesignSpec spec = new DesignSpec("y", List.of(), model, true, true, MissingPolicy.ERROR,
                DesignSpec.Holdout.fraction(0.2), 5, weighted ? "w" : null, model == ModelKind.POISSON ? "o" : null);
        DesignMatrix data = DesignMatrixBuilder.build(frame, spec);
        boolean stochastic = algorithm == Algorithm.SGD || algorithm == Algorithm.MINIBATCH;
        TrainingConfig config = TrainingConfig.builder(model).algorithm(algorithm).learningRate(0.05).batchSize(64)
                .update(stochastic ? UpdateKind.ADAM : UpdateKind.PLAIN).partitions(7)
                .l1(algorithm == Algorithm.LBFGS ? 0.001 : 0.0).l2(0.01).tolerance(0)
                .maxIterations(algorithm.secondOrder() ? 12 : stochastic ? 5 : 40).seed(99).build();

        double[] reference = null;
        List<IterationRecord> history0 = null;
        for (int threads : new int[] {1, 2, 8}) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                List<IterationRecord> history = new ArrayList<>();
                TrainingOutcome o = new Trainer(data, config, pool).run((r, c) -> history.add(r));
                if (reference == null) {
                    reference = o.params();
                    history0 = history;
                } else {
                    assertThat(o.params()).as("%d threads", threads).containsExactly(reference);
                    assertThat(losses(history)).containsExactly(losses(history0));
                }
            } finally {
                pool.shutdown();
            }
        }
        assertThat(history0.size()).isGreaterThanOrEqualTo(3);
        int stopAfter = history0.size() / 3;
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
        assertThat(losses(rest)).containsExactly(losses(history0.subList(stopAfter + 1, history0.size())));
    }

    private static double[] losses(List<IterationRecord> history) {
        return history.stream().mapToDouble(IterationRecord::loss).toArray();
    }
}
