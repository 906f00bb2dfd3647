package dev.estimator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Weights, offsets, Gamma and multinomial models and the Newton and L-BFGS algorithms against the
 * independent references of {@link GlmReference}: coefficients and standard errors to 1e-6 relative.
 */
class GlmFitTest {

    private static final double[] TRUTH = {0.6, -0.4, 0.25, 0.3};

    private static TrainingConfig.Builder config(ModelKind model, Algorithm algorithm) {
        return TrainingConfig.builder(model).algorithm(algorithm).tolerance(0).maxIterations(200).partitions(3);
    }

    private static FitResult fit(Frame frame, DesignSpec spec, TrainingConfig config) {
        return Fixtures.fit(frame, spec, config);
    }

    private static void assertMatches(FitResult fit, GlmReference reference, double tolerance) {
        assertThat(Fixtures.maxRelativeError(Fixtures.values(fit), reference.beta)).isLessThan(tolerance);
        List<Coefficient> all = new ArrayList<>(fit.coefficients());
        all.add(fit.intercept());
        for (int j = 0; j < all.size(); j++) {
            assertThat(all.get(j).standardError()).as("standard error %d", j)
                    .isCloseTo(reference.standardErrors[j], within(tolerance * reference.standardErrors[j]));
        }
    }

    @Test
    void weightedLeastSquaresMatchesByEveryAlgorithm() {
        Frame frame = GlmData.linear(1_201, TRUTH, 3, true);
        GlmReference reference = GlmReference.irls(GlmData.rows(frame), GlmData.column(frame, "y"),
                GlmData.column(frame, "w"), null, GlmReference.Family.LINEAR);
        DesignSpec spec = GlmData.spec(ModelKind.LINEAR, true, false);
        for (Algorithm algorithm : List.of(Algorithm.NEWTON, Algorithm.LBFGS)) {
            FitResult fit = fit(frame, spec, config(ModelKind.LINEAR, algorithm).build());
            assertThat(fit.stopReason()).as("%s", algorithm).isEqualTo(StopReason.TOLERANCE);
            assertThat(fit.statistic()).isEqualTo("t");
            assertMatches(fit, reference, 1e-6);
        }
        FitResult gd = fit(frame, spec, config(ModelKind.LINEAR, Algorithm.GD).learningRate(0.5).maxIterations(3000)
                .build());
        assertMatches(gd, reference, 1e-6);
        assertThat(fit(frame, spec, config(ModelKind.LINEAR, Algorithm.NEWTON).build()).weights()).isEqualTo("w");
    }

    @Test
    void poissonWithExposureOffsetMatchesIrls() {
        Frame frame = GlmData.poissonWithExposure(2_003, new double[] {0.4, -0.3, 0.2, -0.5}, 5, false);
        GlmReference reference = GlmReference.irls(GlmData.rows(frame), GlmData.column(frame, "y"), null,
                GlmData.column(frame, "o"), GlmReference.Family.POISSON);
        DesignSpec spec = GlmData.spec(ModelKind.POISSON, false, true);
        FitResult newton = fit(frame, spec, config(ModelKind.POISSON, Algorithm.NEWTON).build());
        assertMatches(newton, reference, 1e-6);
        assertThat(newton.statistic()).isEqualTo("z");
        assertThat(newton.offset()).isEqualTo("o");
        assertThat(newton.iterations()).isLessThan(30);
        FitResult lbfgs = fit(frame, spec, config(ModelKind.POISSON, Algorithm.LBFGS).build());
        assertMatches(lbfgs, reference, 1e-6);
        // Without the offset the fit is a different one: the offset really enters every margin.
        DesignSpec noOffset = new DesignSpec("y", List.of("x0", "x1", "x2"), ModelKind.POISSON, true, true,
                MissingPolicy.ERROR, DesignSpec.Holdout.NONE, 42);
        FitResult without = fit(frame, noOffset, config(ModelKind.POISSON, Algorithm.NEWTON).build());
        assertThat(Math.abs(without.intercept().value() - newton.intercept().value())).isGreaterThan(0.5);
    }

    @Test
    void gammaLogLinkMatchesIrlsWithPearsonDispersion() {
        Frame frame = GlmData.gamma(1_500, new double[] {0.5, -0.3, 0.2, 1.0}, 2.0, 7);
        GlmReference reference = GlmReference.irls(GlmData.rows(frame), GlmData.column(frame, "y"),
                GlmData.column(frame, "w"), null, GlmReference.Family.GAMMA);
        // prior weights with mean 1.4 on data of dispersion 1/shape = 0.5: Pearson's estimate is near 0.7
        assertThat(reference.dispersion).isBetween(0.5, 1.1);
        DesignSpec spec = GlmData.spec(ModelKind.GAMMA, true, false);
        FitResult fit = fit(frame, spec, config(ModelKind.GAMMA, Algorithm.NEWTON).build());
        assertMatches(fit, reference, 1e-6);
        assertThat(fit.statistic()).isEqualTo("t");
        assertThat(fit.trainMetrics()).containsKeys("deviance", "rmse");
        FitResult lbfgs = fit(frame, spec, config(ModelKind.GAMMA, Algorithm.LBFGS).build());
        assertMatches(lbfgs, reference, 1e-6);
    }

    /** Without weights the rows run the SIMD kernel (when the JVM has it); with them, the general one. */
    @ParameterizedTest(name = "weights {0}")
    @ValueSource(booleans = {true, false})
    void threeClassMultinomialMatchesNewtonOnTheWholeHessian(boolean weighted) {
        // five features without weights: one whole SIMD vector and a scalar leftover column
        double[][] truth = weighted ? new double[][] {{0.8, -0.5, 0.3}, {-0.6, 0.9, -0.2}}
                : new double[][] {{0.8, -0.5, 0.2, 0.1, -0.3, 0.3}, {-0.6, 0.9, -0.1, 0.4, 0.2, -0.2}};
        Frame frame = GlmData.multinomial(3_001, truth, 11, weighted);
        double[] codes = GlmData.column(frame, "y");
        int[] y = new int[codes.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (int) codes[i];
        }
        double[] w = new double[y.length];
        java.util.Arrays.fill(w, 1.0);
        GlmReference reference = GlmReference.multinomial(GlmData.rows(frame), y, 3,
                weighted ? GlmData.column(frame, "w") : w);
        DesignSpec spec = GlmData.spec(ModelKind.MULTINOMIAL, weighted, false);
        for (Algorithm algorithm : List.of(Algorithm.NEWTON, Algorithm.LBFGS)) {
            FitResult fit = fit(frame, spec, config(ModelKind.MULTINOMIAL, algorithm).build());
            assertThat(fit.referenceClass()).isEqualTo("a");
            assertThat(fit.classes()).extracting(FitResult.ClassCoefficients::name).containsExactly("b", "c");
            assertThat(fit.intercept()).isNull();
            assertThat(fit.statistic()).isEqualTo("z");
            assertThat(fit.trainMetrics()).containsOnlyKeys("logLoss", "accuracy");
            int k = 0;
            for (FitResult.ClassCoefficients block : fit.classes()) {
                List<Coefficient> all = new ArrayList<>(block.coefficients());
                all.add(block.intercept());
                for (Coefficient c : all) {
                    assertThat(c.value()).as("%s %s %s", algorithm, block.name(), c.name())
                            .isCloseTo(reference.beta[k], within(1e-6 * Math.max(Math.abs(reference.beta[k]), 0.05)));
                    assertThat(c.standardError()).isCloseTo(reference.standardErrors[k],
                            within(1e-6 * reference.standardErrors[k]));
                    k++;
                }
            }
            // The known parameters are recovered within a few standard errors.
            for (int c = 0; c < 2; c++) {
                assertThat(fit.classes().get(c).intercept().value()).isCloseTo(truth[c][truth[c].length - 1],
                        within(0.3));
            }
        }
    }

    @Test
    void frequencyWeightsOfTwoEqualRepeatedRows() {
        Frame weighted = GlmData.poissonWithExposure(801, new double[] {0.4, -0.3, 0.2}, 13, false);
        int n = weighted.rows();
        double[] w = new double[n];
        List<Integer> repeated = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            w[i] = i % 3 == 0 ? 2.0 : 1.0;
            repeated.add(i);
            if (w[i] == 2.0) {
                repeated.add(i);
            }
        }
        List<Frame.Column> withWeights = new ArrayList<>(weighted.columns());
        withWeights.add(Frame.Column.numeric("w", w));
        Frame a = new Frame(n, withWeights);
        List<Frame.Column> copies = new ArrayList<>();
        for (Frame.Column c : weighted.columns()) {
            double[] v = new double[repeated.size()];
            for (int k = 0; k < v.length; k++) {
                v[k] = c.values()[repeated.get(k)];
            }
            copies.add(Frame.Column.numeric(c.name(), v));
        }
        Frame b = new Frame(repeated.size(), copies);
        for (Algorithm algorithm : List.of(Algorithm.NEWTON, Algorithm.LBFGS, Algorithm.GD)) {
            TrainingConfig config = config(ModelKind.POISSON, algorithm).learningRate(0.2)
                    .maxIterations(algorithm == Algorithm.GD ? 20_000 : 200).build();
            FitResult fa = fit(a, GlmData.spec(ModelKind.POISSON, true, true), config);
            FitResult fb = fit(b, GlmData.spec(ModelKind.POISSON, false, true), config);
            assertThat(fa.stopReason()).as("%s", algorithm).isNotEqualTo(StopReason.DIVERGED);
            assertThat(Fixtures.maxRelativeError(Fixtures.values(fa), Fixtures.values(fb))).as("%s", algorithm)
                    .isLessThan(1e-8);
            assertThat(fa.coefficients().get(0).standardError())
                    .isCloseTo(fb.coefficients().get(0).standardError(), within(1e-6 * fb.coefficients().get(0).standardError()));
            assertThat(fa.trainMetrics().get("deviance")).isCloseTo(fb.trainMetrics().get("deviance"), within(1e-6));
        }
    }

    @Test
    void newtonAndLbfgsAgreeWithGradientDescentRunToConvergence() {
        Frame frame = GlmData.poissonWithExposure(1_501, new double[] {0.3, -0.2, 0.1}, 17, true);
        DesignSpec spec = GlmData.spec(ModelKind.POISSON, true, true);
        double[] gd = Fixtures.values(fit(frame, spec, config(ModelKind.POISSON, Algorithm.GD)
                .update(UpdateKind.NESTEROV).learningRate(0.3).maxIterations(6000).build()));
        for (Algorithm algorithm : List.of(Algorithm.NEWTON, Algorithm.LBFGS)) {
            double[] second = Fixtures.values(fit(frame, spec, config(ModelKind.POISSON, algorithm).build()));
            assertThat(Fixtures.maxRelativeError(second, gd)).as("%s", algorithm).isLessThan(1e-8);
        }
    }

    @Test
    void owlqnFindsTheLassoSolutionOfProximalGradientDescent() {
        Frame frame = GlmData.linear(1_000, new double[] {2.0, 0.0, -1.5, 0.05, 1.0}, 19, false);
        DesignSpec spec = GlmData.spec(ModelKind.LINEAR, false, false);
        DesignMatrix data = DesignMatrixBuilder.build(frame, spec);
        TrainingConfig ista = TrainingConfig.builder(ModelKind.LINEAR).l1(0.15).learningRate(0.5).tolerance(0)
                .maxIterations(3000).build();
        double[] reference = new Trainer(data, ista, Fixtures.POOL).run(TrainingListener.NONE).params();
        TrainingConfig owlqn = ista.toBuilder().algorithm(Algorithm.LBFGS).maxIterations(500).build();
        TrainingOutcome outcome = new Trainer(data, owlqn, Fixtures.POOL).run(TrainingListener.NONE);
        assertThat(outcome.stopReason()).isEqualTo(StopReason.TOLERANCE);
        int zeros = 0;
        for (int j = 0; j < reference.length; j++) {
            if (reference[j] == 0.0) {
                zeros++;
                assertThat(outcome.params()[j]).as("coefficient %d", j).isEqualTo(0.0);
            } else {
                assertThat(outcome.params()[j]).isCloseTo(reference[j], within(1e-8));
            }
        }
        assertThat(zeros).isGreaterThanOrEqualTo(1);
        assertThatThrownBy(() -> ista.toBuilder().algorithm(Algorithm.NEWTON).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("l1");
    }

    @Test
    void multinomialRunsWithEveryFirstOrderAlgorithm() {
        double[][] truth = {{0.8, -0.5, 0.3}, {-0.6, 0.9, -0.2}};
        Frame frame = GlmData.multinomial(2_000, truth, 23, false);
        DesignSpec spec = GlmData.spec(ModelKind.MULTINOMIAL, false, false);
        FitResult newton = fit(frame, spec, config(ModelKind.MULTINOMIAL, Algorithm.NEWTON).build());
        for (Algorithm algorithm : List.of(Algorithm.SGD, Algorithm.MINIBATCH)) {
            for (ParallelMode mode : ParallelMode.values()) {
                FitResult fit = fit(frame, spec, config(ModelKind.MULTINOMIAL, algorithm).parallelMode(mode)
                        .update(UpdateKind.ADAM).learningRate(0.01).batchSize(32).schedule(ScheduleKind.INVERSE_SCALING)
                        .maxIterations(30).build());
                for (int c = 0; c < 2; c++) {
                    assertThat(fit.classes().get(c).intercept().value()).as("%s %s", algorithm, mode)
                            .isCloseTo(newton.classes().get(c).intercept().value(), within(0.1));
                }
            }
        }
    }
}
