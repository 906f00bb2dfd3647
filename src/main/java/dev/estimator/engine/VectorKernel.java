package dev.estimator.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD {@link GradientKernel} on the Vector API (256-bit vectors, {@code L = 4} lanes).
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
 * <p><b>Buffers.</b> A call allocates its own small buffers (coefficients, gradient, a block's margins,
 * derivatives, exponentials and targets: a few KiB, sized for this kernel's blocks; {@link VectorRows}).
 * The gradient is {@link VectorPass}'s, the margins {@link VectorMargins}'.
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
    public Worker worker(DenseBlock block, Loss loss) {
        final double[] x = block.x();
        final double[] y = block.y();
        final int p = block.p();
        return new Worker() {
            @Override
            public double lossAndGradient(int from, int to, double[] params, double[] grad) {
                return run(x, y, p, null, from, to, params, loss, grad);
            }

            @Override
            public double lossAndGradient(int[] rows, int from, int to, double[] params, double[] grad) {
                return run(x, y, p, rows, from, to, params, loss, grad);
            }

            @Override
            public double loss(int from, int to, double[] params) {
                return run(x, y, p, null, from, to, params, loss, null);
            }

            @Override
            public void margins(int from, int to, double[] params, double[] out) {
                if (to > from) {
                    new VectorPass(x, null, p, null, params, null, false, 0).margins(from, to - from, out);
                }
            }
        };
    }

    private static double run(double[] x, double[] y, int p, int[] rows, int from, int to, double[] params,
            Loss loss, double[] grad) {
        if (to <= from) {
            return 0.0;
        }
        VectorPass pass = new VectorPass(x, y, p, rows, params, loss, grad != null, Math.min(blockRows(p), to - from));
        double sum = pass.run(from, to);
        if (grad != null) {
            pass.addGradientTo(grad);
        }
        return sum;
    }
}
