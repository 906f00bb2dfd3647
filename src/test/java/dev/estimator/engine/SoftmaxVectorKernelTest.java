package dev.estimator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SIMD multinomial rows against the general kernel's scalar rows (itself checked against finite
 * differences and an independent Newton fit): loss and gradient to 1e-12 relative — the two add in different
 * orders — over row widths with and without scalar leftover columns, narrower than a vector, class counts
 * that use the four-, two- and one-class paths, ranges that end in a short block, and SGD row lists.
 */
class SoftmaxVectorKernelTest {

    @ParameterizedTest(name = "p={0} classes={1}")
    @CsvSource({"16,3", "16,5", "17,4", "3,3", "5,6", "8,2", "100,3"})
    void agreesWithTheGeneralKernel(int p, int classes) {
        GradientKernel vector = GradientKernel.vector();
        assumeTrue(vector != null, "no Vector API in this JVM");
        int n = 1000 + 37;
        DesignMatrix data = DesignMatrixBuilder.build(frame(n, p, classes, 11),
                GlmData.spec(ModelKind.MULTINOMIAL, false, false));
        GlmKernel general = new GlmKernel(data, new MultinomialLoss());
        GradientKernel simd = general.rows(vector);
        assertThat(simd).isInstanceOf(SoftmaxVectorKernel.class);
        assertThat(general.rows(GradientKernel.scalar())).isSameAs(general);

        Random r = new Random(5);
        double[] params = new double[data.dims()];
        for (int k = 0; k < params.length; k++) {
            params[k] = 0.3 * r.nextGaussian();
        }
        GradientKernel.Worker expected = general.worker(data.block(), null);
        GradientKernel.Worker actual = simd.worker(data.block(), null);
        for (int[] range : new int[][] {{0, n}, {3, 3 + 5}, {17, n - 2}}) {
            double[] ge = new double[params.length];
            double[] ga = new double[params.length];
            double le = expected.lossAndGradient(range[0], range[1], params, ge);
            double la = actual.lossAndGradient(range[0], range[1], params, ga);
            assertThat(la).isCloseTo(le, org.assertj.core.data.Percentage.withPercentage(1e-10));
            assertThat(actual.loss(range[0], range[1], params)).isEqualTo(la);
            assertClose(ga, ge);
        }
        int[] rows = new int[301];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = r.nextInt(n);
        }
        double[] ge = new double[params.length];
        double[] ga = new double[params.length];
        double le = expected.lossAndGradient(rows, 7, 290, params, ge);
        double la = actual.lossAndGradient(rows, 7, 290, params, ga);
        assertThat(la).isCloseTo(le, org.assertj.core.data.Percentage.withPercentage(1e-10));
        assertClose(ga, ge);
    }

    private static void assertClose(double[] actual, double[] expected) {
        double scale = 0.0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int k = 0; k < expected.length; k++) {
            assertThat(actual[k]).as("gradient %d", k).isCloseTo(expected[k],
                    org.assertj.core.data.Offset.offset(1e-12 * scale));
        }
    }

    /** Gaussian features (one column of exact zeros), classes drawn from a softmax of random margins. */
    static Frame frame(int n, int p, int classes, long seed) {
        Random r = new Random(seed);
        double[][] cols = GlmData.features(n, p, r);
        java.util.Arrays.fill(cols[p - 1], 0, n / 3, 0.0);
        double[][] truth = new double[classes - 1][p + 1];
        for (double[] t : truth) {
            for (int j = 0; j <= p; j++) {
                t[j] = 0.5 * r.nextGaussian() / Math.sqrt(p);
            }
        }
        double[] codes = new double[n];
        for (int i = 0; i < n; i++) {
            double[] e = new double[classes];
            e[0] = 1.0;
            double sum = 1.0;
            for (int c = 1; c < classes; c++) {
                e[c] = Math.exp(GlmData.margin(cols, truth[c - 1], i));
                sum += e[c];
            }
            double u = r.nextDouble() * sum;
            int cls = 0;
            while (cls < classes - 1 && u > e[cls]) {
                u -= e[cls];
                cls++;
            }
            codes[i] = cls;
        }
        List<Frame.Column> columns = new ArrayList<>();
        List<String> levels = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            levels.add("c" + c);
        }
        for (int j = 0; j < p; j++) {
            columns.add(Frame.Column.numeric("x" + j, cols[j]));
        }
        columns.add(Frame.Column.categorical("y", codes, levels));
        return new Frame(n, columns);
    }
}
