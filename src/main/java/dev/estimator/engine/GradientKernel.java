package dev.estimator.engine;

/**
 * The inner loop of every fit: loss and gradient of a {@link Loss} over rows of a row-major matrix
 * {@code x} ({@code p} values a row, row {@code i} at {@code x[i·p … i·p+p)}) in one pass over the rows.
 * {@code params} holds the coefficients in {@code [0, p)} and the intercept at {@code [p]}.
 *
 * <p>Rows are processed in blocks small enough to stay in the core's cache: the margins of a block are
 * computed, the loss turns them into derivatives, and the block's rows — still cached — are added to
 * the gradient. So one call reads the matrix from memory once, which is what makes an epoch
 * memory-bound rather than twice memory-bound.
 *
 * <p>Implementations are stateless and thread-safe; per-thread buffers come in a {@link Scratch}.
 * Results depend only on the arguments (never on timing or threads), which is what makes the trainer
 * deterministic.
 */
public interface GradientKernel {

    /**
     * Adds {@code Σ ℓ'(mᵢ, yᵢ)·xᵢ} over rows {@code [from, to)} to {@code grad[0, p)} and
     * {@code Σ ℓ'(mᵢ, yᵢ)} to {@code grad[p]}; returns {@code Σ ℓ(mᵢ, yᵢ)}.
     */
    double lossAndGradient(double[] x, double[] y, int p, int from, int to, double[] params, Loss loss,
            double[] grad, Scratch scratch);

    /** As {@link #lossAndGradient} over the rows {@code rows[from, to)}, in that order (SGD batches). */
    double lossAndGradient(double[] x, double[] y, int p, int[] rows, int from, int to, double[] params,
            Loss loss, double[] grad, Scratch scratch);

    /** {@code Σ ℓ(mᵢ, yᵢ)} over rows {@code [from, to)}. */
    double loss(double[] x, double[] y, int p, int from, int to, double[] params, Loss loss, Scratch scratch);

    /** Writes the margins {@code b + xᵢ·w} of rows {@code [from, to)} to {@code out[0, to − from)}. */
    void margins(double[] x, int p, int from, int to, double[] params, double[] out);

    /** A short name for logs and benchmarks. */
    String name();

    /** Rows per block for {@code p} values a row: about 16 KiB of matrix, within a core's L1 data cache. */
    static int blockRows(int p) {
        return Math.max(8, Math.min(1024, 2048 / Math.max(1, p)));
    }

    /** Per-thread block buffers; create one per task, never share between threads. */
    final class Scratch {
        final double[] margins;
        final double[] derivatives;
        final double[] targets;

        public Scratch(int p) {
            int n = blockRows(p);
            this.margins = new double[n];
            this.derivatives = new double[n];
            this.targets = new double[n];
        }
    }
}
