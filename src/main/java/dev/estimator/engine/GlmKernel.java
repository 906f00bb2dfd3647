package dev.estimator.engine;

/**
 * The {@link GradientKernel} for fits the plain kernels do not cover — prior weights, an offset, the
 * {@code k − 1} margins of a multinomial row — and the Fisher information {@code XᵀWX} that Newton's method
 * and the standard errors need. Bound to one {@link DesignMatrix}: the {@code x}, {@code y} and {@code p}
 * arguments must be that matrix's.
 *
 * <p>A row's contribution is its weight times the unweighted one. Weights are divided by the mean weight of
 * the row's part (training or validation), so that the trainer's mean over rows is the weighted mean
 * {@code Σwᵢℓᵢ/Σwᵢ} and a weight of 2 counts exactly like a row given twice. A multinomial row's margins
 * are computed in one pass over its values (all {@code k − 1} dot products share each load of {@code xᵢⱼ}),
 * then its gradient is added block by block while the row is in cache.
 *
 * <p>Stateless apart from the matrix; a {@link #worker} owns a row's buffers and serves one thread.
 */
final class GlmKernel implements GradientKernel {

    private final DesignMatrix data;
    private final Loss loss;
    private final int p;
    private final int blocks;
    private final boolean softmax;
    private final double[] weight;
    private final double[] offset;

    GlmKernel(DesignMatrix data, Loss loss) {
        this(data, loss, WeightTotals.of(data));
    }

    /**
     * A kernel over a block of a larger design, its weights divided by the whole design's mean weights.
     *
     * @param totals the whole design's weight totals (null without weights)
     */
    GlmKernel(DesignMatrix data, Loss loss, WeightTotals totals) {
        this.data = data;
        this.loss = loss;
        this.p = data.p();
        this.softmax = data.model() == ModelKind.MULTINOMIAL;
        this.blocks = data.blocks();
        this.offset = data.offsets();
        this.weight = data.weights() == null ? null : scaled(data, totals);
    }

    private static double[] scaled(DesignMatrix data, WeightTotals totals) {
        if (totals == null) {
            throw new IllegalArgumentException("weighted rows need the design's weight totals");
        }
        double[] w = data.weights();
        double[] out = new double[w.length];
        int train = data.trainingRows();
        scale(w, out, 0, train, totals.trainingScale());
        scale(w, out, train, data.rows(), totals.validationScale());
        return out;
    }

    private static void scale(double[] w, double[] out, int from, int to, double inv) {
        for (int i = from; i < to; i++) {
            out[i] = w[i] * inv;
        }
    }

    @Override
    public String name() {
        return "glm";
    }

    /**
     * The kernel for this matrix's rows in a fit that runs {@code kernel}: with the vector kernel, multinomial
     * rows without weights or offsets go to {@link SoftmaxVectorKernel}; everything else to this kernel.
     */
    GradientKernel rows(GradientKernel kernel) {
        if (softmax && weight == null && offset == null && KernelSelection.isVector(kernel)) {
            return new SoftmaxVectorKernel(this, blocks);
        }
        return this;
    }

    /** A worker over this kernel's matrix; {@code block} must be that matrix's block. */
    @Override
    public Worker worker(DenseBlock block, Loss loss) {
        if (block != data.block()) {
            throw new IllegalArgumentException("this kernel is bound to its design matrix's block");
        }
        return new RowWorker();
    }

    /** Σ of the weighted losses of rows {@code [from, to)}. */
    double loss(int from, int to, double[] params) {
        return new RowWorker().loss(from, to, params);
    }

    /** The first margins of rows {@code [from, to)}, offset included (single-margin models). */
    void margins(int from, int to, double[] params, double[] out) {
        new RowWorker().margins(from, to, params, out);
    }

    /** One thread's buffers: a row's margins and probabilities. */
    private final class RowWorker implements Worker {
        private final double[] m = new double[blocks];
        private final double[] prob = new double[blocks];

        @Override
        public double lossAndGradient(int from, int to, double[] params, double[] grad) {
            final double[] x = data.x();
            final double[] y = data.y();
            double sum = 0.0;
            for (int i = from; i < to; i++) {
                sum += row(x, y, i, params, grad, m, prob);
            }
            return sum;
        }

        @Override
        public double lossAndGradient(int[] rows, int from, int to, double[] params, double[] grad) {
            final double[] x = data.x();
            final double[] y = data.y();
            double sum = 0.0;
            for (int k = from; k < to; k++) {
                sum += row(x, y, rows[k], params, grad, m, prob);
            }
            return sum;
        }

        @Override
        public double loss(int from, int to, double[] params) {
            final double[] x = data.x();
            final double[] y = data.y();
            double sum = 0.0;
            for (int i = from; i < to; i++) {
                sum += row(x, y, i, params, null, m, prob);
            }
            return sum;
        }

        @Override
        public void margins(int from, int to, double[] params, double[] out) {
            final double[] x = data.x();
            for (int i = from; i < to; i++) {
                out[i - from] = dot(x, i * p, params, 0) + offset(i);
            }
        }
    }

    /** Writes the k − 1 margins of row i, offset included, to {@code out[0, blocks)}. */
    void rowMargins(int i, double[] params, double[] out) {
        final double[] x = data.x();
        final int off = i * p;
        final int stride = p + 1;
        final double o = offset(i);
        for (int c = 0; c < blocks; c++) {
            out[c] = params[c * stride + p] + o;
        }
        for (int j = 0; j < p; j++) {
            final double v = x[off + j];
            if (v != 0.0) {
                for (int c = 0; c < blocks; c++) {
                    out[c] += v * params[c * stride + j];
                }
            }
        }
    }

    /** Weighted loss of row i; adds its weighted gradient to {@code grad} unless null. */
    private double row(double[] x, double[] y, int i, double[] params, double[] grad, double[] margins,
            double[] prob) {
        final double w = weight == null ? 1.0 : weight[i];
        if (w == 0.0) {
            return 0.0;
        }
        final int off = i * p;
        if (!softmax) {
            final double m = dot(x, off, params, 0) + offset(i);
            final double value = w * loss.value(m, y[i]);
            if (grad != null) {
                final double d = w * loss.derivative(m, y[i]);
                for (int j = 0; j < p; j++) {
                    grad[j] += d * x[off + j];
                }
                grad[p] += d;
            }
            return value;
        }
        final int cls = (int) y[i];
        rowMargins(i, params, margins);
        final double value = w * MultinomialLoss.evaluate(margins, blocks, cls, prob);
        if (grad != null) {
            final int stride = p + 1;
            for (int c = 0; c < blocks; c++) {
                final double d = w * (prob[c] - (cls == c + 1 ? 1.0 : 0.0));
                final int base = c * stride;
                for (int j = 0; j < p; j++) {
                    grad[base + j] += d * x[off + j];
                }
                grad[base + p] += d;
            }
        }
        return value;
    }

    /**
     * Adds the Fisher information {@code Σ wᵢ zᵢ Wᵢ zᵢᵀ} of rows {@code [from, to)} at {@code params} to the
     * upper triangle of {@code info} (dims × dims, row-major), {@code zᵢ = (xᵢ, 1)} per block. {@code Wᵢ} is
     * the loss's curvature, or the multinomial block {@code p_c(δ_cd − p_d)}. Weights are as in the
     * gradient (scaled by the mean weight) unless {@code priorWeights}, which uses them as given.
     */
    void information(int from, int to, double[] params, double[] info, boolean priorWeights) {
        final double[] x = data.x();
        final double[] y = data.y();
        final int stride = p + 1;
        final int dims = blocks * stride;
        final double[] z = new double[stride];
        final double[] prob = new double[blocks];
        final double[] m = new double[blocks];
        z[p] = 1.0;
        for (int i = from; i < to; i++) {
            final double w = data.weights() == null ? 1.0 : priorWeights ? data.weights()[i] : weight[i];
            if (w == 0.0) {
                continue;
            }
            System.arraycopy(x, i * p, z, 0, p);
            if (!softmax) {
                final double c = w * loss.curvature(dot(x, i * p, params, 0) + offset(i), y[i]);
                addOuter(info, dims, 0, 0, c, z, stride, true);
                continue;
            }
            rowMargins(i, params, m);
            MultinomialLoss.evaluate(m, blocks, (int) y[i], prob);
            for (int a = 0; a < blocks; a++) {
                for (int b = a; b < blocks; b++) {
                    final double c = w * prob[a] * ((a == b ? 1.0 : 0.0) - prob[b]);
                    addOuter(info, dims, a * stride, b * stride, c, z, stride, a == b);
                }
            }
        }
    }

    /** {@code info[r0 + s][c0 + t] += c·z[s]·z[t]}, only {@code t ≥ s} on a diagonal block. */
    private static void addOuter(double[] info, int dims, int r0, int c0, double c, double[] z, int stride,
            boolean diagonal) {
        if (c == 0.0) {
            return;
        }
        for (int s = 0; s < stride; s++) {
            final double zs = c * z[s];
            if (zs == 0.0) {
                continue;
            }
            final int row = (r0 + s) * dims + c0;
            for (int t = diagonal ? s : 0; t < stride; t++) {
                info[row + t] += zs * z[t];
            }
        }
    }

    private double offset(int i) {
        return offset == null ? 0.0 : offset[i];
    }

    private double dot(double[] x, int off, double[] params, int base) {
        double s = params[base + p];
        for (int j = 0; j < p; j++) {
            s += x[off + j] * params[base + j];
        }
        return s;
    }
}
