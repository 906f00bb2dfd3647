package dev.estimator.engine;

import jdk.incubator.vector.DoubleVector;

/**
 * One call of {@link VectorKernel}: rows in blocks — the block's margins, its loss lane-wise
 * ({@link VectorLosses}, which also sums the intercept's gradient), then its gradient while its rows are
 * still in cache.
 *
 * <p><b>Gradient.</b> Sweeps over the block's cached rows, four rows a step, each adding
 * {@code (d₁x₁ + d₀x₀) + (d₃x₃ + d₂x₂)} to accumulators that stay in registers for the whole sweep: one
 * sweep for the row's first two vectors, one per further four, one per leftover vector, one for the tail
 * vector. The gradient array is touched once per sweep, never per row.
 */
final class VectorPass extends VectorMargins {

    VectorPass(double[] x, double[] y, int p, int[] rows, double[] params, Loss loss, boolean gradient, int block) {
        super(x, y, p, rows, params, loss, gradient, block);
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

    double run(int from, int to) {
        final boolean gradient = g != null;
        double sum = 0.0;
        for (int start = from; start < to; start += block) {
            int len = Math.min(block, to - start);
            margins(start, len, m);
            sum += lossOf(start, len, d);
            if (gradient) {
                gradient(start, len);
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
     * Adds {@code d[k]·x} of the rows at positions {@code gs + k}, {@code k < len}, to the gradient, in
     * sweeps over the block's cached rows, four rows a step: the row's first two vectors, then four vectors
     * at a time, then one at a time, then its tail vector. Each sweep keeps its accumulators in registers and
     * touches the gradient array once.
     */
    private void gradient(int gs, int len) {
        if (small) {
            for (int k = 0; k < len; k++) {
                final int o = offset(gs + k);
                final double dk = d[k];
                for (int j = 0; j < p; j++) {
                    g[j] += dk * x[o + j];
                }
            }
            return;
        }
        final int len4 = len & ~3;
        if (len4 > 0) {
            int j = 0;
            if (nc >= 2) {
                gradientPair(gs, len4);
                j = 2 * L;
            }
            for (; j + 4 * L <= pv; j += 4 * L) {
                gradientQuad(gs, len4, j);
            }
            for (; j < pv; j += L) {
                gradientOne(gs, len4, j, g, j);
            }
            if (hasTail) {
                gradientOne(gs, len4, tailAt, gTail, 0);
            }
        }
        for (int k = len4; k < len; k++) {
            gradientRow(offset(gs + k), d[k]);
        }
    }

    /**
     * One row's gradient straight into the arrays: the last rows of a block that do not make a group of
     * four.
     */
    private void gradientRow(int o, double dk) {
        final DoubleVector dv = DoubleVector.broadcast(S, dk);
        for (int j = 0; j < pv; j += L) {
            DoubleVector.fromArray(S, x, o + j).fma(dv, DoubleVector.fromArray(S, g, j)).intoArray(g, j);
        }
        if (hasTail) {
            // lanes repeating earlier columns land in gTail lanes that are never read
            DoubleVector.fromArray(S, x, o + tailAt).fma(dv, DoubleVector.fromArray(S, gTail, 0)).intoArray(gTail, 0);
        }
    }

    /** The gradient of the row vectors at {@code 0} and {@code L}, rows {@code [0, len)} (len a multiple of 4). */
    private void gradientPair(int gs, int len) {
        final double[] x = this.x;
        final double[] d = this.d;
        DoubleVector g0 = DoubleVector.zero(S);
        DoubleVector g1 = g0;
        for (int k = 0; k < len; k += 4) {
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
            g1 = g1.add(DoubleVector.fromArray(S, x, o1 + L).fma(d1, DoubleVector.fromArray(S, x, o0 + L).mul(d0))
                    .add(DoubleVector.fromArray(S, x, o3 + L).fma(d3, DoubleVector.fromArray(S, x, o2 + L).mul(d2))));
        }
        DoubleVector.fromArray(S, g, 0).add(g0).intoArray(g, 0);
        DoubleVector.fromArray(S, g, L).add(g1).intoArray(g, L);
    }

    /** The gradient of the row vectors at {@code j, j+L, j+2L, j+3L}. */
    private void gradientQuad(int gs, int len, int j) {
        final double[] x = this.x;
        final double[] d = this.d;
        final int j1 = j + L;
        final int j2 = j + 2 * L;
        final int j3 = j + 3 * L;
        DoubleVector h0 = DoubleVector.zero(S);
        DoubleVector h1 = h0;
        DoubleVector h2 = h0;
        DoubleVector h3 = h0;
        for (int k = 0; k < len; k += 4) {
            final int o0 = offset(gs + k);
            final int o1 = offset(gs + k + 1);
            final int o2 = offset(gs + k + 2);
            final int o3 = offset(gs + k + 3);
            final DoubleVector d0 = DoubleVector.broadcast(S, d[k]);
            final DoubleVector d1 = DoubleVector.broadcast(S, d[k + 1]);
            final DoubleVector d2 = DoubleVector.broadcast(S, d[k + 2]);
            final DoubleVector d3 = DoubleVector.broadcast(S, d[k + 3]);
            h0 = h0.add(DoubleVector.fromArray(S, x, o1 + j).fma(d1, DoubleVector.fromArray(S, x, o0 + j).mul(d0))
                    .add(DoubleVector.fromArray(S, x, o3 + j).fma(d3, DoubleVector.fromArray(S, x, o2 + j).mul(d2))));
            h1 = h1.add(DoubleVector.fromArray(S, x, o1 + j1).fma(d1, DoubleVector.fromArray(S, x, o0 + j1).mul(d0))
                    .add(DoubleVector.fromArray(S, x, o3 + j1).fma(d3, DoubleVector.fromArray(S, x, o2 + j1).mul(d2))));
            h2 = h2.add(DoubleVector.fromArray(S, x, o1 + j2).fma(d1, DoubleVector.fromArray(S, x, o0 + j2).mul(d0))
                    .add(DoubleVector.fromArray(S, x, o3 + j2).fma(d3, DoubleVector.fromArray(S, x, o2 + j2).mul(d2))));
            h3 = h3.add(DoubleVector.fromArray(S, x, o1 + j3).fma(d1, DoubleVector.fromArray(S, x, o0 + j3).mul(d0))
                    .add(DoubleVector.fromArray(S, x, o3 + j3).fma(d3, DoubleVector.fromArray(S, x, o2 + j3).mul(d2))));
        }
        DoubleVector.fromArray(S, g, j).add(h0).intoArray(g, j);
        DoubleVector.fromArray(S, g, j1).add(h1).intoArray(g, j1);
        DoubleVector.fromArray(S, g, j2).add(h2).intoArray(g, j2);
        DoubleVector.fromArray(S, g, j3).add(h3).intoArray(g, j3);
    }

    /**
     * The gradient of the row vector at offset {@code j} into {@code acc[at, at+L)}: a vector of the row,
     * or its tail vector (into {@code gTail}; its lanes repeating earlier columns are never read).
     */
    private void gradientOne(int gs, int len, int j, double[] acc, int at) {
        final double[] x = this.x;
        final double[] d = this.d;
        DoubleVector h = DoubleVector.zero(S);
        for (int k = 0; k < len; k += 4) {
            final int o0 = offset(gs + k);
            final int o1 = offset(gs + k + 1);
            final int o2 = offset(gs + k + 2);
            final int o3 = offset(gs + k + 3);
            h = h.add(DoubleVector.fromArray(S, x, o1 + j).fma(DoubleVector.broadcast(S, d[k + 1]),
                            DoubleVector.fromArray(S, x, o0 + j).mul(DoubleVector.broadcast(S, d[k])))
                    .add(DoubleVector.fromArray(S, x, o3 + j).fma(DoubleVector.broadcast(S, d[k + 3]),
                            DoubleVector.fromArray(S, x, o2 + j).mul(DoubleVector.broadcast(S, d[k + 2])))));
        }
        DoubleVector.fromArray(S, acc, at).add(h).intoArray(acc, at);
    }
}
