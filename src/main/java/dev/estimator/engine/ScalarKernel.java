package dev.estimator.engine;

/**
 * The portable {@link GradientKernel}: plain loops, used when the Vector API is not available. Rows go in
 * blocks of about 16 KiB of matrix, within a core's L1 data cache: the block's margins, then its loss and
 * derivatives, then its gradient while its rows are still cached — so one call reads the matrix once.
 */
final class ScalarKernel implements GradientKernel {

    static final ScalarKernel INSTANCE = new ScalarKernel();

    private ScalarKernel() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public Worker worker(DenseBlock block, Loss loss) {
        return new ScalarWorker(block, loss);
    }

    /** Rows per block for {@code p} values a row. */
    static int blockRows(int p) {
        return Math.max(8, Math.min(1024, 2048 / Math.max(1, p)));
    }

    private static final class ScalarWorker implements Worker {
        private final double[] x;
        private final double[] y;
        private final int p;
        private final Loss loss;
        private final int block;
        private final double[] m;
        private final double[] d;
        private final double[] t;

        ScalarWorker(DenseBlock data, Loss loss) {
            this.x = data.x();
            this.y = data.y();
            this.p = data.p();
            this.loss = loss;
            this.block = blockRows(p);
            this.m = new double[block];
            this.d = new double[block];
            this.t = new double[block];
        }

        @Override
        public double lossAndGradient(int from, int to, double[] params, double[] grad) {
            double sum = 0.0;
            for (int start = from; start < to; start += block) {
                final int len = Math.min(block, to - start);
                margins(start, start + len, params, m);
                sum += loss.evaluate(m, y, start, len, d);
                addRows(start, len, grad);
            }
            return sum;
        }

        @Override
        public double lossAndGradient(int[] rows, int from, int to, double[] params, double[] grad) {
            double sum = 0.0;
            for (int start = from; start < to; start += block) {
                final int len = Math.min(block, to - start);
                for (int k = 0; k < len; k++) {
                    final int r = rows[start + k];
                    m[k] = dot(r * p, params);
                    t[k] = y[r];
                }
                sum += loss.evaluate(m, t, 0, len, d);
                for (int k = 0; k < len; k++) {
                    final double dk = d[k];
                    final int off = rows[start + k] * p;
                    for (int j = 0; j < p; j++) {
                        grad[j] += dk * x[off + j];
                    }
                    grad[p] += dk;
                }
            }
            return sum;
        }

        @Override
        public double loss(int from, int to, double[] params) {
            double sum = 0.0;
            for (int start = from; start < to; start += block) {
                final int len = Math.min(block, to - start);
                margins(start, start + len, params, m);
                sum += loss.evaluate(m, y, start, len, d);
            }
            return sum;
        }

        @Override
        public void margins(int from, int to, double[] params, double[] out) {
            for (int i = from; i < to; i++) {
                out[i - from] = dot(i * p, params);
            }
        }

        /** {@code b + x·w} with two interleaved partial sums (even and odd columns), added at the end. */
        private double dot(int off, double[] params) {
            double s0 = 0.0;
            double s1 = 0.0;
            int j = 0;
            for (; j + 1 < p; j += 2) {
                s0 += x[off + j] * params[j];
                s1 += x[off + j + 1] * params[j + 1];
            }
            if (j < p) {
                s0 += x[off + j] * params[j];
            }
            return params[p] + (s0 + s1);
        }

        private void addRows(int start, int len, double[] grad) {
            double gb = 0.0;
            for (int k = 0; k < len; k++) {
                final double dk = d[k];
                final int off = (start + k) * p;
                for (int j = 0; j < p; j++) {
                    grad[j] += dk * x[off + j];
                }
                gb += dk;
            }
            grad[p] += gb;
        }
    }
}
