package dev.estimator.engine;

/** The portable {@link GradientKernel}: plain loops, used when the Vector API is not available. */
public final class ScalarKernel implements GradientKernel {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public double lossAndGradient(double[] x, double[] y, int p, int from, int to, double[] params, Loss loss,
            double[] grad, Scratch scratch) {
        final int block = GradientKernel.blockRows(p);
        final double[] m = scratch.margins;
        final double[] d = scratch.derivatives;
        double sum = 0.0;
        for (int start = from; start < to; start += block) {
            final int len = Math.min(block, to - start);
            margins(x, p, start, start + len, params, m);
            sum += loss.evaluate(m, y, start, len, d);
            addRows(x, p, start, len, d, grad);
        }
        return sum;
    }

    @Override
    public double lossAndGradient(double[] x, double[] y, int p, int[] rows, int from, int to, double[] params,
            Loss loss, double[] grad, Scratch scratch) {
        final int block = GradientKernel.blockRows(p);
        final double[] m = scratch.margins;
        final double[] d = scratch.derivatives;
        final double[] t = scratch.targets;
        double sum = 0.0;
        for (int start = from; start < to; start += block) {
            final int len = Math.min(block, to - start);
            for (int k = 0; k < len; k++) {
                final int r = rows[start + k];
                m[k] = dot(x, r * p, params, p);
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
    public double loss(double[] x, double[] y, int p, int from, int to, double[] params, Loss loss,
            Scratch scratch) {
        final int block = GradientKernel.blockRows(p);
        final double[] m = scratch.margins;
        final double[] d = scratch.derivatives;
        double sum = 0.0;
        for (int start = from; start < to; start += block) {
            final int len = Math.min(block, to - start);
            margins(x, p, start, start + len, params, m);
            sum += loss.evaluate(m, y, start, len, d);
        }
        return sum;
    }

    @Override
    public void margins(double[] x, int p, int from, int to, double[] params, double[] out) {
        for (int i = from; i < to; i++) {
            out[i - from] = dot(x, i * p, params, p);
        }
    }

    private static double dot(double[] x, int off, double[] params, int p) {
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

    private static void addRows(double[] x, int p, int start, int len, double[] d, double[] grad) {
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
