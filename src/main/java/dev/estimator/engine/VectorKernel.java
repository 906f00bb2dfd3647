package dev.estimator.engine;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD {@link GradientKernel} on the Vector API ({@link DoubleVector#SPECIES_PREFERRED}, {@code L} lanes).
 *
 * <p><b>Rows.</b> A row of {@code p ≥ L} values is {@code nc = ⌊p/L⌋} full vectors from its start and, when
 * {@code L} does not divide {@code p}, one more vector ending at the row's end ({@code x[o+p−L, o+p)}: always
 * inside the row, so no masked load and no read past the array). The lanes of that tail vector that repeat
 * columns already covered are cleared bitwise (so even ±∞/NaN there become 0) and meet a zero coefficient.
 * A row's margin is {@code b + reduce(x₀·w₀ + Σ_c x_c·w_c)} — a product, fused multiply-adds in column
 * order, one horizontal sum — the same expression wherever the row lands, so a margin does not depend on
 * blocks, groups or the entry point. Rows shorter than a vector ({@code p < L}) use scalar loops.
 *
 * <p><b>Blocks.</b> Rows go in blocks of about {@value #BLOCK_BYTES} bytes (at least 32 rows while that
 * stays within L2): the margins of a block, four rows at a time sharing each coefficient load; then its
 * loss, lane-wise ({@link VectorLosses}); then its gradient while its rows are still cached. So each row
 * is read from memory once.
 *
 * <p><b>Gradient.</b> Four rows at a time, added as {@code (d₁x₁ + d₀x₀) + (d₃x₃ + d₂x₂)}: one addition
 * into the accumulator per four rows. The accumulators of the first two vectors of the row and of its tail
 * vector stay in registers for the whole block (all of a row up to {@code p = 2L + L−1}); the rest of a
 * wider row's gradient is loaded and stored once per four rows. The intercept's gradient is summed in the
 * loss phase.
 *
 * <p><b>Determinism.</b> Results depend only on the arguments: blocks, groups and lanes are combined in a
 * fixed order, and only operations that every JIT tier computes identically are used (see
 * {@link VectorLosses} on why not SVML {@code exp}/{@code log}).
 */
final class VectorKernel implements GradientKernel {

    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> S = SPECIES;
    private static final VectorSpecies<Long> LS = VectorSpecies.of(long.class, S.vectorShape());
    private static final int L = S.length();
    /** Target bytes of matrix a block. */
    static final int BLOCK_BYTES = 8192;
    /** Largest block (bytes) that the minimum of 32 rows may reach: the rows must still be in L2. */
    private static final int MAX_BLOCK_BYTES = 128 * 1024;
    static volatile int VARIANT = Integer.getInteger("vk.variant", 0);

    private VectorKernel() {
    }

    static GradientKernel create() {
        if (L < 2) {
            return null;
        }
        return new VectorKernel();
    }

    @Override
    public String name() {
        return "vector" + S.vectorBitSize();
    }

    /**
     * Rows per block: {@link #BLOCK_BYTES} of matrix, but at least 32 rows (per-block costs amortized) as
     * long as they fit in {@link #MAX_BLOCK_BYTES}; a multiple of 4 and of the lane count.
     */
    static int blockRows(int p) {
        int unit = Math.max(4, L);
        long rowBytes = 8L * Math.max(1, p);
        long rows = BLOCK_BYTES / rowBytes;
        if (rows < 32) {
            rows = Math.min(32, MAX_BLOCK_BYTES / rowBytes);
        }
        return (int) Math.max(unit, rows / unit * unit);
    }

    @Override
    public double lossAndGradient(double[] x, double[] y, int p, int from, int to, double[] params, Loss loss,
            double[] grad, Scratch scratch) {
        return run(x, y, p, null, from, to, params, loss, grad);
    }

    @Override
    public double lossAndGradient(double[] x, double[] y, int p, int[] rows, int from, int to, double[] params,
            Loss loss, double[] grad, Scratch scratch) {
        return run(x, y, p, rows, from, to, params, loss, grad);
    }

    @Override
    public double loss(double[] x, double[] y, int p, int from, int to, double[] params, Loss loss,
            Scratch scratch) {
        return run(x, y, p, null, from, to, params, loss, null);
    }

    @Override
    public void margins(double[] x, int p, int from, int to, double[] params, double[] out) {
        if (to > from) {
            new Pass(x, null, p, null, params, null, false, 0).step(0, 0, from, to - from, out, 0);
        }
    }

    private static double run(double[] x, double[] y, int p, int[] rows, int from, int to, double[] params,
            Loss loss, double[] grad) {
        if (to <= from) {
            return 0.0;
        }
        Pass pass = new Pass(x, y, p, rows, params, loss, grad != null, Math.min(blockRows(p), to - from));
        double sum = pass.run(from, to);
        if (grad != null) {
            pass.addGradientTo(grad);
        }
        return sum;
    }

    /**
     * One call's state: coefficients, gradient accumulators and block buffers (a few KiB, allocated per
     * call, which covers a partition or a batch). Rows are addressed by position {@code i}: row {@code i}
     * itself, or {@code rows[i]} for a gathered batch.
     */
    private static final class Pass {
        final double[] x;
        final double[] y;
        final int p;
        final int[] rows;
        final Loss loss;
        final boolean small;
        /** Full vectors a row, and the values they cover. */
        final int nc;
        final int pv;
        final boolean hasTail;
        /** Offset of the tail vector within a row: {@code p − L}. */
        final int tailAt;
        /** Lanes of the tail vector that are new columns: all bits set; the others 0. */
        final long[] keep;
        final double[] w;
        final double[] wTail;
        final double b;
        /** Gradient of the columns {@code [0, pv)} (or {@code [0, p)} for short rows). */
        final double[] g;
        /** Gradient of the tail vector's lanes (only the kept lanes are used). */
        final double[] gTail;
        final double[] dsum = new double[1];
        final int block;
        final double[] m;
        final VectorLosses.Work work;
        double[] d;
        double[] dNext;

        Pass(double[] x, double[] y, int p, int[] rows, double[] params, Loss loss, boolean gradient, int block) {
            this.x = x;
            this.y = y;
            this.p = p;
            this.rows = rows;
            this.loss = loss;
            this.small = p < L;
            this.nc = small ? 0 : p / L;
            this.pv = nc * L;
            this.hasTail = !small && pv < p;
            this.tailAt = p - L;
            this.keep = new long[L];
            this.wTail = new double[L];
            if (hasTail) {
                for (int l = L - (p - pv); l < L; l++) {
                    keep[l] = -1L;
                    wTail[l] = params[tailAt + l];
                }
            }
            this.w = Arrays.copyOf(params, small ? p : pv);
            this.b = params[p];
            this.g = gradient ? new double[small ? p : pv] : null;
            this.gTail = gradient ? new double[L] : null;
            int buffer = (block + L - 1) / L * L;
            this.block = block;
            this.m = new double[buffer];
            this.work = loss == null ? null : new VectorLosses.Work(buffer);
            this.d = new double[buffer];
            this.dNext = gradient && VARIANT == 2 ? new double[buffer] : null;
        }

        void addGradientTo(double[] grad) {
            for (int j = 0; j < g.length; j++) {
                grad[j] += g[j];
            }
            if (hasTail) {
                for (int l = L - (p - pv); l < L; l++) {
                    grad[tailAt + l] += gTail[l];
                }
            }
            grad[p] += dsum[0];
        }

        private int offset(int i) {
            return (rows == null ? i : rows[i]) * p;
        }

        double run(int from, int to) {
            final boolean gradient = g != null;
            double sum = 0.0;
            if (VARIANT == 2 && gradient) {
                int start = from;
                int len = Math.min(block, to - start);
                step(0, 0, start, len, m, 0);
                sum += lossOf(start, len, d);
                while (true) {
                    int next = start + len;
                    if (next >= to) {
                        step(start, len, 0, 0, m, 0);
                        return sum;
                    }
                    int nextLen = Math.min(block, to - next);
                    step(start, len, next, nextLen, m, 0);
                    sum += lossOf(next, nextLen, dNext);
                    double[] swap = d;
                    d = dNext;
                    dNext = swap;
                    start = next;
                    len = nextLen;
                }
            }
            for (int start = from; start < to; start += block) {
                int len = Math.min(block, to - start);
                step(0, 0, start, len, m, 0);
                sum += lossOf(start, len, d);
                if (gradient) {
                    step(start, len, 0, 0, m, 0);
                }
            }
            return sum;
        }

        /** Loss of the rows at positions {@code [start, start+len)} whose margins are in {@code m}. */
        private double lossOf(int start, int len, double[] out) {
            if (rows == null) {
                return VectorLosses.evaluate(loss, m, y, start, len, out, work, dsum);
            }
            double[] t = work.targets;
            for (int k = 0; k < len; k++) {
                t[k] = y[rows[start + k]];
            }
            return VectorLosses.evaluate(loss, m, t, 0, len, out, work, dsum);
        }

        /**
         * Adds {@code d[k]·x} of the rows at positions {@code gs + k}, {@code k < glen}, to the gradient and
         * writes the margins of the rows at positions {@code ms + k}, {@code k < mlen}, to
         * {@code out[at + k]}.
         */
        void step(int gs, int glen, int ms, int mlen, double[] out, int at) {
            if (small) {
                smallStep(gs, glen, ms, mlen, out, at);
            } else if (glen > 0 && mlen > 0) {
                fused(gs, glen, ms, mlen, out, at);
            } else {
                final int m4 = mlen & ~3;
                for (int k = 0; k < m4; k += 4) {
                    margins4(ms + k, out, at + k);
                }
                for (int k = m4; k < mlen; k++) {
                    out[at + k] = margin(offset(ms + k));
                }
                if (glen > 0) {
                    gradient(gs, 0, glen);
                }
            }
        }

        /** Margins of the four rows at positions {@code i … i+3} to {@code out[k … k+3]}. */
        private void margins4(int i, double[] out, int k) {
            final double[] x = this.x;
            final double[] w = this.w;
            final int o0 = offset(i);
            final int o1 = offset(i + 1);
            final int o2 = offset(i + 2);
            final int o3 = offset(i + 3);
            DoubleVector wj = DoubleVector.fromArray(S, w, 0);
            DoubleVector a0 = DoubleVector.fromArray(S, x, o0).mul(wj);
            DoubleVector a1 = DoubleVector.fromArray(S, x, o1).mul(wj);
            DoubleVector a2 = DoubleVector.fromArray(S, x, o2).mul(wj);
            DoubleVector a3 = DoubleVector.fromArray(S, x, o3).mul(wj);
            for (int j = L; j < pv; j += L) {
                wj = DoubleVector.fromArray(S, w, j);
                a0 = DoubleVector.fromArray(S, x, o0 + j).fma(wj, a0);
                a1 = DoubleVector.fromArray(S, x, o1 + j).fma(wj, a1);
                a2 = DoubleVector.fromArray(S, x, o2 + j).fma(wj, a2);
                a3 = DoubleVector.fromArray(S, x, o3 + j).fma(wj, a3);
            }
            if (hasTail) {
                final int t = tailAt;
                final LongVector keepBits = LongVector.fromArray(LS, keep, 0);
                wj = DoubleVector.fromArray(S, wTail, 0);
                a0 = DoubleVector.fromArray(S, x, o0 + t).viewAsIntegralLanes().and(keepBits).viewAsFloatingLanes()
                        .fma(wj, a0);
                a1 = DoubleVector.fromArray(S, x, o1 + t).viewAsIntegralLanes().and(keepBits).viewAsFloatingLanes()
                        .fma(wj, a1);
                a2 = DoubleVector.fromArray(S, x, o2 + t).viewAsIntegralLanes().and(keepBits).viewAsFloatingLanes()
                        .fma(wj, a2);
                a3 = DoubleVector.fromArray(S, x, o3 + t).viewAsIntegralLanes().and(keepBits).viewAsFloatingLanes()
                        .fma(wj, a3);
            }
            out[k] = b + a0.reduceLanes(VectorOperators.ADD);
            out[k + 1] = b + a1.reduceLanes(VectorOperators.ADD);
            out[k + 2] = b + a2.reduceLanes(VectorOperators.ADD);
            out[k + 3] = b + a3.reduceLanes(VectorOperators.ADD);
        }

        /** One row's margin: the same expression as {@link #margins4}. */
        private double margin(int o) {
            DoubleVector acc = DoubleVector.fromArray(S, x, o).mul(DoubleVector.fromArray(S, w, 0));
            for (int j = L; j < pv; j += L) {
                acc = DoubleVector.fromArray(S, x, o + j).fma(DoubleVector.fromArray(S, w, j), acc);
            }
            if (hasTail) {
                acc = DoubleVector.fromArray(S, x, o + tailAt).viewAsIntegralLanes()
                        .and(LongVector.fromArray(LS, keep, 0)).viewAsFloatingLanes()
                        .fma(DoubleVector.fromArray(S, wTail, 0), acc);
            }
            return b + acc.reduceLanes(VectorOperators.ADD);
        }

        /** Adds {@code d[k]·x} of the rows at positions {@code gs + k}, {@code k ∈ [from, to)}, to the gradient. */
        private void gradient(int gs, int from, int to) {
            final double[] x = this.x;
            final double[] d = this.d;
            final double[] g = this.g;
            final int t = tailAt;
            DoubleVector g0 = DoubleVector.zero(S);
            DoubleVector g1 = g0;
            DoubleVector gt = g0;
            final int to4 = from + ((to - from) & ~3);
            for (int k = from; k < to4; k += 4) {
                final int o0 = offset(gs + k);
                final int o1 = offset(gs + k + 1);
                final int o2 = offset(gs + k + 2);
                final int o3 = offset(gs + k + 3);
                final DoubleVector d0 = DoubleVector.broadcast(S, d[k]);
                final DoubleVector d1 = DoubleVector.broadcast(S, d[k + 1]);
                final DoubleVector d2 = DoubleVector.broadcast(S, d[k + 2]);
                final DoubleVector d3 = DoubleVector.broadcast(S, d[k + 3]);
                g0 = g0.add(DoubleVector.fromArray(S, x, o1).fma(d1, DoubleVector.fromArray(S, x, o0).mul(d0))
                        .add(DoubleVector.fromArray(S, x, o3).fma(d3, DoubleVector.fromArray(S, x, o2).mul(d2))));
                if (nc > 1) {
                    g1 = g1.add(DoubleVector.fromArray(S, x, o1 + L).fma(d1, DoubleVector.fromArray(S, x, o0 + L).mul(d0))
                            .add(DoubleVector.fromArray(S, x, o3 + L).fma(d3, DoubleVector.fromArray(S, x, o2 + L).mul(d2))));
                }
                for (int j = 2 * L; j < pv; j += L) {
                    DoubleVector s01 = DoubleVector.fromArray(S, x, o1 + j).fma(d1, DoubleVector.fromArray(S, x, o0 + j).mul(d0));
                    DoubleVector s23 = DoubleVector.fromArray(S, x, o3 + j).fma(d3, DoubleVector.fromArray(S, x, o2 + j).mul(d2));
                    DoubleVector.fromArray(S, g, j).add(s01.add(s23)).intoArray(g, j);
                }
                if (hasTail) {
                    // lanes repeating earlier columns land in gTail lanes that are never read
                    gt = gt.add(DoubleVector.fromArray(S, x, o1 + t).fma(d1, DoubleVector.fromArray(S, x, o0 + t).mul(d0))
                            .add(DoubleVector.fromArray(S, x, o3 + t).fma(d3, DoubleVector.fromArray(S, x, o2 + t).mul(d2))));
                }
            }
            for (int k = to4; k < to; k++) {
                final int o = offset(gs + k);
                final DoubleVector dk = DoubleVector.broadcast(S, d[k]);
                g0 = DoubleVector.fromArray(S, x, o).fma(dk, g0);
                if (nc > 1) {
                    g1 = DoubleVector.fromArray(S, x, o + L).fma(dk, g1);
                }
                for (int j = 2 * L; j < pv; j += L) {
                    DoubleVector.fromArray(S, x, o + j).fma(dk, DoubleVector.fromArray(S, g, j)).intoArray(g, j);
                }
                if (hasTail) {
                    gt = DoubleVector.fromArray(S, x, o + t).fma(dk, gt);
                }
            }
            DoubleVector.fromArray(S, g, 0).add(g0).intoArray(g, 0);
            if (nc > 1) {
                DoubleVector.fromArray(S, g, L).add(g1).intoArray(g, L);
            }
            if (hasTail) {
                DoubleVector.fromArray(S, gTail, 0).add(gt).intoArray(gTail, 0);
            }
        }

        /**
         * The gradient of one block and the margins of the next in one loop, four rows of each per
         * iteration, so that the next block's loads (from memory) overlap this block's arithmetic (from L1).
         */
        private void fused(int gs, int glen, int ms, int mlen, double[] out, int at) {
            final double[] x = this.x;
            final double[] d = this.d;
            final double[] w = this.w;
            final double[] g = this.g;
            final int t = tailAt;
            DoubleVector g0 = DoubleVector.zero(S);
            DoubleVector g1 = g0;
            DoubleVector gt = g0;
            final int both = Math.min(mlen, glen) & ~3;
            for (int k = 0; k < both; k += 4) {
                {
                    final int o0 = offset(ms + k);
                    final int o1 = offset(ms + k + 1);
                    final int o2 = offset(ms + k + 2);
                    final int o3 = offset(ms + k + 3);
                    DoubleVector wj = DoubleVector.fromArray(S, w, 0);
                    DoubleVector a0 = DoubleVector.fromArray(S, x, o0).mul(wj);
                    DoubleVector a1 = DoubleVector.fromArray(S, x, o1).mul(wj);
                    DoubleVector a2 = DoubleVector.fromArray(S, x, o2).mul(wj);
                    DoubleVector a3 = DoubleVector.fromArray(S, x, o3).mul(wj);
                    for (int j = L; j < pv; j += L) {
                        wj = DoubleVector.fromArray(S, w, j);
                        a0 = DoubleVector.fromArray(S, x, o0 + j).fma(wj, a0);
                        a1 = DoubleVector.fromArray(S, x, o1 + j).fma(wj, a1);
                        a2 = DoubleVector.fromArray(S, x, o2 + j).fma(wj, a2);
                        a3 = DoubleVector.fromArray(S, x, o3 + j).fma(wj, a3);
                    }
                    if (hasTail) {
                        final LongVector keepBits = LongVector.fromArray(LS, keep, 0);
                        wj = DoubleVector.fromArray(S, wTail, 0);
                        a0 = DoubleVector.fromArray(S, x, o0 + t).viewAsIntegralLanes().and(keepBits)
                                .viewAsFloatingLanes().fma(wj, a0);
                        a1 = DoubleVector.fromArray(S, x, o1 + t).viewAsIntegralLanes().and(keepBits)
                                .viewAsFloatingLanes().fma(wj, a1);
                        a2 = DoubleVector.fromArray(S, x, o2 + t).viewAsIntegralLanes().and(keepBits)
                                .viewAsFloatingLanes().fma(wj, a2);
                        a3 = DoubleVector.fromArray(S, x, o3 + t).viewAsIntegralLanes().and(keepBits)
                                .viewAsFloatingLanes().fma(wj, a3);
                    }
                    out[at + k] = b + a0.reduceLanes(VectorOperators.ADD);
                    out[at + k + 1] = b + a1.reduceLanes(VectorOperators.ADD);
                    out[at + k + 2] = b + a2.reduceLanes(VectorOperators.ADD);
                    out[at + k + 3] = b + a3.reduceLanes(VectorOperators.ADD);
                }
                {
                    final int o0 = offset(gs + k);
                    final int o1 = offset(gs + k + 1);
                    final int o2 = offset(gs + k + 2);
                    final int o3 = offset(gs + k + 3);
                    final DoubleVector d0 = DoubleVector.broadcast(S, d[k]);
                    final DoubleVector d1 = DoubleVector.broadcast(S, d[k + 1]);
                    final DoubleVector d2 = DoubleVector.broadcast(S, d[k + 2]);
                    final DoubleVector d3 = DoubleVector.broadcast(S, d[k + 3]);
                    g0 = g0.add(DoubleVector.fromArray(S, x, o1).fma(d1, DoubleVector.fromArray(S, x, o0).mul(d0))
                            .add(DoubleVector.fromArray(S, x, o3).fma(d3, DoubleVector.fromArray(S, x, o2).mul(d2))));
                    if (nc > 1) {
                        g1 = g1.add(DoubleVector.fromArray(S, x, o1 + L).fma(d1, DoubleVector.fromArray(S, x, o0 + L).mul(d0))
                                .add(DoubleVector.fromArray(S, x, o3 + L).fma(d3, DoubleVector.fromArray(S, x, o2 + L).mul(d2))));
                    }
                    for (int j = 2 * L; j < pv; j += L) {
                        DoubleVector s01 = DoubleVector.fromArray(S, x, o1 + j).fma(d1, DoubleVector.fromArray(S, x, o0 + j).mul(d0));
                        DoubleVector s23 = DoubleVector.fromArray(S, x, o3 + j).fma(d3, DoubleVector.fromArray(S, x, o2 + j).mul(d2));
                        DoubleVector.fromArray(S, g, j).add(s01.add(s23)).intoArray(g, j);
                    }
                    if (hasTail) {
                        gt = gt.add(DoubleVector.fromArray(S, x, o1 + t).fma(d1, DoubleVector.fromArray(S, x, o0 + t).mul(d0))
                                .add(DoubleVector.fromArray(S, x, o3 + t).fma(d3, DoubleVector.fromArray(S, x, o2 + t).mul(d2))));
                    }
                }
            }
            if (both > 0) {
                DoubleVector.fromArray(S, g, 0).add(g0).intoArray(g, 0);
                if (nc > 1) {
                    DoubleVector.fromArray(S, g, L).add(g1).intoArray(g, L);
                }
                if (hasTail) {
                    DoubleVector.fromArray(S, gTail, 0).add(gt).intoArray(gTail, 0);
                }
            }
            final int m4 = mlen & ~3;
            for (int k = both; k < m4; k += 4) {
                margins4(ms + k, out, at + k);
            }
            for (int k = m4; k < mlen; k++) {
                out[at + k] = margin(offset(ms + k));
            }
            if (glen > both) {
                gradient(gs, both, glen);
            }
        }

        /** {@link #step} for rows shorter than a vector: plain loops in column order. */
        private void smallStep(int gs, int glen, int ms, int mlen, double[] out, int at) {
            for (int k = 0; k < mlen; k++) {
                final int o = offset(ms + k);
                double s = 0.0;
                for (int j = 0; j < p; j++) {
                    s += x[o + j] * w[j];
                }
                out[at + k] = b + s;
            }
            for (int k = 0; k < glen; k++) {
                final int o = offset(gs + k);
                final double dk = d[k];
                for (int j = 0; j < p; j++) {
                    g[j] += dk * x[o + j];
                }
            }
        }
    }
}
