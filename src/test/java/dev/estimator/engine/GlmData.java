package dev.estimator.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;

/** Seeded synthetic data for the models with weights, offsets, Gamma and multinomial targets. */
public final class GlmData {

    private GlmData() {
    }

    /** Features x0..x{p−1}, then the target y, then a weights column w and an offset column o if given. */
    static Frame frame(double[][] cols, double[] y, double[] w, double[] o) {
        List<Frame.Column> columns = new ArrayList<>();
        for (int j = 0; j < cols.length; j++) {
            columns.add(Frame.Column.numeric("x" + j, cols[j]));
        }
        columns.add(Frame.Column.numeric("y", y));
        if (w != null) {
            columns.add(Frame.Column.numeric("w", w));
        }
        if (o != null) {
            columns.add(Frame.Column.numeric("o", o));
        }
        return new Frame(y.length, columns);
    }

    static double[][] features(int n, int p, Random r) {
        double[][] cols = new double[p][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                cols[j][i] = 0.2 * j + (0.5 + 0.25 * j) * r.nextGaussian();
            }
        }
        return cols;
    }

    static double margin(double[][] cols, double[] truth, int i) {
        int p = cols.length;
        double m = truth[p];
        for (int j = 0; j < p; j++) {
            m += truth[j] * cols[j][i];
        }
        return m;
    }

    /** Weights from {0, 0.5, 1, 2, 3.5}: some rows count for nothing, others for several. */
    static double[] weights(int n, Random r) {
        double[] choices = {0.0, 0.5, 1.0, 2.0, 3.5};
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = choices[r.nextInt(choices.length)];
        }
        return w;
    }

    public static Frame linear(int n, double[] truth, long seed, boolean weighted) {
        Random r = new Random(seed);
        double[][] cols = features(n, truth.length - 1, r);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = margin(cols, truth, i) + r.nextGaussian();
        }
        return frame(cols, y, weighted ? weights(n, r) : null, null);
    }

    /** Counts over an exposure in (0.5, 5): y ~ Poisson(exposure·exp(xβ)), offset log(exposure). */
    public static Frame poissonWithExposure(int n, double[] truth, long seed, boolean weighted) {
        Random r = new Random(seed);
        double[][] cols = features(n, truth.length - 1, r);
        double[] y = new double[n];
        double[] o = new double[n];
        for (int i = 0; i < n; i++) {
            double exposure = 0.5 + 4.5 * r.nextDouble();
            o[i] = Math.log(exposure);
            y[i] = poisson(exposure * Math.exp(margin(cols, truth, i)), r);
        }
        return frame(cols, y, weighted ? weights(n, r) : null, o);
    }

    /** y ~ Gamma with mean exp(xβ) and shape {@code shape} (dispersion 1/shape). */
    public static Frame gamma(int n, double[] truth, double shape, long seed) {
        Random r = new Random(seed);
        double[][] cols = features(n, truth.length - 1, r);
        double[] y = new double[n];
        Well19937c rng = new Well19937c(seed);
        for (int i = 0; i < n; i++) {
            double mu = Math.exp(margin(cols, truth, i));
            y[i] = new GammaDistribution(rng, shape, mu / shape).sample();
        }
        return frame(cols, y, weights(n, r), null);
    }

    /**
     * A categorical target with levels {@code a, b, c}: class c ≥ 1 has margin {@code truth[c−1]·(x, 1)},
     * class a margin 0.
     */
    public static Frame multinomial(int n, double[][] truth, long seed, boolean weighted) {
        Random r = new Random(seed);
        int p = truth[0].length - 1;
        double[][] cols = features(n, p, r);
        double[] codes = new double[n];
        for (int i = 0; i < n; i++) {
            double[] e = new double[truth.length + 1];
            double sum = 1.0;
            e[0] = 1.0;
            for (int c = 0; c < truth.length; c++) {
                e[c + 1] = Math.exp(margin(cols, truth[c], i));
                sum += e[c + 1];
            }
            double u = r.nextDouble() * sum;
            int cls = 0;
            while (cls < truth.length && u > e[cls]) {
                u -= e[cls];
                cls++;
            }
            codes[i] = cls;
        }
        List<Frame.Column> columns = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            columns.add(Frame.Column.numeric("x" + j, cols[j]));
        }
        columns.add(Frame.Column.categorical("y", codes, List.of("a", "b", "c")));
        if (weighted) {
            columns.add(Frame.Column.numeric("w", weights(n, r)));
        }
        return new Frame(n, columns);
    }

    private static double poisson(double mean, Random r) {
        double l = Math.exp(-mean);
        int k = 0;
        double prod = r.nextDouble();
        while (prod > l) {
            k++;
            prod *= r.nextDouble();
        }
        return k;
    }

    /** The frame as CSV with a header; categorical values as their levels, numbers in full precision. */
    public static String csv(Frame frame) {
        StringBuilder out = new StringBuilder();
        List<Frame.Column> columns = frame.columns();
        for (int j = 0; j < columns.size(); j++) {
            out.append(j == 0 ? "" : ",").append(columns.get(j).name());
        }
        out.append('\n');
        for (int i = 0; i < frame.rows(); i++) {
            for (int j = 0; j < columns.size(); j++) {
                Frame.Column c = columns.get(j);
                double v = c.values()[i];
                out.append(j == 0 ? "" : ",").append(c.isCategorical() ? c.levels().get((int) v) : Double.toString(v));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The feature columns x0.. as rows, for the references. */
    public static double[][] rows(Frame frame) {
        List<double[]> cols = new ArrayList<>();
        for (Frame.Column c : frame.columns()) {
            if (c.name().startsWith("x")) {
                cols.add(c.values());
            }
        }
        double[][] x = new double[frame.rows()][cols.size()];
        for (int j = 0; j < cols.size(); j++) {
            for (int i = 0; i < frame.rows(); i++) {
                x[i][j] = cols.get(j)[i];
            }
        }
        return x;
    }

    public static double[] column(Frame frame, String name) {
        return frame.column(name) == null ? null : frame.column(name).values();
    }

    static DesignSpec spec(ModelKind model, boolean weights, boolean offset) {
        List<String> features = new ArrayList<>();
        return new DesignSpec("y", features, model, true, true, MissingPolicy.ERROR, DesignSpec.Holdout.NONE, 42,
                weights ? "w" : null, offset ? "o" : null);
    }
}
