package dev.estimator.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;

/** Seeded synthetic problems for engine tests. */
final class Fixtures {

    static final ForkJoinPool POOL = new ForkJoinPool(2);

    private Fixtures() {
    }

    /** Columns x0..x{p-1} ~ N(mean_j, scale_j) and target y from {@code truth} (intercept last) plus noise. */
    static Frame linear(int n, double[] truth, double noise, long seed) {
        int p = truth.length - 1;
        Random r = new Random(seed);
        double[][] cols = new double[p][n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double m = truth[p];
            for (int j = 0; j < p; j++) {
                cols[j][i] = (j + 1) * 0.5 + (1.0 + j % 3) * r.nextGaussian();
                m += truth[j] * cols[j][i];
            }
            y[i] = m + noise * r.nextGaussian();
        }
        return frame(cols, "y", y);
    }

    static Frame logistic(int n, double[] truth, long seed) {
        int p = truth.length - 1;
        Random r = new Random(seed);
        double[][] cols = new double[p][n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double m = truth[p];
            for (int j = 0; j < p; j++) {
                cols[j][i] = r.nextGaussian() * (1 + j % 2) + 0.3 * j;
                m += truth[j] * cols[j][i];
            }
            y[i] = r.nextDouble() < 1.0 / (1.0 + Math.exp(-m)) ? 1.0 : 0.0;
        }
        return frame(cols, "y", y);
    }

    static Frame poisson(int n, double[] truth, long seed) {
        int p = truth.length - 1;
        Random r = new Random(seed);
        double[][] cols = new double[p][n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double m = truth[p];
            for (int j = 0; j < p; j++) {
                cols[j][i] = r.nextGaussian() * 0.5 + 0.1 * j;
                m += truth[j] * cols[j][i];
            }
            y[i] = poissonSample(Math.exp(m), r);
        }
        return frame(cols, "y", y);
    }

    private static double poissonSample(double mean, Random r) {
        double l = Math.exp(-mean);
        int k = 0;
        double prod = r.nextDouble();
        while (prod > l) {
            k++;
            prod *= r.nextDouble();
        }
        return k;
    }

    static Frame frame(double[][] cols, String target, double[] y) {
        List<Frame.Column> columns = new ArrayList<>();
        for (int j = 0; j < cols.length; j++) {
            columns.add(Frame.Column.numeric("x" + j, cols[j]));
        }
        columns.add(Frame.Column.numeric(target, y));
        return new Frame(y.length, columns);
    }

    static DesignSpec spec(ModelKind model) {
        return new DesignSpec("y", List.of(), model, true, true, MissingPolicy.ERROR, DesignSpec.Holdout.NONE, 42);
    }

    /** The design columns of a frame as a row-major n×p array, unstandardized, for reference solvers. */
    static double[][] rows(Frame frame, String target) {
        List<Frame.Column> features = new ArrayList<>();
        for (Frame.Column c : frame.columns()) {
            if (!c.name().equals(target)) {
                features.add(c);
            }
        }
        double[][] x = new double[frame.rows()][features.size()];
        for (int j = 0; j < features.size(); j++) {
            double[] v = features.get(j).values();
            for (int i = 0; i < frame.rows(); i++) {
                x[i][j] = v[i];
            }
        }
        return x;
    }

    static double[] values(FitResult result) {
        double[] v = new double[result.coefficients().size() + 1];
        for (int j = 0; j < result.coefficients().size(); j++) {
            v[j] = result.coefficients().get(j).value();
        }
        v[v.length - 1] = result.intercept() == null ? 0.0 : result.intercept().value();
        return v;
    }

    static FitResult fit(Frame frame, DesignSpec spec, TrainingConfig config) {
        DesignMatrix data = DesignMatrixBuilder.build(frame, spec);
        TrainingOutcome outcome = new Trainer(data, config, POOL).run(TrainingListener.NONE);
        return FitResult.of(data, config, outcome);
    }

    /** max |actual − expected| / max |expected|. */
    static double maxErrorRelativeToLargest(double[] actual, double[] expected) {
        double scale = 0.0;
        double worst = 0.0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        return worst / scale;
    }

    static double maxRelativeError(double[] actual, double[] expected) {
        double scale = 0.0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double worst = 0.0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1e-3 * scale));
        }
        return worst;
    }
}
