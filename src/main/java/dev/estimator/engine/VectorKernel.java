package dev.estimator.engine;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD {@link GradientKernel} on the Vector API ({@link DoubleVector#SPECIES_PREFERRED}, {@code L} lanes).
 *
 * <p><b>Rows.</b> A row of {@code p ≥ L} values is {@code nc = ⌊p/L⌋} whole vectors from its start and, when
 * {@code L} does not divide {@code p}, one more vector ending at the row's end ({@code x[o+p−L, o+p)}:
 * always inside the row, so no masked load and no read past the array). The lanes of that tail vector that
 * repeat columns already covered are cleared bitwise (so even ±∞/NaN there become 0) and meet a zero
 * coefficient. Rows shorter than a vector ({@code p < L}) use scalar loops.
 *
 * <p><b>Margins.</b> A row's margin is {@code b} plus one horizontal sum of lane-wise products accumulated
 * in a fixed order (a product, then fused multiply-adds in column order, then the tail vector); the same
 * expression wherever the row lands, so a margin depends neither on blocks nor on the entry point. Rows of
 * two or three vectors go four at a time — four independent chains sharing each coefficient load. Wider
 * rows ({@code p ≥ 4L}) go one at a time with four chains each, so that the matrix is read strictly in
 * address order: four wide rows side by side are four interleaved streams, which the hardware prefetchers
 * serve far worse (measured on 200,000×100, one thread: about 21 ms side by side, 13 ms in order).
 *
 * <p><b>Blocks.</b> Rows go in blocks of about {@value #BLOCK_BYTES} bytes (at least 32 rows while that
 * stays within L2): the block's margins, then its loss, lane-wise ({@link VectorLosses}), which also sums
 * the intercept's gradient, then its gradient while its rows are still in cache — each row is read from
 * memory once. (Interleaving the next block's margins with this block's gradient in one loop, to overlap
 * the stream with arithmetic, measured slower, as did 256-bit margins.)
 *
 * <p><b>Gradient.</b> Sweeps over the block's cached rows, four rows a step, each adding
 * {@code (d₁x₁ + d₀x₀) + (d₃x₃ + d₂x₂)} to accumulators that stay in registers for the whole sweep: one
 * sweep for the row's first two vectors, one per further four, one per leftover vector, one for the tail
 * vector. The gradient array is touched once per sweep, never per row.
 *
 * <p><b>Buffers.</b> A call allocates its own small buffers (coefficients, gradient, a block's margins,
 * derivatives, exponentials and targets: a few KiB, sized for this kernel's blocks), so {@link Scratch} is
 * not used.
 *
 * <p><b>Determinism.</b> Results depend only on the arguments: blocks, groups, sweeps and lanes are combined
 * in a fixed order, and only operations whose result the Java specification fixes are used (lane-wise add,
 * mul, fma, div, min, max, compares, blends and bit operations) — see {@link VectorLosses} on why not SVML
 * {@code exp}/{@code log}. A vector's lanes are added by {@link #sum} in index order, never by
 * {@code reduceLanes(ADD)}, whose order the Vector API leaves open (C2 on newer JDKs reorders it). The shape
 * is fixed at 256 bits ({@code L = 4}) whatever the hardware prefers, so machines with wider registers give
 * the same bits; a machine without 256-bit vectors gets the scalar kernel.
 *
 * <p><b>Warm-up.</b> Until C2 has compiled it, the Vector API runs Java fallbacks that allocate an object
 * per operation: the first few hundred milliseconds of use are far slower than the scalar kernel.
 */
final class VectorKernel implements GradientKernel {

    /** Fixed, not {@code SPECIES_PREFERRED}: the lane count decides the order of additions, hence the bits. */
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Double> S = SPECIES;
    private static final int L = S.length();
    private static final VectorSpecies<Long> LS = VectorSpecies.of(long.class, S.vectorShape());
    /** Target bytes of matrix a block. */
    static final int BLOCK_BYTES = 8192;
    /** Largest block (bytes) that the minimum of 32 rows may reach: the rows must still be in L2. */
    private static final int MAX_BLOCK_BYTES = 128 * 1024;

    private VectorKernel() {
    }

    static GradientKernel create() {
        if (DoubleVector.SPECIES_PREFERRED.vectorBitSize() < SPECIES.vectorBitSize()) {
            return null; // 256-bit vectors would run as slow Java fallbacks
        }
        return new VectorKernel();
    }

    /**
     * The lanes of {@code v} added in index order, {@code ((v₀ + v₁) + v₂) + v₃}, through {@code buf} (at least
     * {@code L} long): an order the Java specification fixes, unlike {@code reduceLanes(ADD)}'s.
     */
    static double sum(DoubleVector v, double[] buf) {
        v.intoArray(buf, 0);
        double s = buf[0];
        for (int l = 1; l < L; l++) {
            s += buf[l];
        }
        return s;
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
            Pass pass = new Pass(x, null, p, null, params, null, false, 0);
            pass.margins(from, to - from, out);
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
     * One call's state: coefficients, gradient accumulators and block buffers. Rows are addressed by
     * position {@code i}: row {@code i} itself, or {@code rows[i]} for a gathered batch.
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
        /** A vector's lanes, for {@link #sum}. */
        final double[] lanes = new double[L];
        final int block;
        final double[] m;
        final VectorLosses.Work work;
        final double[] d;

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
            return b + sum(acc, lanes);
        }

        /** {@link #margin} for rows with a tail vector; as {@link #margins4Tail}. */
        private double marginTail(int o) {
            DoubleVector acc = DoubleVector.fromArray(S, x, o).mul(DoubleVector.fromArray(S, w, 0));
            for (int j = L; j < pv; j += L) {
                acc = DoubleVector.fromArray(S, x, o + j).fma(DoubleVector.fromArray(S, w, j), acc);
            }
            return b + sum(DoubleVector.fromArray(S, x, o + tailAt).viewAsIntegralLanes()
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
            out[k] = b + sum(a0, lanes);
            out[k + 1] = b + sum(a1, lanes);
            out[k + 2] = b + sum(a2, lanes);
            out[k + 3] = b + sum(a3, lanes);
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
            out[k] = b + sum(DoubleVector.fromArray(S, x, o0 + t).viewAsIntegralLanes().and(kb)
                    .viewAsFloatingLanes().fma(wj, a0), lanes);
            out[k + 1] = b + sum(DoubleVector.fromArray(S, x, o1 + t).viewAsIntegralLanes().and(kb)
                    .viewAsFloatingLanes().fma(wj, a1), lanes);
            out[k + 2] = b + sum(DoubleVector.fromArray(S, x, o2 + t).viewAsIntegralLanes().and(kb)
                    .viewAsFloatingLanes().fma(wj, a2), lanes);
            out[k + 3] = b + sum(DoubleVector.fromArray(S, x, o3 + t).viewAsIntegralLanes().and(kb)
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
            return b + sum(a0.add(a1).add(a2.add(a3)).add(a4), lanes);
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
            return b + sum(DoubleVector.fromArray(S, x, o + tailAt).viewAsIntegralLanes()
                    .and(LongVector.fromArray(LS, keep, 0)).viewAsFloatingLanes()
                    .fma(DoubleVector.fromArray(S, wTail, 0), a0.add(a1).add(a2.add(a3)).add(a4)), lanes);
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
}
