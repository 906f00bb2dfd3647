package dev.estimator.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Epoch benchmark of the engine's gradient kernels (a plain harness, not a test; run by
 * {@code ./mvnw -B -Pbench verify -DskipTests}).
 *
 * <p>For each shape, thread count, loss and kernel it runs exactly the trainer's full-batch epoch —
 * {@link PartitionedGradient#sum} with the gradient, 8 partitions, on a dedicated {@link ForkJoinPool} of
 * that parallelism — and reports the median time per epoch, the read bandwidth
 * ({@code rows × p × 8} bytes per epoch) and its ratio to a plain parallel SIMD sum over the same matrix
 * on the same pool, measured in the same run: the machine's attainable read bandwidth. It then times
 * numpy's {@code X.T @ (X @ w − y) / n} on the same shapes (scripts/bench/numpy_epoch.py) when python3
 * with numpy is available.
 *
 * <p>System properties: {@code bench.shapes} (e.g. {@code 1000000x16,200000x100}), {@code bench.threads}
 * ({@code 1,2}), {@code bench.kernels} ({@code vector,scalar}), {@code bench.losses}
 * ({@code linear,logistic}), {@code bench.seconds} (measuring time per configuration, default 2),
 * {@code bench.numpy} ({@code false} to skip), {@code bench.python} (default {@code python3}).
 */
public final class EpochBenchmark {

    private static final int PARTITIONS = 8;
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private EpochBenchmark() {
    }

    record Shape(int rows, int p) {
        static Shape parse(String s) {
            String[] parts = s.trim().toLowerCase(Locale.ROOT).split("x");
            return new Shape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }

        double bytes() {
            return (double) rows * p * 8.0;
        }

        @Override
        public String toString() {
            return rows + "x" + p;
        }
    }

    record Row(Shape shape, int threads, String loss, String kernel, double ms, double gbs, double ratio,
            double sumMs, double others) {
    }

    public static void main(String[] args) throws Exception {
        List<Shape> shapes = new ArrayList<>();
        for (String s : System.getProperty("bench.shapes", "1000000x16,200000x100").split(",")) {
            shapes.add(Shape.parse(s));
        }
        int[] threadCounts = Arrays.stream(System.getProperty("bench.threads", "1,2").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        List<String> kernelNames = List.of(System.getProperty("bench.kernels", "vector,scalar").split(","));
        List<String> lossNames = List.of(System.getProperty("bench.losses", "linear,logistic").split(","));
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "2"));

        GradientKernel vector = GradientKernel.vector();
        GradientKernel scalar = GradientKernel.scalar();
        System.out.printf(Locale.ROOT, "JVM %s %s, %d cores, SPECIES_PREFERRED %d-bit (%d lanes), vector kernel: %s%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), SPECIES.vectorBitSize(), SPECIES.length(),
                vector == null ? "unavailable" : vector.name());

        List<Row> results = new ArrayList<>();
        for (Shape shape : shapes) {
            Data data = Data.generate(shape, 20240607L);
            for (int threads : threadCounts) {
                ForkJoinPool pool = new ForkJoinPool(threads);
                try {
                    for (String lossName : lossNames) {
                        Loss loss = loss(lossName);
                        double[] y = lossName.equals("logistic") ? data.yBinary : data.yLinear;
                        for (String kernelName : kernelNames) {
                            GradientKernel kernel = kernelName.equals("scalar") ? scalar : vector;
                            if (kernel == null) {
                                continue;
                            }
                            PartitionedGradient pg = new PartitionedGradient(pool, kernel,
                                    new DenseBlock(data.x, y, shape.p), loss, 0, shape.rows, PARTITIONS);
                            double[] grad = new double[shape.p + 1];
                            CpuLoad load = CpuLoad.start();
                            double[] ms = medianMs(() -> plainSum(pool, data.x),
                                    () -> pg.sum(data.params, grad), seconds);
                            Row row = new Row(shape, threads, lossName, kernel.name(), ms[1],
                                    shape.bytes() / ms[1] / 1e6, ms[0] / ms[1], ms[0], load.othersShare());
                            results.add(row);
                            System.out.printf(Locale.ROOT,
                                    "%-12s %d thread(s) %-9s %-9s %8.3f ms  %6.1f GB/s | plain sum %.3f ms"
                                            + " %6.1f GB/s | %.2f of plain sum | other processes %s%n",
                                    shape, threads, lossName, kernel.name(), ms[1], row.gbs, ms[0],
                                    shape.bytes() / ms[0] / 1e6, row.ratio, percent(row.others));
                        }
                    }
                    if (vector != null && threads == threadCounts[threadCounts.length - 1]) {
                        checkDeterminism(shape, data, vector, pool);
                    }
                } finally {
                    pool.shutdown();
                    pool.awaitTermination(10, TimeUnit.SECONDS);
                }
            }
        }

        // After the kernels: its own SIMD math must not compete with them for the JIT while they warm up.
        if (!"false".equals(System.getProperty("bench.probe"))) {
            probeMath();
        }

        Map<String, Double> numpy = new LinkedHashMap<>();
        if (!"false".equals(System.getProperty("bench.numpy"))) {
            numpy = runNumpy(shapes, threadCounts);
        }
        printTable(results, numpy);
    }

    // ---------------------------------------------------------------------------------------------------

    /** The matrix, targets and a parameter vector that gives margins of order 1. */
    static final class Data {
        final double[] x;
        final double[] yLinear;
        final double[] yBinary;
        final double[] params;

        private Data(double[] x, double[] yLinear, double[] yBinary, double[] params) {
            this.x = x;
            this.yLinear = yLinear;
            this.yBinary = yBinary;
            this.params = params;
        }

        static Data generate(Shape shape, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int n = shape.rows;
            int p = shape.p;
            double[] x = new double[n * p];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextDouble(-1.0, 1.0);
            }
            double[] truth = new double[p + 1];
            double[] params = new double[p + 1];
            for (int j = 0; j <= p; j++) {
                truth[j] = rnd.nextDouble(-1.0, 1.0) * 2.0 / Math.sqrt(p);
                params[j] = rnd.nextDouble(-1.0, 1.0) / Math.sqrt(p);
            }
            double[] yl = new double[n];
            double[] yb = new double[n];
            for (int i = 0; i < n; i++) {
                double m = truth[p];
                for (int j = 0; j < p; j++) {
                    m += x[i * p + j] * truth[j];
                }
                yl[i] = m + 0.1 * rnd.nextDouble(-1.0, 1.0);
                yb[i] = rnd.nextDouble() < 1.0 / (1.0 + Math.exp(-m)) ? 1.0 : 0.0;
            }
            return new Data(x, yl, yb, params);
        }
    }

    private static Loss loss(String name) {
        return switch (name) {
            case "linear" -> new SquaredLoss();
            case "logistic" -> new LogisticLoss();
            default -> throw new IllegalArgumentException("unknown loss " + name);
        };
    }

    /**
     * Warm-up until the task's time has settled (the Vector API runs its slow Java fallbacks until C2 has
     * compiled the kernel, which takes longer on a busy machine): at least {@code seconds/2} and 10 runs,
     * then until its best time has not improved by 3% for half a second (at most 20 s). Then
     * {@code reference} and {@code task} are timed alternately (so both see the same machine conditions)
     * for about {@code seconds}, at least 15 runs each; returns both medians in ms.
     */
    private static double[] medianMs(Runnable reference, Runnable task, double seconds) {
        long start = System.nanoTime();
        long minWarm = (long) (Math.max(0.5, seconds / 2) * 1e9);
        long lastGain = start;
        double best = Double.MAX_VALUE;
        int warm = 0;
        while (true) {
            reference.run();
            long t0 = System.nanoTime();
            task.run();
            long t1 = System.nanoTime();
            warm++;
            if (t1 - t0 < 0.97 * best) {
                lastGain = t1;
            }
            best = Math.min(best, t1 - t0);
            boolean settled = t1 - start >= minWarm && warm >= 10 && t1 - lastGain >= 500_000_000L;
            if (settled || t1 - start >= 20_000_000_000L) {
                break;
            }
        }
        List<Double> ref = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (times.size() < 15 || System.nanoTime() < end) {
            long t0 = System.nanoTime();
            reference.run();
            long t1 = System.nanoTime();
            task.run();
            long t2 = System.nanoTime();
            ref.add((t1 - t0) / 1e6);
            times.add((t2 - t1) / 1e6);
        }
        return new double[] {median(ref), median(times)};
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int k = sorted.length;
        return k % 2 == 1 ? sorted[k / 2] : 0.5 * (sorted[k / 2 - 1] + sorted[k / 2]);
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100.0 * share);
    }

    /**
     * CPU time the rest of the machine used during a measurement: busy time of all cores ({@code /proc/stat})
     * minus this process's CPU time, as a share of the wall time of all cores. NaN where /proc is absent.
     */
    static final class CpuLoad {
        private final long wall0 = System.nanoTime();
        private final long own0 = ownCpuNanos();
        private final long[] stat0 = procStat();

        static CpuLoad start() {
            return new CpuLoad();
        }

        double othersShare() {
            long[] stat1 = procStat();
            long own = ownCpuNanos() - own0;
            if (stat0 == null || stat1 == null || own < 0) {
                return Double.NaN;
            }
            double tick = 1e9 / 100.0; // USER_HZ
            double busy = (stat1[0] - stat0[0]) * tick;
            double wall = (System.nanoTime() - wall0) * (double) Runtime.getRuntime().availableProcessors();
            return Math.max(0.0, (busy - own) / wall);
        }

        private static long ownCpuNanos() {
            java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
                return sun.getProcessCpuTime();
            }
            return -1;
        }

        /** {busy jiffies} of the "cpu" line: user + nice + system + irq + softirq + steal. */
        private static long[] procStat() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                    if (line.startsWith("cpu ")) {
                        String[] f = line.trim().split("\\s+");
                        long busy = 0;
                        for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                            busy += Long.parseLong(f[i]);
                        }
                        return new long[] {busy};
                    }
                }
            } catch (IOException | RuntimeException e) {
                return null;
            }
            return null;
        }
    }

    private static volatile double sink;

    /** Σ x over 8 partitions on the pool, each summed with the Vector API (four accumulators). */
    static double plainSum(ForkJoinPool pool, double[] x) {
        double[] part = new double[PARTITIONS];
        List<RecursiveAction> tasks = new ArrayList<>(PARTITIONS);
        for (int j = 0; j < PARTITIONS; j++) {
            final int idx = j;
            final int from = (int) ((long) j * x.length / PARTITIONS);
            final int to = (int) ((long) (j + 1) * x.length / PARTITIONS);
            tasks.add(new RecursiveAction() {
                @Override
                protected void compute() {
                    part[idx] = simdSum(x, from, to);
                }
            });
        }
        pool.invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                invokeAll(tasks);
            }
        });
        double s = 0.0;
        for (double v : part) {
            s += v;
        }
        sink = s;
        return s;
    }

    private static double simdSum(double[] x, int from, int to) {
        int lanes = SPECIES.length();
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        int i = from;
        for (; i + 4 * lanes <= to; i += 4 * lanes) {
            a0 = a0.add(DoubleVector.fromArray(SPECIES, x, i));
            a1 = a1.add(DoubleVector.fromArray(SPECIES, x, i + lanes));
            a2 = a2.add(DoubleVector.fromArray(SPECIES, x, i + 2 * lanes));
            a3 = a3.add(DoubleVector.fromArray(SPECIES, x, i + 3 * lanes));
        }
        double s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) {
            s += x[i];
        }
        return s;
    }

    /** The vector kernel's epoch must be bit-identical at 1 thread and at the pool's parallelism. */
    private static void checkDeterminism(Shape shape, Data data, GradientKernel kernel, ForkJoinPool pool) {
        ForkJoinPool one = new ForkJoinPool(1);
        try {
            for (String lossName : List.of("linear", "logistic")) {
                double[] y = lossName.equals("logistic") ? data.yBinary : data.yLinear;
                double[] g1 = new double[shape.p + 1];
                double[] g2 = new double[shape.p + 1];
                DenseBlock block = new DenseBlock(data.x, y, shape.p);
                double l1 = new PartitionedGradient(one, kernel, block, loss(lossName), 0, shape.rows, PARTITIONS)
                        .sum(data.params, g1);
                double l2 = new PartitionedGradient(pool, kernel, block, loss(lossName), 0, shape.rows, PARTITIONS)
                        .sum(data.params, g2);
                boolean same = Double.doubleToRawLongBits(l1) == Double.doubleToRawLongBits(l2);
                for (int j = 0; j <= shape.p; j++) {
                    same &= Double.doubleToRawLongBits(g1[j]) == Double.doubleToRawLongBits(g2[j]);
                }
                System.out.printf(Locale.ROOT, "  %s %s: 1 vs %d threads bit-identical: %s%n", shape, lossName,
                        pool.getParallelism(), same ? "yes" : "NO");
            }
        } finally {
            one.shutdown();
        }
    }

    /** ns per element of scalar and SIMD exp/log, to show whether the SIMD math is intrinsified. */
    private static void probeMath() {
        int n = 4096;
        double[] a = new double[n];
        double[] out = new double[n];
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextDouble(0.0, 1.0);
        }
        double scalarExp = nsPerElement(n, () -> {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.exp(a[i]);
            }
            sink = s;
        });
        double scalarLog1p = nsPerElement(n, () -> {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.log1p(a[i]);
            }
            sink = s;
        });
        double vExp = nsPerElement(n, () -> vectorExp(a, out));
        double vLog = nsPerElement(n, () -> vectorLog(a, out));
        double vLog1p = nsPerElement(n, () -> vectorLog1p(a, out));
        System.out.printf(Locale.ROOT,
                "math ns/element: Math.exp %.2f, Math.log1p %.2f | DoubleVector EXP %.2f, LOG %.2f, LOG1P %.2f%n",
                scalarExp, scalarLog1p, vExp, vLog, vLog1p);
    }

    // One method per operator: the Vector API compiles a lanewise op to SIMD only when the operator is a
    // constant at the call site.
    private static void vectorExp(double[] a, double[] out) {
        for (int i = 0; i + SPECIES.length() <= a.length; i += SPECIES.length()) {
            DoubleVector.fromArray(SPECIES, a, i).lanewise(VectorOperators.EXP).intoArray(out, i);
        }
        sink = out[3];
    }

    private static void vectorLog(double[] a, double[] out) {
        for (int i = 0; i + SPECIES.length() <= a.length; i += SPECIES.length()) {
            DoubleVector.fromArray(SPECIES, a, i).lanewise(VectorOperators.LOG).intoArray(out, i);
        }
        sink = out[3];
    }

    private static void vectorLog1p(double[] a, double[] out) {
        for (int i = 0; i + SPECIES.length() <= a.length; i += SPECIES.length()) {
            DoubleVector.fromArray(SPECIES, a, i).lanewise(VectorOperators.LOG1P).intoArray(out, i);
        }
        sink = out[3];
    }

    private static double nsPerElement(int n, Runnable r) {
        for (int i = 0; i < 2000; i++) {
            r.run();
        }
        int reps = 2000;
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            r.run();
        }
        return (System.nanoTime() - t0) / (double) reps / n;
    }

    // ---------------------------------------------------------------------------------------------------
    // numpy

    /** Runs numpy_epoch.py per thread count; returns "shape/threads" → median ms of the linear epoch. */
    private static Map<String, Double> runNumpy(List<Shape> shapes, int[] threadCounts) {
        Map<String, Double> out = new LinkedHashMap<>();
        String python = System.getProperty("bench.python", "python3");
        Path script = Path.of("scripts", "bench", "numpy_epoch.py");
        if (!Files.isRegularFile(script)) {
            System.out.println("numpy: " + script + " not found (run from the repository root); skipped");
            return out;
        }
        try {
            Process check = new ProcessBuilder(python, "-c", "import numpy").redirectErrorStream(true).start();
            check.getInputStream().readAllBytes();
            if (check.waitFor() != 0) {
                System.out.println("numpy: '" + python + " -c \"import numpy\"' failed; skipped");
                return out;
            }
        } catch (IOException | InterruptedException e) {
            System.out.println("numpy: " + python + " not runnable (" + e.getMessage() + "); skipped");
            return out;
        }
        StringBuilder shapeArg = new StringBuilder();
        for (Shape s : shapes) {
            shapeArg.append(shapeArg.length() == 0 ? "" : ",").append(s);
        }
        for (int threads : threadCounts) {
            List<String> cmd = List.of(python, script.toString(), "--shapes", shapeArg.toString(), "--threads",
                    Integer.toString(threads));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.remove("OPENBLAS_CORETYPE");
            env.remove("OPENBLAS_L2_SIZE");
            String n = Integer.toString(threads);
            for (String var : List.of("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")) {
                env.put(var, n);
            }
            try {
                Process proc = pb.start();
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith("RESULT ")) {
                            String[] f = line.split("\\s+");
                            out.put(f[1] + "/" + f[2], Double.parseDouble(f[3]));
                        } else {
                            System.out.println("numpy[" + threads + "t] " + line);
                        }
                    }
                }
                if (proc.waitFor() != 0) {
                    System.out.println("numpy: script exited with " + proc.exitValue());
                }
            } catch (IOException | InterruptedException e) {
                System.out.println("numpy: failed (" + e.getMessage() + ")");
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------

    private static void printTable(List<Row> rows, Map<String, Double> numpy) {
        String line = "-".repeat(127);
        System.out.println();
        System.out.println("Epoch = PartitionedGradient.sum with the gradient, 8 partitions, dedicated ForkJoinPool;"
                + " median ms per epoch");
        System.out.println(line);
        System.out.printf(Locale.ROOT, "%-12s %3s %-9s %-10s %10s %8s %11s %9s %8s %10s %11s %8s%n", "shape", "thr",
                "loss", "kernel", "ms/epoch", "GB/s", "plain-sum", "vs sum", "target", "numpy ms", "vs numpy", "others");
        System.out.println(line);
        for (Row r : rows) {
            boolean vector = !r.kernel.equals("scalar");
            String target = !vector ? "" : r.loss.equals("linear") ? "0.80" : r.loss.equals("logistic") ? "0.60" : "";
            Double np = r.loss.equals("linear") ? numpy.get(r.shape + "/" + r.threads) : null;
            System.out.printf(Locale.ROOT, "%-12s %3d %-9s %-10s %10.3f %8.1f %8.3f ms %9.2f %8s %10s %11s %8s%n",
                    r.shape, r.threads, r.loss, r.kernel, r.ms, r.gbs, r.sumMs, r.ratio, target,
                    np == null ? "" : String.format(Locale.ROOT, "%.3f", np),
                    np == null ? "" : String.format(Locale.ROOT, "%.2fx", np / r.ms), percent(r.others));
        }
        System.out.println(line);
        System.out.println("GB/s = rows*p*8 bytes / time; vs sum = plain-sum ms / epoch ms (share of the machine's read"
                + " bandwidth); vs numpy = numpy ms / our ms (>1: faster than numpy, same thread count);");
        System.out.println("others = CPU time other processes took while the row was measured, as a share of all cores"
                + " (from /proc/stat): rows with more than a few percent were measured on a busy machine.");
    }
}
