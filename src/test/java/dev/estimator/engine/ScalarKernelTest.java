package dev.estimator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The {@link GradientKernel} contract, checked against a straightforward double loop. {@link VectorKernelTest}
 * runs the same checks on the SIMD kernel by overriding {@link #kernel()}.
 *
 * <p>Agreement is relative, {@value #TOLERANCE}, measured against the scale of each quantity: for a sum
 * that is {@code Σ|terms|} (a floating-point sum is only defined to that accuracy whatever the order of
 * its additions), for a single margin {@code |b| + Σ|xⱼwⱼ|}.
 */
class ScalarKernelTest {

    static final double TOLERANCE = 1e-12;
    static final int[] WIDTHS = {1, 3, 7, 8, 16, 17, 100};
    static final int[] ROW_COUNTS = {1, 2, 3, 5, 7, 8, 9, 31, 47, 64, 83, 127, 129, 1000, 47 * 83};

    GradientKernel kernel() {
        return GradientKernel.scalar();
    }

    static List<Loss> losses() {
        return List.of(new SquaredLoss(), new LogisticLoss(), new PoissonLoss(), new HuberLoss(0.5));
    }

    // ---------------------------------------------------------------------------------------------------
    // reference

    /** The straightforward loop: returns {loss, loss scale}; adds to grad and to scale[0, p]. */
    static double[] reference(double[] x, double[] y, int p, int[] rows, int from, int to, double[] params,
            Loss loss, double[] grad, double[] gradScale) {
        double sum = 0.0;
        double sumScale = 0.0;
        for (int k = from; k < to; k++) {
            int r = rows == null ? k : rows[k];
            double m = params[p];
            for (int j = 0; j < p; j++) {
                m += x[r * p + j] * params[j];
            }
            double value = loss.value(m, y[r]);
            double d = loss.derivative(m, y[r]);
            sum += value;
            sumScale += Math.abs(value);
            if (grad != null) {
                for (int j = 0; j < p; j++) {
                    grad[j] += d * x[r * p + j];
                    gradScale[j] += Math.abs(d * x[r * p + j]);
                }
                grad[p] += d;
                gradScale[p] += Math.abs(d);
            }
        }
        return new double[] {sum, sumScale};
    }

    static void assertClose(double expected, double actual, double scale, String what) {
        double allowed = TOLERANCE * Math.max(Math.abs(expected), scale) + Double.MIN_NORMAL;
        if (!(Math.abs(expected - actual) <= allowed)) {
            fail(what + ": expected " + expected + " but was " + actual + " (difference "
                    + Math.abs(expected - actual) + ", allowed " + allowed + ")");
        }
    }

    /** A problem of n rows and p columns with targets suited to the loss and margins of order one. */
    record Problem(double[] x, double[] y, double[] params) {

        static Problem random(int n, int p, Loss loss, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + n * 131L + p);
            double[] x = new double[n * p];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextDouble(-1.0, 1.0);
            }
            double[] params = new double[p + 1];
            for (int j = 0; j <= p; j++) {
                params[j] = rnd.nextDouble(-1.5, 1.5) / Math.sqrt(p);
            }
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = loss instanceof LogisticLoss ? rnd.nextInt(2)
                        : loss instanceof PoissonLoss ? rnd.nextInt(6)
                        : rnd.nextDouble(-2.0, 2.0);
            }
            return new Problem(x, y, params);
        }
    }

    static String name(Loss loss) {
        return loss.getClass().getSimpleName();
    }

    /** Runs the kernel and the reference over rows [from, to) (or rows[from, to)) and compares everything. */
    void check(Problem pr, int p, int[] rows, int from, int to, Loss loss, String what) {
        GradientKernel kernel = kernel();
        double[] grad = new double[p + 1];
        double[] expectedGrad = new double[p + 1];
        for (int j = 0; j <= p; j++) {
            grad[j] = 0.25 * j - 1.0; // the kernel adds to what is there
            expectedGrad[j] = grad[j];
        }
        double[] scale = new double[p + 1];
        for (int j = 0; j <= p; j++) {
            scale[j] = Math.abs(grad[j]);
        }
        double[] expected = reference(pr.x, pr.y, p, rows, from, to, pr.params, loss, expectedGrad, scale);
        double actual = rows == null
                ? kernel.worker(new DenseBlock(pr.x, pr.y, p), loss).lossAndGradient(from, to, pr.params, grad)
                : kernel.worker(new DenseBlock(pr.x, pr.y, p), loss).lossAndGradient(rows, from, to, pr.params, grad);
        assertClose(expected[0], actual, expected[1], what + " loss");
        for (int j = 0; j <= p; j++) {
            assertClose(expectedGrad[j], grad[j], scale[j], what + (j == p ? " intercept gradient" : " grad[" + j + "]"));
        }
        if (rows == null) {
            double lossOnly = kernel.worker(new DenseBlock(pr.x, pr.y, p), loss).loss(from, to, pr.params);
            assertClose(expected[0], lossOnly, expected[1], what + " loss()");
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // tests

    @Test
    void lossAndGradientMatchTheReferenceForEveryLossWidthAndRowCount() {
        for (Loss loss : losses()) {
            for (int p : WIDTHS) {
                for (int n : ROW_COUNTS) {
                    Problem pr = Problem.random(n, p, loss, 1);
                    String what = name(loss) + " p=" + p + " n=" + n;
                    check(pr, p, null, 0, n, loss, what);
                    if (n > 2) {
                        check(pr, p, null, 1, n - 1, loss, what + " rows [1, n-1)");
                    }
                }
            }
        }
    }

    @Test
    void everyRowCountUpToAThousandAgrees() {
        for (int p : new int[] {1, 3, 17}) {
            Loss loss = p == 3 ? new LogisticLoss() : new SquaredLoss();
            Problem pr = Problem.random(1000, p, loss, 2);
            for (int n = 1; n <= 1000; n++) {
                check(pr, p, null, 1000 - n, 1000, loss, name(loss) + " p=" + p + " last " + n + " rows");
            }
        }
    }

    @Test
    void gatheredRowsAgreeInTheirOrderWithRepeats() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (Loss loss : losses()) {
            for (int p : WIDTHS) {
                int n = 47 * 83;
                Problem pr = Problem.random(n, p, loss, 4);
                for (int batch : new int[] {1, 5, 33, 300}) {
                    int[] rows = new int[batch + 6];
                    for (int k = 0; k < rows.length; k++) {
                        rows[k] = k % 7 == 3 ? n - 1 : rnd.nextInt(n); // the last row, and repeats
                    }
                    check(pr, p, rows, 3, 3 + batch, loss, name(loss) + " p=" + p + " gathered batch=" + batch);
                }
            }
        }
    }

    @Test
    void marginsAreInterceptPlusDotProduct() {
        for (int p : WIDTHS) {
            for (int n : new int[] {1, 9, 83, 1000}) {
                Problem pr = Problem.random(n, p, new SquaredLoss(), 5);
                double[] out = new double[n + 3];
                kernel().worker(new DenseBlock(pr.x, new double[pr.x.length / Math.max(1, p)], p), null).margins(0, n, pr.params, out);
                for (int i = 0; i < n; i++) {
                    double m = pr.params[p];
                    double scale = Math.abs(m);
                    for (int j = 0; j < p; j++) {
                        m += pr.x[i * p + j] * pr.params[j];
                        scale += Math.abs(pr.x[i * p + j] * pr.params[j]);
                    }
                    assertClose(m, out[i], scale, "p=" + p + " n=" + n + " margin " + i);
                }
                assertEquals(0.0, out[n], "nothing written past to − from");
            }
        }
    }

    @Test
    void theInterceptGradientIsTheSumOfDerivatives() {
        int p = 17;
        int n = 1000;
        for (Loss loss : losses()) {
            Problem pr = Problem.random(n, p, loss, 6);
            pr.params[p] = 0.75;
            double[] grad = new double[p + 1];
            kernel().worker(new DenseBlock(pr.x, pr.y, p), loss).lossAndGradient(0, n, pr.params, grad);
            double sum = 0.0;
            double scale = 0.0;
            for (int i = 0; i < n; i++) {
                double m = pr.params[p];
                for (int j = 0; j < p; j++) {
                    m += pr.x[i * p + j] * pr.params[j];
                }
                sum += loss.derivative(m, pr.y[i]);
                scale += Math.abs(loss.derivative(m, pr.y[i]));
            }
            assertClose(sum, grad[p], scale, name(loss) + " intercept");
        }
    }

    @Test
    void emptyRangesAddNothing() {
        Problem pr = Problem.random(10, 16, new SquaredLoss(), 7);
        double[] grad = new double[17];
        assertEquals(0.0, kernel().worker(new DenseBlock(pr.x, pr.y, 16), new SquaredLoss()).lossAndGradient(4, 4, pr.params, grad));
        for (double g : grad) {
            assertEquals(0.0, g);
        }
    }

    @Test
    void logisticStaysFiniteAndExactAtHugeMargins() {
        double[][] marginSets = {
            {1e300, -1e300, 1e300, -1e300},
            {800.0, -745.5, 709.0, -709.0, 37.5, -37.5, 1e-300, -0.0},
        };
        for (double[] margins : marginSets) {
            for (int p : new int[] {1, 8, 17}) {
                int n = 40;
                double[] x = new double[n * p];
                double[] y = new double[n];
                double[] params = new double[p + 1];
                params[0] = 1.0; // margin of row i = x[i·p]
                for (int i = 0; i < n; i++) {
                    x[i * p] = margins[i % margins.length];
                    y[i] = (i / margins.length) % 2;
                    if (p > 1) {
                        x[i * p + p - 1] = 0.5; // a column with a zero coefficient
                    }
                }
                double[] grad = new double[p + 1];
                double loss = kernel().worker(new DenseBlock(x, y, p), new LogisticLoss()).lossAndGradient(0, n, params, grad);
                assertTrue(Double.isFinite(loss), "loss finite, p=" + p + ": " + loss);
                for (int j = 0; j <= p; j++) {
                    assertTrue(Double.isFinite(grad[j]), "grad[" + j + "] finite, p=" + p);
                }
                check(new Problem(x, y, params), p, null, 0, n, new LogisticLoss(),
                        "logistic margins " + margins[0] + ".. p=" + p);
            }
        }
    }

    @Test
    void poissonCapsTheExponentAndStaysFinite() {
        int p = 9;
        int n = 20;
        Problem pr = Problem.random(n, p, new PoissonLoss(), 8);
        double[] params = pr.params.clone();
        params[p] = 5000.0; // margins far above the cap
        double[] grad = new double[p + 1];
        double loss = kernel().worker(new DenseBlock(pr.x, pr.y, p), new PoissonLoss()).lossAndGradient(0, n, params, grad);
        assertTrue(Double.isFinite(loss) && loss > 1e300, "huge but finite: " + loss);
        for (double g : grad) {
            assertTrue(Double.isFinite(g));
        }
    }

    @Test
    void nanInputsPropagate() {
        int p = 16;
        Problem pr = Problem.random(50, p, new LogisticLoss(), 9);
        pr.x[20 * p + 5] = Double.NaN;
        double[] grad = new double[p + 1];
        double loss = kernel().worker(new DenseBlock(pr.x, pr.y, p), new LogisticLoss()).lossAndGradient(0, 50, pr.params, grad);
        assertTrue(Double.isNaN(loss), "a NaN row makes the loss NaN");
    }
}
