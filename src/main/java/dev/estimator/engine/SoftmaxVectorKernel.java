package dev.estimator.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD {@link GradientKernel} of multinomial rows without weights or offsets: the {@code k − 1} margins
 * of a row in one pass over it, the softmax of a block of rows lane-wise, then the gradient of every class
 * while the block's rows are still in cache. Chosen by {@link GlmKernel#rows} when the fit runs the vector
 * kernel; rows with weights or offsets keep {@link GlmKernel}'s scalar path.
 *
 * <p><b>Margins.</b> Row vectors of {@code L = 4} values from the row's start (no tail vector: the last
 * {@code p mod L} columns are scalar). Each chunk of {@code x} is loaded once and meets up to four classes'
 * coefficients, one accumulator a class: a product, then fused multiply-adds in column order; its lanes
 * added in index order ({@link VectorKernel#sum}, never {@code reduceLanes}), then the scalar columns in
 * order, then the intercept. The same expression wherever the row lands, so a margin depends neither on
 * blocks nor on the entry point.
 *
 * <p><b>Loss.</b> As {@link MultinomialLoss#evaluate}, step for step: {@code max(0, m…)}, the exponentials
 * of {@code m − max} and of {@code −max} by {@link VectorLosses#exp} over the whole block (the same bits as
 * {@link FmaMath#exp}), then per row their sum in class order, the probabilities and
 * {@link MultinomialLoss#logAtLeastOne}. So a row's loss is the scalar kernel's given the same margins.
 *
 * <p><b>Gradient.</b> One sweep per row vector over the block's cached rows, two classes at a time, two
 * rows a step ({@code (d₁x₁ + d₀x₀)}), accumulators in registers; the gradient array is touched once per
 * sweep. The intercepts' gradient is summed in row order with the loss.
 *
 * <p>Results depend only on the block, the rows and the parameters (fixed order of every addition; only
 * operations the Java specification fixes), as {@link GradientKernel} promises.
 */
final class SoftmaxVectorKernel implements GradientKernel {

    private static final VectorSpecies<Double> S = VectorKernel.SPECIES;
    private static final int L = S.length();

    private final GlmKernel general;
    private final int k1;

    SoftmaxVectorKernel(GlmKernel general, int k1) {
        this.general = general;
        this.k1 = k1;
    }

    @Override
    public String name() {
        return "vector" + S.vectorBitSize() + "-softmax";
    }

    @Override
    public Worker worker(DenseBlock block, Loss loss) {
        final Worker margins = general.worker(block, loss);
        final Pass pass = new Pass(block.x(), block.y(), block.p(), k1, VectorKernel.blockRows(block.p()));
        return new Worker() {
            @Override
            public double lossAndGradient(int from, int to, double[] params, double[] grad) {
                return pass.run(null, from, to, params, grad);
            }

            @Override
            public double lossAndGradient(int[] rows, int from, int to, double[] params, double[] grad) {
                return pass.run(rows, from, to, params, grad);
            }

            @Override
            public double loss(int from, int to, double[] params) {
                return pass.run(null, from, to, params, null);
            }

            @Override
            public void margins(int from, int to, double[] params, double[] out) {
                margins.margins(from, to, params, out);
            }
        };
    }

    /** One worker's buffers (one thread). */
    private static final class Pass {
        private final double[] x;
        private final double[] y;
        private final int p;
        private final int k1;
        private final int stride;
        private final int pv;
        private final int block;
        private final int padded;
        /** Margins, then derivatives, class-major: class c of the row at block position k at {@code c·padded + k}. */
        private final double[] m;
        /** Exponentials: {@code −max} at {@code [0, padded)}, class c's at {@code (c + 1)·padded + k}. */
        private final double[] e;
        private final double[] max;
        private final double[] lanes = new double[L];
        private final double[] gradBlock;
        private final double[] gb;
        private int[] rows;
        private int from;

        Pass(double[] x, double[] y, int p, int k1, int block) {
            this.x = x;
            this.y = y;
            this.p = p;
            this.k1 = k1;
            this.stride = p + 1;
            this.pv = p / L * L;
            this.block = block;
            this.padded = (block + L - 1) / L * L;
            this.m = new double[k1 * padded];
            this.e = new double[(k1 + 1) * padded];
            this.max = new double[padded];
            this.gradBlock = new double[k1 * Math.max(p, 1)];
            this.gb = new double[k1];
        }

        private int offset(int pos) {
            return (rows == null ? from + pos : rows[from + pos]) * p;
        }

        private double target(int pos) {
            return rows == null ? y[from + pos] : y[rows[from + pos]];
        }

        double run(int[] rows, int from, int to, double[] params, double[] grad) {
            this.rows = rows;
            double sum = 0.0;
            final boolean gradient = grad != null;
            if (gradient) {
                java.util.Arrays.fill(gradBlock, 0.0);
                java.util.Arrays.fill(gb, 0.0);
            }
            for (int start = from; start < to; start += block) {
                final int len = Math.min(block, to - start);
                this.from = start;
                margins(len, params);
                sum += loss(len, gradient);
                if (gradient) {
                    gradient(len);
                }
            }
            if (gradient) {
                for (int c = 0; c < k1; c++) {
                    final int base = c * stride;
                    for (int j = 0; j < p; j++) {
                        grad[base + j] += gradBlock[c * p + j];
                    }
                    grad[base + p] += gb[c];
                }
            }
            this.rows = null;
            return sum;
        }

        // ---- margins ----

        private void margins(int len, double[] params) {
            int c = 0;
            for (; c + 4 <= k1; c += 4) {
                for (int k = 0; k < len; k++) {
                    margins4(offset(k), k, c, params);
                }
            }
            for (; c + 2 <= k1; c += 2) {
                for (int k = 0; k < len; k++) {
                    margins2(offset(k), k, c, params);
                }
            }
            for (; c < k1; c++) {
                for (int k = 0; k < len; k++) {
                    m[c * padded + k] = margin(offset(k), c * stride, params);
                }
            }
        }

        /** The scalar columns {@code [pv, p)} added in order to the lanes' sum, then the intercept. */
        private double finish(double lanesSum, int o, int base, double[] params) {
            double s = lanesSum;
            for (int j = pv; j < p; j++) {
                s += x[o + j] * params[base + j];
            }
            return params[base + p] + s;
        }

        private double margin(int o, int base, double[] params) {
            if (pv == 0) {
                double s = x[o] * params[base];
                for (int j = 1; j < p; j++) {
                    s += x[o + j] * params[base + j];
                }
                return params[base + p] + s;
            }
            DoubleVector a = DoubleVector.fromArray(S, x, o).mul(DoubleVector.fromArray(S, params, base));
            for (int j = L; j < pv; j += L) {
                a = DoubleVector.fromArray(S, x, o + j).fma(DoubleVector.fromArray(S, params, base + j), a);
            }
            return finish(VectorKernel.sum(a, lanes), o, base, params);
        }

        /** Margins of classes {@code c, c+1} of one row, each chunk of x loaded once. */
        private void margins2(int o, int k, int c, double[] params) {
            final int b0 = c * stride;
            final int b1 = b0 + stride;
            if (pv == 0) {
                m[c * padded + k] = margin(o, b0, params);
                m[(c + 1) * padded + k] = margin(o, b1, params);
                return;
            }
            DoubleVector xv = DoubleVector.fromArray(S, x, o);
            DoubleVector a0 = xv.mul(DoubleVector.fromArray(S, params, b0));
            DoubleVector a1 = xv.mul(DoubleVector.fromArray(S, params, b1));
            for (int j = L; j < pv; j += L) {
                xv = DoubleVector.fromArray(S, x, o + j);
                a0 = xv.fma(DoubleVector.fromArray(S, params, b0 + j), a0);
                a1 = xv.fma(DoubleVector.fromArray(S, params, b1 + j), a1);
            }
            m[c * padded + k] = finish(VectorKernel.sum(a0, lanes), o, b0, params);
            m[(c + 1) * padded + k] = finish(VectorKernel.sum(a1, lanes), o, b1, params);
        }

        /** Margins of classes {@code c … c+3} of one row, each chunk of x loaded once. */
        private void margins4(int o, int k, int c, double[] params) {
            final int b0 = c * stride;
            final int b1 = b0 + stride;
            final int b2 = b1 + stride;
            final int b3 = b2 + stride;
            if (pv == 0) {
                m[c * padded + k] = margin(o, b0, params);
                m[(c + 1) * padded + k] = margin(o, b1, params);
                m[(c + 2) * padded + k] = margin(o, b2, params);
                m[(c + 3) * padded + k] = margin(o, b3, params);
                return;
            }
            DoubleVector xv = DoubleVector.fromArray(S, x, o);
            DoubleVector a0 = xv.mul(DoubleVector.fromArray(S, params, b0));
            DoubleVector a1 = xv.mul(DoubleVector.fromArray(S, params, b1));
            DoubleVector a2 = xv.mul(DoubleVector.fromArray(S, params, b2));
            DoubleVector a3 = xv.mul(DoubleVector.fromArray(S, params, b3));
            for (int j = L; j < pv; j += L) {
                xv = DoubleVector.fromArray(S, x, o + j);
                a0 = xv.fma(DoubleVector.fromArray(S, params, b0 + j), a0);
                a1 = xv.fma(DoubleVector.fromArray(S, params, b1 + j), a1);
                a2 = xv.fma(DoubleVector.fromArray(S, params, b2 + j), a2);
                a3 = xv.fma(DoubleVector.fromArray(S, params, b3 + j), a3);
            }
            m[c * padded + k] = finish(VectorKernel.sum(a0, lanes), o, b0, params);
            m[(c + 1) * padded + k] = finish(VectorKernel.sum(a1, lanes), o, b1, params);
            m[(c + 2) * padded + k] = finish(VectorKernel.sum(a2, lanes), o, b2, params);
            m[(c + 3) * padded + k] = finish(VectorKernel.sum(a3, lanes), o, b3, params);
        }

        // ---- loss ----

        /**
         * Σ loss of the block's rows; with {@code gradient}, overwrites {@code m} with the derivatives
         * {@code p_c − [y = c]} and adds them to the intercepts' sums, in row order.
         */
        private double loss(int len, boolean gradient) {
            for (int k = 0; k < len; k++) {
                double mx = 0.0;
                for (int c = 0; c < k1; c++) {
                    mx = Math.max(mx, m[c * padded + k]);
                }
                max[k] = mx;
                e[k] = -mx;
            }
            for (int c = 0; c < k1; c++) {
                final int mo = c * padded;
                final int eo = (c + 1) * padded;
                for (int k = 0; k < len; k++) {
                    e[eo + k] = m[mo + k] - max[k];
                }
            }
            if (len < padded) {
                // a short last block: its spare entries are given exp(0), never read
                for (int c = 0; c <= k1; c++) {
                    java.util.Arrays.fill(e, c * padded + len, (c + 1) * padded, 0.0);
                }
            }
            VectorLosses.exp(e, e.length, e);
            double total = 0.0;
            for (int k = 0; k < len; k++) {
                double sum = e[k];
                for (int c = 0; c < k1; c++) {
                    sum += e[(c + 1) * padded + k];
                }
                final int cls = (int) target(k);
                final double target = cls == 0 ? 0.0 : m[(cls - 1) * padded + k];
                total += (max[k] + MultinomialLoss.logAtLeastOne(sum)) - target;
                if (gradient) {
                    final double inv = 1.0 / sum;
                    for (int c = 0; c < k1; c++) {
                        final double d = e[(c + 1) * padded + k] * inv - (cls == c + 1 ? 1.0 : 0.0);
                        m[c * padded + k] = d;
                        gb[c] += d;
                    }
                }
            }
            return total;
        }

        // ---- gradient ----

        /** Adds {@code d_c[k]·x_k} of the block's rows to {@code gradBlock}, class c at {@code c·p}. */
        private void gradient(int len) {
            int c = 0;
            for (; c + 2 <= k1; c += 2) {
                for (int j = 0; j < pv; j += L) {
                    gradient2(len, j, c);
                }
            }
            for (; c < k1; c++) {
                for (int j = 0; j < pv; j += L) {
                    gradient1(len, j, c);
                }
            }
            if (pv < p) {
                for (int k = 0; k < len; k++) {
                    final int o = offset(k);
                    for (int cc = 0; cc < k1; cc++) {
                        final double d = m[cc * padded + k];
                        final int go = cc * p;
                        for (int j = pv; j < p; j++) {
                            gradBlock[go + j] += d * x[o + j];
                        }
                    }
                }
            }
        }

        /** Classes {@code c, c+1}, row vector at {@code j}: two rows a step, accumulators in registers. */
        private void gradient2(int len, int j, int c) {
            final int d0 = c * padded;
            final int d1 = d0 + padded;
            DoubleVector h0 = DoubleVector.zero(S);
            DoubleVector h1 = h0;
            int k = 0;
            for (; k + 2 <= len; k += 2) {
                final DoubleVector xa = DoubleVector.fromArray(S, x, offset(k) + j);
                final DoubleVector xb = DoubleVector.fromArray(S, x, offset(k + 1) + j);
                h0 = h0.add(xb.fma(DoubleVector.broadcast(S, m[d0 + k + 1]), xa.mul(m[d0 + k])));
                h1 = h1.add(xb.fma(DoubleVector.broadcast(S, m[d1 + k + 1]), xa.mul(m[d1 + k])));
            }
            for (; k < len; k++) {
                final DoubleVector xa = DoubleVector.fromArray(S, x, offset(k) + j);
                h0 = xa.fma(DoubleVector.broadcast(S, m[d0 + k]), h0);
                h1 = xa.fma(DoubleVector.broadcast(S, m[d1 + k]), h1);
            }
            DoubleVector.fromArray(S, gradBlock, c * p + j).add(h0).intoArray(gradBlock, c * p + j);
            DoubleVector.fromArray(S, gradBlock, (c + 1) * p + j).add(h1).intoArray(gradBlock, (c + 1) * p + j);
        }

        private void gradient1(int len, int j, int c) {
            final int d0 = c * padded;
            DoubleVector h0 = DoubleVector.zero(S);
            int k = 0;
            for (; k + 2 <= len; k += 2) {
                final DoubleVector xa = DoubleVector.fromArray(S, x, offset(k) + j);
                final DoubleVector xb = DoubleVector.fromArray(S, x, offset(k + 1) + j);
                h0 = h0.add(xb.fma(DoubleVector.broadcast(S, m[d0 + k + 1]), xa.mul(m[d0 + k])));
            }
            for (; k < len; k++) {
                h0 = DoubleVector.fromArray(S, x, offset(k) + j).fma(DoubleVector.broadcast(S, m[d0 + k]), h0);
            }
            DoubleVector.fromArray(S, gradBlock, c * p + j).add(h0).intoArray(gradBlock, c * p + j);
        }
    }
}
