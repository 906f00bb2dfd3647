package dev.estimator.engine;

/**
 * Rows of a design matrix as the kernels read them: {@code rows()} rows of {@code p} values, row-major (row
 * {@code i} at {@code x[i·p, i·p + p)}), and their targets {@code y}. The intercept is not stored: kernels add
 * {@code params[p]} to every margin, which saves reading a column of ones every epoch. Shared read-only by
 * the threads of a fit; never modified after it is written.
 */
public record DenseBlock(double[] x, double[] y, int p) {

    public DenseBlock {
        if (p < 0 || (long) y.length * p != x.length) {
            throw new IllegalArgumentException("x must hold rows × p = " + y.length + " × " + p + " values, has "
                    + x.length);
        }
    }

    public int rows() {
        return y.length;
    }
}
