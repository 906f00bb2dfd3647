package dev.estimator.engine;

/**
 * The inner loop of every fit: loss and gradient of a {@link Loss} over a range of rows of a
 * {@link DenseBlock}, in one pass over the rows. {@code params} holds the coefficients in {@code [0, p)} and
 * the intercept at {@code [p]}.
 *
 * <p>Lifecycle: a kernel is stateless and shared; {@link #worker} gives a {@link Worker} for one block and
 * loss, owning its buffers — one per thread (per partition), never used by two threads at once.
 *
 * <p>Promise: a worker's results depend only on its block, loss, row range and parameters — never on the
 * thread, the timing, the JIT tier or the JDK — because every operation used is one whose result the Java
 * specification fixes, in a fixed order. That is what makes fits bit-identical across thread counts and
 * resumable in another process. Two kernels may order their additions differently: {@link #vector()} and
 * {@link #scalar()} agree to about 1e-12 relative, not bit for bit, so a fit uses one kernel throughout.
 */
public interface GradientKernel {

    /** A short name for logs and benchmarks. */
    String name();

    /** A worker over {@code block} for {@code loss} (which may be null for a worker used only for margins). */
    Worker worker(DenseBlock block, Loss loss);

    /** The kernel fits use: {@link #vector()} when this JVM has the Vector API, else {@link #scalar()}. */
    static GradientKernel best() {
        return KernelSelection.BEST;
    }

    /** Plain Java loops; runs everywhere. */
    static GradientKernel scalar() {
        return ScalarKernel.INSTANCE;
    }

    /**
     * The SIMD kernel on the incubating Vector API, or null when this JVM lacks it (run with
     * {@code --add-modules jdk.incubator.vector}) or has no 256-bit vectors.
     */
    static GradientKernel vector() {
        return KernelSelection.vector();
    }

    /** One thread's view of a block: sums over rows {@code [from, to)} of it, in row order. */
    interface Worker {

        /**
         * Adds {@code Σ ℓ'(mᵢ, yᵢ)·xᵢ} over rows {@code [from, to)} to {@code grad[0, p)} and
         * {@code Σ ℓ'(mᵢ, yᵢ)} to {@code grad[p]}; returns {@code Σ ℓ(mᵢ, yᵢ)}.
         */
        double lossAndGradient(int from, int to, double[] params, double[] grad);

        /** As {@link #lossAndGradient(int, int, double[], double[])} over the rows {@code rows[from, to)} (SGD batches). */
        double lossAndGradient(int[] rows, int from, int to, double[] params, double[] grad);

        /** {@code Σ ℓ(mᵢ, yᵢ)} over rows {@code [from, to)}. */
        double loss(int from, int to, double[] params);

        /** Writes the margins {@code b + xᵢ·w} of rows {@code [from, to)} to {@code out[0, to − from)}. */
        void margins(int from, int to, double[] params, double[] out);
    }
}
