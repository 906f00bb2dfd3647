package dev.estimator.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Margins of {@link VectorKernel}: a row's margin is {@code b} plus the lanes, added in index order
 * ({@link VectorKernel#sum}), of lane-wise products accumulated in a fixed order (a product, then fused
 * multiply-adds in column order, then the tail vector) — the same expression wherever the row lands, so a
 * margin depends neither on blocks nor on the entry point.
 */
abstract class VectorMargins extends VectorRows {

    VectorMargins(double[] x, double[] y, int p, int[] rows, double[] params, Loss loss, boolean gradient, int block) {
        super(x, y, p, rows, params, loss, gradient, block);
    }

    /** {@code out[k] = b + x·w} of the rows at positions {@code start + k}, {@code k < len}. */
    void margins(int start, int len, double[] out) {
        if (small) {
            for (int k = 0; k < len; k++) {
                final int o = offset(start + k);
                double sum = 0.0;
                for (int j = 0; j < p; j++) {
                    sum += x[o + j] * w[j];
                }
                out[k] = b + sum;
            }
        } else if (nc >= 4) {
            for (int k = 0; k < len; k++) {
                out[k] = hasTail ? wideMarginTail(offset(start + k)) : wideMargin(offset(start + k));
            }
        } else {
            int k = 0;
            if (nc >= 2) {
                for (; k + 4 <= len; k += 4) {
                    if (hasTail) {
                        margins4Tail(start + k, out, k);
                    } else {
                        margins4(start + k, out, k);
                    }
                }
            }
            for (; k < len; k++) {
                out[k] = hasTail ? marginTail(offset(start + k)) : margin(offset(start + k));
            }
        }
    }

    // A note on the shape of the methods below. On JDK 17 a vector is kept in registers only while C2 has
    // inlined and intrinsified every Vector API call around it; otherwise each vector becomes an object,
    // thousands per block. Two things were seen to break that: a vector assigned on only one side of a
    // branch (a merge C2 may not unbox once both sides have run) and a method whose intermediate
    // representation grows past C2's inlining budget (the last calls then run their Java fallbacks). So
    // each method has one straight shape: the row layout (tail or not, how many vectors) picks the method
    // in scalar code, and every vector is updated unconditionally. A service that fits many shapes in one
    // JVM exercises all of them; VectorKernelTest's allocation check keeps it so.

    /** One row's margin, rows of one to three whole vectors ({@code L ≤ p < 4L}); as {@link #margins4}. */
    private double margin(int o) {
        DoubleVector acc = DoubleVector.fromArray(S, x, o).mul(DoubleVector.fromArray(S, w, 0));
        for (int j = L; j < pv; j += L) {
            acc = DoubleVector.fromArray(S, x, o + j).fma(DoubleVector.fromArray(S, w, j), acc);
        }
        return b + VectorKernel.sum(acc, lanes);
    }

    /** {@link #margin} for rows with a tail vector; as {@link #margins4Tail}. */
    private double marginTail(int o) {
        DoubleVector acc = DoubleVector.fromArray(S, x, o).mul(DoubleVector.fromArray(S, w, 0));
        for (int j = L; j < pv; j += L) {
            acc = DoubleVector.fromArray(S, x, o + j).fma(DoubleVector.fromArray(S, w, j), acc);
        }
        return b + VectorKernel.sum(DoubleVector.fromArray(S, x, o + tailAt).viewAsIntegralLanes()
                .and(LongVector.fromArray(LS, keep, 0)).viewAsFloatingLanes()
                .fma(DoubleVector.fromArray(S, wTail, 0), acc), lanes);
    }

    /**
     * Margins of the four rows at positions {@code i … i+3} to {@code out[k … k+3]}, rows of two or three
     * whole vectors: four independent chains share each coefficient load.
     */
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
        wj = DoubleVector.fromArray(S, w, L);
        a0 = DoubleVector.fromArray(S, x, o0 + L).fma(wj, a0);
        a1 = DoubleVector.fromArray(S, x, o1 + L).fma(wj, a1);
        a2 = DoubleVector.fromArray(S, x, o2 + L).fma(wj, a2);
        a3 = DoubleVector.fromArray(S, x, o3 + L).fma(wj, a3);
        for (int j = 2 * L; j < pv; j += L) {
            wj = DoubleVector.fromArray(S, w, j);
            a0 = DoubleVector.fromArray(S, x, o0 + j).fma(wj, a0);
            a1 = DoubleVector.fromArray(S, x, o1 + j).fma(wj, a1);
            a2 = DoubleVector.fromArray(S, x, o2 + j).fma(wj, a2);
            a3 = DoubleVector.fromArray(S, x, o3 + j).fma(wj, a3);
        }
        out[k] = b + VectorKernel.sum(a0, lanes);
        out[k + 1] = b + VectorKernel.sum(a1, lanes);
        out[k + 2] = b + VectorKernel.sum(a2, lanes);
        out[k + 3] = b + VectorKernel.sum(a3, lanes);
    }

    /** {@link #margins4} for rows with a tail vector (its lanes repeating earlier columns cleared bitwise). */
    private void margins4Tail(int i, double[] out, int k) {
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
        wj = DoubleVector.fromArray(S, w, L);
        a0 = DoubleVector.fromArray(S, x, o0 + L).fma(wj, a0);
        a1 = DoubleVector.fromArray(S, x, o1 + L).fma(wj, a1);
        a2 = DoubleVector.fromArray(S, x, o2 + L).fma(wj, a2);
        a3 = DoubleVector.fromArray(S, x, o3 + L).fma(wj, a3);
        for (int j = 2 * L; j < pv; j += L) {
            wj = DoubleVector.fromArray(S, w, j);
            a0 = DoubleVector.fromArray(S, x, o0 + j).fma(wj, a0);
            a1 = DoubleVector.fromArray(S, x, o1 + j).fma(wj, a1);
            a2 = DoubleVector.fromArray(S, x, o2 + j).fma(wj, a2);
            a3 = DoubleVector.fromArray(S, x, o3 + j).fma(wj, a3);
        }
        final int t = tailAt;
        final LongVector kb = LongVector.fromArray(LS, keep, 0);
        wj = DoubleVector.fromArray(S, wTail, 0);
        out[k] = b + VectorKernel.sum(DoubleVector.fromArray(S, x, o0 + t).viewAsIntegralLanes().and(kb)
                .viewAsFloatingLanes().fma(wj, a0), lanes);
        out[k + 1] = b + VectorKernel.sum(DoubleVector.fromArray(S, x, o1 + t).viewAsIntegralLanes().and(kb)
                .viewAsFloatingLanes().fma(wj, a1), lanes);
        out[k + 2] = b + VectorKernel.sum(DoubleVector.fromArray(S, x, o2 + t).viewAsIntegralLanes().and(kb)
                .viewAsFloatingLanes().fma(wj, a2), lanes);
        out[k + 3] = b + VectorKernel.sum(DoubleVector.fromArray(S, x, o3 + t).viewAsIntegralLanes().and(kb)
                .viewAsFloatingLanes().fma(wj, a3), lanes);
    }

    /**
     * A wide row's margin ({@code p ≥ 4L}), read strictly in address order — one row after another, so the
     * hardware prefetchers see one sequential stream (four rows side by side measured far slower) — with
     * four accumulation chains for vectors {@code c ≡ 0, 1, 2, 3 (mod 4)} and a fifth for the last
     * {@code nc mod 4}, combined as {@code ((a₀ + a₁) + (a₂ + a₃)) + a₄}.
     */
    private double wideMargin(int o) {
        final double[] x = this.x;
        final double[] w = this.w;
        DoubleVector a0 = DoubleVector.fromArray(S, x, o).mul(DoubleVector.fromArray(S, w, 0));
        DoubleVector a1 = DoubleVector.fromArray(S, x, o + L).mul(DoubleVector.fromArray(S, w, L));
        DoubleVector a2 = DoubleVector.fromArray(S, x, o + 2 * L).mul(DoubleVector.fromArray(S, w, 2 * L));
        DoubleVector a3 = DoubleVector.fromArray(S, x, o + 3 * L).mul(DoubleVector.fromArray(S, w, 3 * L));
        int j = 4 * L;
        for (; j + 4 * L <= pv; j += 4 * L) {
            a0 = DoubleVector.fromArray(S, x, o + j).fma(DoubleVector.fromArray(S, w, j), a0);
            a1 = DoubleVector.fromArray(S, x, o + j + L).fma(DoubleVector.fromArray(S, w, j + L), a1);
            a2 = DoubleVector.fromArray(S, x, o + j + 2 * L).fma(DoubleVector.fromArray(S, w, j + 2 * L), a2);
            a3 = DoubleVector.fromArray(S, x, o + j + 3 * L).fma(DoubleVector.fromArray(S, w, j + 3 * L), a3);
        }
        DoubleVector a4 = DoubleVector.zero(S);
        for (; j < pv; j += L) {
            a4 = DoubleVector.fromArray(S, x, o + j).fma(DoubleVector.fromArray(S, w, j), a4);
        }
        return b + VectorKernel.sum(a0.add(a1).add(a2.add(a3)).add(a4), lanes);
    }

    /** {@link #wideMargin} for rows with a tail vector. */
    private double wideMarginTail(int o) {
        final double[] x = this.x;
        final double[] w = this.w;
        DoubleVector a0 = DoubleVector.fromArray(S, x, o).mul(DoubleVector.fromArray(S, w, 0));
        DoubleVector a1 = DoubleVector.fromArray(S, x, o + L).mul(DoubleVector.fromArray(S, w, L));
        DoubleVector a2 = DoubleVector.fromArray(S, x, o + 2 * L).mul(DoubleVector.fromArray(S, w, 2 * L));
        DoubleVector a3 = DoubleVector.fromArray(S, x, o + 3 * L).mul(DoubleVector.fromArray(S, w, 3 * L));
        int j = 4 * L;
        for (; j + 4 * L <= pv; j += 4 * L) {
            a0 = DoubleVector.fromArray(S, x, o + j).fma(DoubleVector.fromArray(S, w, j), a0);
            a1 = DoubleVector.fromArray(S, x, o + j + L).fma(DoubleVector.fromArray(S, w, j + L), a1);
            a2 = DoubleVector.fromArray(S, x, o + j + 2 * L).fma(DoubleVector.fromArray(S, w, j + 2 * L), a2);
            a3 = DoubleVector.fromArray(S, x, o + j + 3 * L).fma(DoubleVector.fromArray(S, w, j + 3 * L), a3);
        }
        DoubleVector a4 = DoubleVector.zero(S);
        for (; j < pv; j += L) {
            a4 = DoubleVector.fromArray(S, x, o + j).fma(DoubleVector.fromArray(S, w, j), a4);
        }
        return b + VectorKernel.sum(DoubleVector.fromArray(S, x, o + tailAt).viewAsIntegralLanes()
                .and(LongVector.fromArray(LS, keep, 0)).viewAsFloatingLanes()
                .fma(DoubleVector.fromArray(S, wTail, 0), a0.add(a1).add(a2.add(a3)).add(a4)), lanes);
    }
}
