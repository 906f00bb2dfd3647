package dev.estimator.engine;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The state of one {@link VectorKernel} call over a row-major block: the block, coefficients, gradient
 * accumulators and block buffers. Rows are addressed by position {@code i}: row {@code i} itself, or
 * {@code rows[i]} for a gathered batch. {@link VectorMargins} computes margins from it, {@link VectorPass}
 * runs the call.
 */
abstract class VectorRows {

    static final VectorSpecies<Double> S = VectorKernel.SPECIES;
    static final int L = S.length();
    static final VectorSpecies<Long> LS = VectorSpecies.of(long.class, S.vectorShape());

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
    final double[] w;
    final double[] wTail;
    final double b;
    /** Lanes of the tail vector that are new columns: all bits set; the others 0. */
    final long[] keep;
    /** Gradient of the columns {@code [0, pv)} (or {@code [0, p)} for short rows). */
    final double[] g;
    /** Gradient of the tail vector's lanes (only the kept lanes are used). */
    final double[] gTail;
    final double[] dsum = new double[1];
    /** A vector's lanes, for {@link VectorKernel#sum}. */
    final double[] lanes = new double[L];
    final int block;
    final double[] m;
    final VectorLosses.Work work;
    final double[] d;

    VectorRows(double[] x, double[] y, int p, int[] rows, double[] params, Loss loss, boolean gradient, int block) {
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
        this.wTail = new double[L];
        this.keep = new long[L];
        if (hasTail) {
            for (int l = L - (p - pv); l < L; l++) {
                keep[l] = -1L;
                wTail[l] = params[tailAt + l];
            }
        }
        this.w = Arrays.copyOf(params, p);
        this.b = params[p];
        this.g = gradient ? new double[small ? p : pv] : null;
        this.gTail = gradient ? new double[L] : null;
        int buffer = (block + L - 1) / L * L;
        this.block = block;
        this.m = new double[buffer];
        this.work = loss == null ? null : new VectorLosses.Work(buffer);
        this.d = new double[buffer];
    }

    final int offset(int i) {
        return (rows == null ? i : rows[i]) * p;
    }
}
