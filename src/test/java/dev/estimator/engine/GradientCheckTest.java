package dev.estimator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The trainer's objective gradient against central finite differences, for every loss and penalty. */
class GradientCheckTest {

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (ModelKind model : ModelKind.values()) {
            for (double[] penalty : new double[][] {{0, 0}, {0, 0.3}, {0.2, 0}, {0.2, 0.3}}) {
                b.add(Arguments.of(model, penalty[0], penalty[1]));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} l1={1} l2={2}")
    @MethodSource("cases")
    void gradientMatchesCentralDifferences(ModelKind model, double l1, double l2) {
        double[] truth = {0.4, -0.3, 0.2, 0.1, 0.2};
        Frame frame = switch (model) {
            case LOGISTIC -> Fixtures.logistic(47 * 8 + 3, truth, 7);
            case POISSON -> Fixtures.poisson(47 * 8 + 3, truth, 7);
            default -> Fixtures.linear(47 * 8 + 3, truth, 1.5, 7);
        };
        DesignMatrix data = DesignMatrixBuilder.build(frame, Fixtures.spec(model));
        TrainingConfig config = TrainingConfig.builder(model).l1(l1).l2(l2).huberDelta(0.7).partitions(5).build();
        for (GradientKernel kernel : kernels()) {
            Trainer trainer = new Trainer(data, config, Fixtures.POOL, kernel);
            Random r = new Random(3);
            double[] params = new double[data.p() + 1];
            for (int k = 0; k < params.length; k++) {
                params[k] = 0.5 * r.nextGaussian();
            }
            double[] grad = new double[params.length];
            trainer.objective(params, grad);
            // The L1 term is handled by the proximal step, not the gradient; away from zero its
            // derivative is l1·sign(w).
            double[] expected = grad.clone();
            for (int j = 0; j < data.p(); j++) {
                expected[j] += l1 * Math.signum(params[j]);
            }
            double[] scratch = new double[params.length];
            for (int k = 0; k < params.length; k++) {
                double h = 1e-6;
                double[] plus = params.clone();
                double[] minus = params.clone();
                plus[k] += h;
                minus[k] -= h;
                double numeric = (trainer.objective(plus, scratch) - trainer.objective(minus, scratch)) / (2 * h);
                assertThat(expected[k]).as("%s d/dθ%d", kernel.name(), k)
                        .isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(numeric))));
            }
        }
    }

    static java.util.List<GradientKernel> kernels() {
        GradientKernel vector = GradientKernel.vector();
        return vector == null ? java.util.List.of(GradientKernel.scalar()) : java.util.List.of(GradientKernel.scalar(), vector);
    }
}
