package dev.estimator.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The SIMD kernel: every check of {@link ScalarKernelTest} (inherited), plus determinism — the same
 * inputs give the same bits on every call, before and after the JIT compiles the kernel, and whatever the
 * thread count — and the accuracy of its own {@code exp}/{@code log1p}.
 *
 * <p>Skipped only when the JVM lacks the Vector API ({@code --add-modules jdk.incubator.vector}); surefire
 * always adds it.
 */
class VectorKernelTest extends ScalarKernelTest {

    private GradientKernel vector;

    @BeforeEach
    void requireVectorApi() {
        vector = GradientKernel.vector();
        assumeTrue(vector != null, "Vector API not available in this JVM");
    }

    @Override
    GradientKernel kernel() {
        return vector;
    }

    private static long[] bits(double loss, double[] grad) {
        long[] b = new long[grad.length + 1];
        b[0] = Double.doubleToRawLongBits(loss);
        for (int j = 0; j < grad.length; j++) {
            b[j + 1] = Double.doubleToRawLongBits(grad[j]);
        }
        return b;
    }

    /** Thousands of calls span the interpreter, C1 and C2: all must give the first call's bits. */
    @Test
    void sameInputsGiveTheSameBitsOnEveryCallAcrossJitTiers() {
        for (Loss loss : losses()) {
            for (int p : new int[] {3, 16, 17, 100}) {
                int n = 203;
                Problem pr = Problem.random(n, p, loss, 11);
                int[] rows = new int[64];
                for (int k = 0; k < rows.length; k++) {
                    rows[k] = (k * 37) % n;
                }
                long[] first = null;
                long[] firstGathered = null;
                int calls = p == 100 ? 300 : 1500;
                for (int call = 0; call < calls; call++) {
                    double[] grad = new double[p + 1];
                    double l = vector.worker(new DenseBlock(pr.x(), pr.y(), p), loss).lossAndGradient(1, n, pr.params(), grad);
                    double[] gg = new double[p + 1];
                    double lg = vector.worker(new DenseBlock(pr.x(), pr.y(), p), loss).lossAndGradient(rows, 0, rows.length, pr.params(), gg);
                    long[] now = bits(l, grad);
                    long[] nowGathered = bits(lg, gg);
                    if (first == null) {
                        first = now;
                        firstGathered = nowGathered;
                    } else {
                        assertArrayEquals(first, now, name(loss) + " p=" + p + " call " + call);
                        assertArrayEquals(firstGathered, nowGathered, name(loss) + " p=" + p + " gathered call " + call);
                    }
                }
            }
        }
    }

    /** A row's margin does not depend on where its block or group starts, nor on the entry point. */
    @Test
    void aRowsMarginIsAFunctionOfTheRowAlone() {
        for (int p : WIDTHS) {
            int n = 150;
            Problem pr = Problem.random(n, p, new SquaredLoss(), 12);
            double[] all = new double[n];
            vector.worker(new DenseBlock(pr.x(), new double[pr.x().length / Math.max(1, p)], p), null).margins(0, n, pr.params(), all);
            for (int from = 0; from < 9; from++) {
                double[] part = new double[n];
                vector.worker(new DenseBlock(pr.x(), new double[pr.x().length / Math.max(1, p)], p), null).margins(from, n, pr.params(), part);
                for (int i = from; i < n; i++) {
                    assertEquals(Double.doubleToRawLongBits(all[i]), Double.doubleToRawLongBits(part[i - from]),
                            "p=" + p + " row " + i + " from " + from);
                }
            }
            double[] one = new double[1];
            for (int i = 0; i < n; i++) {
                vector.worker(new DenseBlock(pr.x(), new double[pr.x().length / Math.max(1, p)], p), null).margins(i, i + 1, pr.params(), one);
                assertEquals(Double.doubleToRawLongBits(all[i]), Double.doubleToRawLongBits(one[0]), "p=" + p + " row " + i);
            }
        }
    }

    @Test
    void thePartitionedEpochIsBitIdenticalAtAnyThreadCount() throws Exception {
        int n = 10_007;
        int p = 17;
        for (Loss loss : losses()) {
            Problem pr = Problem.random(n, p, loss, 13);
            long[] expected = null;
            for (int threads : new int[] {1, 2, 3}) {
                ForkJoinPool pool = new ForkJoinPool(threads);
                try {
                    PartitionedGradient pg = new PartitionedGradient(pool, vector, new DenseBlock(pr.x(), pr.y(), p), loss, 0, n, 8);
                    double[] grad = new double[p + 1];
                    double l = pg.sum(pr.params(), grad);
                    long[] now = bits(l, grad);
                    if (expected == null) {
                        expected = now;
                    } else {
                        assertArrayEquals(expected, now, name(loss) + " at " + threads + " threads");
                    }
                } finally {
                    pool.shutdown();
                }
            }
        }
    }

    /** The kernel's exp (Poisson's mean) is within one ulp of {@link StrictMath#exp} over its whole range. */
    @Test
    void expIsWithinAnUlp() {
        SplittableRandom rnd = new SplittableRandom(14);
        int n = 4096;
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = switch (i % 4) {
                case 0 -> rnd.nextDouble(-745.0, 700.0);
                case 1 -> rnd.nextDouble(-1.0, 1.0);
                case 2 -> rnd.nextDouble(-1e-8, 1e-8);
                default -> rnd.nextDouble(-745.13, -700.0); // subnormal results
            };
        }
        m[0] = 0.0;
        m[1] = 700.0;
        m[2] = -745.2;
        m[3] = Double.NEGATIVE_INFINITY;
        m[4] = Double.NaN;
        m[5] = -708.3964185322641; // near the smallest normal result
        double[] out = new double[n];
        double[] capped = new double[n];
        for (int i = 0; i < n; i++) {
            capped[i] = Math.min(m[i], 700.0);
        }
        VectorLosses.exp(capped, n, out);
        for (int i = 0; i < n; i++) {
            double expected = StrictMath.exp(Math.min(m[i], 700.0));
            if (Double.isNaN(expected)) {
                assertTrue(Double.isNaN(out[i]), "exp(NaN)");
                continue;
            }
            assertTrue(Math.abs(expected - out[i]) <= Math.ulp(expected),
                    "exp(" + m[i] + ") = " + out[i] + ", expected " + expected);
        }
    }

    /** Per row, the vector logistic loss and derivative are within a few ulps of the scalar formulas. */
    @Test
    void logisticTermsAreWithinAFewUlpsOfTheScalarLoss() {
        SplittableRandom rnd = new SplittableRandom(15);
        int n = 4096;
        double[] m = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = switch (i % 3) {
                case 0 -> rnd.nextDouble(-40.0, 40.0);
                case 1 -> rnd.nextDouble(-1.0, 1.0);
                default -> rnd.nextDouble(-800.0, 800.0);
            };
            y[i] = rnd.nextInt(2);
        }
        LogisticLoss loss = new LogisticLoss();
        VectorLosses.Work work = new VectorLosses.Work(1);
        double[] one = new double[64];
        double[] d = new double[64];
        double[] t = new double[64];
        for (int i = 0; i < n; i++) {
            one[0] = m[i];
            t[0] = y[i];
            double value = VectorLosses.evaluate(loss, one, t, 0, 1, d, work, new double[1]);
            double expected = loss.value(m[i], y[i]);
            // the formula max(m, 0) + log1p(e) − y·m is exact only to the ulps of its largest term
            assertTrue(Math.abs(value - expected) <= 4 * Math.ulp(Math.max(Math.abs(expected), Math.abs(m[i]))),
                    "loss(" + m[i] + ", " + y[i] + ") = " + value + ", expected " + expected);
            double expectedD = loss.derivative(m[i], y[i]);
            assertTrue(Math.abs(d[0] - expectedD) <= 4 * Math.ulp(Math.max(Math.abs(expectedD), LogisticLoss.sigmoid(m[i]))),
                    "derivative(" + m[i] + ", " + y[i] + ") = " + d[0] + ", expected " + expectedD);
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // The lane-wise exp and log1p are plain IEEE arithmetic, so a scalar transcription of the same steps
    // must give the same bits. This pins down that no tier-dependent routine (such as SVML's
    // lanewise(EXP)/LOG1P, which differ between the interpreter and C2) has crept in.

    static double expTranscribed(double v) {
        double x = Math.min(Math.max(v, -746.0), 710.0);
        double shifted = Math.fma(x, 1.4426950408889634, 6755399441055744.0);
        double k = shifted - 6755399441055744.0;
        double r = Math.fma(k, -6.93147180369123816490e-01, x);
        r = Math.fma(k, -1.90821492927058770002e-10, r);
        double q = Math.fma(r, 1.0 / 6227020800.0, 1.0 / 479001600.0);
        for (double c : new double[] {1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0,
            1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5}) {
            q = Math.fma(q, r, c);
        }
        double er = Math.fma(r * r, q, r) + 1.0;
        long kl = Double.doubleToRawLongBits(shifted) - Double.doubleToRawLongBits(6755399441055744.0);
        long k1 = kl >> 1;
        long k2 = kl - k1;
        return er * Double.longBitsToDouble((k1 + 1023L) << 52) * Double.longBitsToDouble((k2 + 1023L) << 52);
    }

    static double log1pTranscribed(double e, double u, double inv) {
        boolean big = e >= Double.longBitsToDouble(0x3FDA827A00000000L);
        double f = big ? u * 0.5 - 1.0 : e;
        double c = big ? (1.0 - (u - e)) * inv : 0.0;
        double kHi = big ? 6.93147180369123816490e-01 : 0.0;
        double kLoC = (big ? 1.90821492927058770002e-10 : 0.0) + c;
        double s = f / (f + 2.0);
        double z = s * s;
        double w = z * z;
        double t1 = ((w * 1.531383769920937332e-01 + 2.222219843214978396e-01) * w + 3.999999999940941908e-01) * w;
        double t2 = (((w * 1.479819860511658591e-01 + 1.818357216161805012e-01) * w + 2.857142874366239149e-01) * w
                + 6.666666666666735130e-01) * z;
        double hfsq = f * f * 0.5;
        return kHi - ((hfsq - (s * (hfsq + (t2 + t1)) + kLoC)) - f);
    }

    @Test
    void expIsExactlyItsScalarTranscription() {
        SplittableRandom rnd = new SplittableRandom(16);
        int n = 1 << 14;
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = i % 2 == 0 ? rnd.nextDouble(-750.0, 720.0) : rnd.nextDouble(-3.0, 3.0);
        }
        double[] out = new double[n];
        for (int round = 0; round < 8; round++) { // before and after the JIT compiles it
            VectorLosses.exp(m, n, out);
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToRawLongBits(expTranscribed(m[i])), Double.doubleToRawLongBits(out[i]),
                        "exp(" + m[i] + ") round " + round);
            }
        }
    }

    @Test
    void logisticIsExactlyItsScalarTranscription() {
        SplittableRandom rnd = new SplittableRandom(17);
        int n = 4096;
        double[] m = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = i % 2 == 0 ? rnd.nextDouble(-50.0, 50.0) : rnd.nextDouble(-2.0, 2.0);
            y[i] = rnd.nextInt(2);
        }
        VectorLosses.Work work = new VectorLosses.Work(1);
        double[] one = new double[8];
        double[] t = new double[8];
        double[] d = new double[8];
        for (int round = 0; round < 8; round++) {
            for (int i = 0; i < n; i++) {
                one[0] = m[i];
                t[0] = y[i];
                // one row: the loss of the block is the row's term (the spare lanes add exactly 0)
                double term = VectorLosses.evaluate(new LogisticLoss(), one, t, 0, 1, d, work, new double[1]);
                double e = expTranscribed(-Math.abs(m[i]));
                double u = e + 1.0;
                double inv = 1.0 / u;
                double expected = Math.max(m[i], 0.0) + log1pTranscribed(e, u, inv) - y[i] * m[i];
                double deriv = (m[i] < 0.0 ? e * inv : inv) - y[i];
                assertEquals(Double.doubleToRawLongBits(deriv), Double.doubleToRawLongBits(d[0]), "derivative " + i);
                assertEquals(expected, term, 0.0, "term " + i);
            }
        }
    }

    /**
     * Once compiled, the kernel keeps its vectors in registers for every row shape and loss, also when one
     * JVM runs them all interleaved (as the service does). A vector that C2 fails to keep in registers is
     * allocated instead — one object every few rows — and makes the kernel an order of magnitude slower, so
     * this looks at allocation: each call may allocate its small buffers, not memory in proportion to its
     * rows. The JIT needs a while to compile everything; the test waits up to 30 s for that.
     */
    @Test
    @Tag("jit-allocation") // left out of the default run: see the surefire configuration in pom.xml
    void noVectorIsAllocatedPerRowWhateverTheMixOfShapesAndLosses() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "per-thread allocation not measurable");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        long tid = Thread.currentThread().getId();
        int[] widths = {3, 9, 16, 17, 24, 48, 100};
        int n = 20_011;
        Problem[] problems = new Problem[widths.length];
        for (int q = 0; q < widths.length; q++) {
            problems[q] = Problem.random(n, widths[q], new PoissonLoss(), 18);
        }
        int[] rows = new int[37];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = (k * 97) % n;
        }
        // C2 must compile the kernels before the vectors are scalar-replaced; on a busy machine that can take a while
        long deadline = System.nanoTime() + 120_000_000_000L;
        String worst = "";
        while (System.nanoTime() < deadline) {
            worst = "";
            for (int q = 0; q < widths.length; q++) {
                int p = widths[q];
                for (Loss loss : losses()) {
                    double[] grad = new double[p + 1];
                    long before = mx.getThreadAllocatedBytes(tid);
                    for (int part = 0; part < 8; part++) {
                        vector.worker(new DenseBlock(problems[q].x(), problems[q].y(), p), loss).lossAndGradient(part * n / 8, (part + 1) * n / 8, problems[q].params(), grad);
                    }
                    vector.worker(new DenseBlock(problems[q].x(), problems[q].y(), p), loss).lossAndGradient(rows, 0, rows.length, problems[q].params(), grad);
                    long bytes = mx.getThreadAllocatedBytes(tid) - before;
                    if (bytes > 256 * 1024) { // nine calls' buffers are a few KiB each; boxing is ~25 B a row
                        worst += " " + name(loss) + " p=" + p + ": " + bytes / 1024 + " KiB;";
                    }
                }
            }
            if (worst.isEmpty()) {
                return;
            }
        }
        throw new AssertionError("still allocating in proportion to rows after 120 s:" + worst);
    }
}
