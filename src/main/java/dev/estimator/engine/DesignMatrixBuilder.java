package dev.estimator.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds the {@link DesignMatrix} of a job from a {@link Frame}: checks the columns against the model,
 * applies the missing-value policy, holds out validation rows by seed, standardizes numeric features
 * with their training-row mean and sample standard deviation, and writes the rows once.
 */
public final class DesignMatrixBuilder {

    private DesignMatrixBuilder() {
    }

    public static DesignMatrix build(Frame frame, DesignSpec spec) {
        Frame.Column target = frame.column(spec.target());
        if (target == null) {
            throw new DesignException("target column '" + spec.target() + "' does not exist");
        }
        RowColumns extras = new RowColumns(frame, spec);
        List<Frame.Column> features = featureColumns(frame, spec, extras);
        double[] y = encodeTarget(target, spec.model());

        List<Frame.Column> checked = new ArrayList<>(features);
        checked.addAll(extras.used());
        int[] kept = keptRows(frame.rows(), target, y, checked, spec.missing());
        if (kept.length == 0) {
            throw new NoRowsLeftException("no rows left to train on after applying missing=" + spec.missing().name().toLowerCase());
        }
        int[][] split = split(kept, y, spec);
        int[] train = split[0];
        int[] valid = split[1];
        if (train.length == 0) {
            throw new DesignException("no training rows left after holding out validation rows");
        }
        // Fill values come from the training rows only, so validation rows do not leak into the fit.
        double[] fill = spec.missing() == MissingPolicy.IMPUTE_MEAN ? fillValues(features, train) : null;

        List<EncodedFeature> encoded = new ArrayList<>();
        int p = 0;
        for (int f = 0; f < features.size(); f++) {
            Frame.Column c = features.get(f);
            EncodedFeature e;
            if (c.isCategorical()) {
                int first = spec.fitIntercept() ? 1 : 0;
                e = new EncodedFeature(c.name(), true, c.levels(), first, 0.0, 1.0);
            } else {
                double[] stats = spec.standardize() ? meanAndStd(c.values(), train, fill == null ? Double.NaN : fill[f])
                        : new double[] {0.0, 1.0};
                double center = spec.fitIntercept() ? stats[0] : 0.0;
                double scale = stats[1] > 0.0 && Double.isFinite(stats[1]) ? stats[1] : 1.0;
                e = new EncodedFeature(c.name(), false, List.of(), 0, center, scale);
            }
            encoded.add(e);
            p += e.width();
        }
        long total = (long) (train.length + valid.length) * p;
        if (total > Integer.MAX_VALUE - 16) {
            throw new DesignException("the design matrix would hold " + total + " values, more than one job can fit ("
                    + (Integer.MAX_VALUE - 16) + ")");
        }

        double[] x = new double[(int) total];
        double[] yOut = new double[train.length + valid.length];
        int at = 0;
        at = writeRows(x, yOut, at, train, y, features, encoded, fill, p);
        writeRows(x, yOut, at, valid, y, features, encoded, fill, p);
        return new DesignMatrix(x, yOut, p, train.length, valid.length, frame.rows() - kept.length,
                spec.fitIntercept(), spec.model(), spec.target(), encoded,
                RowColumns.gather(extras.weights, train, valid), RowColumns.gather(extras.offset, train, valid),
                spec.model() == ModelKind.MULTINOMIAL ? target.levels() : List.of(),
                spec.weights(), spec.offset());
    }

    private static List<Frame.Column> featureColumns(Frame frame, DesignSpec spec, RowColumns extras) {
        List<Frame.Column> out = new ArrayList<>();
        if (spec.features().isEmpty()) {
            for (Frame.Column c : frame.columns()) {
                if (!c.name().equals(spec.target()) && !extras.contains(c.name())) {
                    out.add(c);
                }
            }
            return out;
        }
        Set<String> seen = new HashSet<>();
        for (String name : spec.features()) {
            if (name.equals(spec.target())) {
                throw new DesignException("the target '" + name + "' cannot also be a feature");
            }
            if (!seen.add(name)) {
                throw new DesignException("feature '" + name + "' is listed twice");
            }
            Frame.Column c = frame.column(name);
            if (c == null) {
                throw new DesignException("feature column '" + name + "' does not exist");
            }
            out.add(c);
        }
        return out;
    }

    /** The target as doubles: 0/1 for logistic (second level positive), NaN where missing. */
    static double[] encodeTarget(Frame.Column target, ModelKind model) {
        double[] v = target.values();
        String name = target.name();
        switch (model) {
            case LINEAR, HUBER -> {
                if (target.isCategorical()) {
                    throw new DesignException("target '" + name + "' is categorical; a " + model.name().toLowerCase()
                            + " model needs a numeric target");
                }
            }
            case POISSON -> {
                if (target.isCategorical()) {
                    throw new DesignException("target '" + name + "' is categorical; a poisson model needs counts >= 0");
                }
                for (double t : v) {
                    if (t < 0.0) {
                        throw new DesignException("target '" + name + "' has negative values; a poisson model needs values >= 0");
                    }
                }
            }
            case GAMMA -> {
                if (target.isCategorical()) {
                    throw new DesignException("target '" + name + "' is categorical; a gamma model needs values > 0");
                }
                for (double t : v) {
                    if (t <= 0.0) {
                        throw new DesignException("target '" + name + "' has values <= 0; a gamma model needs values > 0");
                    }
                }
            }
            case MULTINOMIAL -> {
                if (!target.isCategorical() || target.levels().size() < 2) {
                    throw new DesignException("target '" + name + "' is not categorical with at least 2 levels; a "
                            + "multinomial model needs one");
                }
            }
            case LOGISTIC -> {
                if (target.isCategorical()) {
                    if (target.levels().size() != 2) {
                        throw new DesignException("target '" + name + "' has " + target.levels().size()
                                + " levels; a logistic model needs exactly 2");
                    }
                } else {
                    for (double t : v) {
                        if (!Double.isNaN(t) && t != 0.0 && t != 1.0) {
                            throw new DesignException("target '" + name + "' has values other than 0 and 1; a logistic "
                                    + "model needs a 0/1 or two-level target");
                        }
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
        return v;
    }

    private static int[] keptRows(int rows, Frame.Column target, double[] y, List<Frame.Column> features,
            MissingPolicy policy) {
        if (policy == MissingPolicy.ERROR) {
            long firstRow = Long.MAX_VALUE;
            String firstColumn = null;
            List<Frame.Column> used = new ArrayList<>();
            used.add(target);
            used.addAll(features);
            for (Frame.Column c : used) {
                double[] v = c.values();
                for (int i = 0; i < rows && i < firstRow; i++) {
                    if (Double.isNaN(v[i])) {
                        firstRow = i;
                        firstColumn = c.name();
                        break;
                    }
                }
            }
            if (firstColumn != null) {
                throw new MissingValuesException(firstColumn, firstRow);
            }
        }
        boolean[] drop = new boolean[rows];
        for (int i = 0; i < rows; i++) {
            drop[i] = Double.isNaN(y[i]);
        }
        if (policy == MissingPolicy.SKIP) {
            for (Frame.Column c : features) {
                double[] v = c.values();
                for (int i = 0; i < rows; i++) {
                    drop[i] |= Double.isNaN(v[i]);
                }
            }
        }
        int n = 0;
        int[] kept = new int[rows];
        for (int i = 0; i < rows; i++) {
            if (!drop[i]) {
                kept[n++] = i;
            }
        }
        return Arrays.copyOf(kept, n);
    }

    /** Per feature: its mean over the given rows that have a value, or its most frequent level's code. */
    private static double[] fillValues(List<Frame.Column> features, int[] rows) {
        double[] fill = new double[features.size()];
        for (int f = 0; f < features.size(); f++) {
            Frame.Column c = features.get(f);
            double[] v = c.values();
            if (c.isCategorical()) {
                long[] counts = new long[Math.max(1, c.levels().size())];
                for (int i : rows) {
                    if (!Double.isNaN(v[i])) {
                        counts[(int) v[i]]++;
                    }
                }
                int mode = 0;
                for (int k = 1; k < counts.length; k++) {
                    if (counts[k] > counts[mode]) {
                        mode = k;
                    }
                }
                fill[f] = mode;
            } else {
                double sum = 0.0;
                long n = 0;
                for (int i : rows) {
                    if (!Double.isNaN(v[i])) {
                        sum += v[i];
                        n++;
                    }
                }
                fill[f] = n == 0 ? 0.0 : sum / n;
            }
        }
        return fill;
    }

    /** {training rows, validation rows}, each in ascending order. */
    private static int[][] split(int[] kept, double[] y, DesignSpec spec) {
        DesignSpec.Holdout h = spec.holdout();
        if (!h.any()) {
            return new int[][] {kept, new int[0]};
        }
        boolean[] heldOut = new boolean[kept.length];
        SplittableRandom rng = new SplittableRandom(spec.seed());
        if (h.fraction() > 0.0) {
            int[] order = identity(kept.length);
            shuffle(order, rng);
            int count = (int) Math.round(h.fraction() * kept.length);
            for (int k = 0; k < count; k++) {
                heldOut[order[k]] = true;
            }
        } else {
            double[] targets = new double[kept.length];
            for (int k = 0; k < kept.length; k++) {
                targets[k] = y[kept[k]];
            }
            int[] fold = foldAssignment(targets, h.folds(), spec.seed(),
                    spec.model() == ModelKind.LOGISTIC || spec.model() == ModelKind.MULTINOMIAL);
            for (int k = 0; k < kept.length; k++) {
                heldOut[k] = fold[k] == h.fold();
            }
        }
        int v = 0;
        for (boolean b : heldOut) {
            v += b ? 1 : 0;
        }
        int[] train = new int[kept.length - v];
        int[] valid = new int[v];
        int t = 0;
        int w = 0;
        for (int k = 0; k < kept.length; k++) {
            if (heldOut[k]) {
                valid[w++] = kept[k];
            } else {
                train[t++] = kept[k];
            }
        }
        return new int[][] {train, valid};
    }

    /**
     * The fold, 0 to {@code folds - 1}, of each row that is kept for a job (rows dropped by the missing-value
     * policy are not counted), given their encoded targets in row order: the rows are shuffled by {@code seed}
     * and dealt round-robin; when {@code stratified} (logistic models) the negatives are dealt before the
     * positives, for multinomial class by class, so every fold gets the same class balance. A job with {@code validation.folds} holds out the
     * rows of its fold.
     */
    public static int[] foldAssignment(double[] targets, int folds, long seed, boolean stratified) {
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be at least 2");
        }
        int[] order = foldOrder(identity(targets.length), targets, stratified, new SplittableRandom(seed));
        int[] fold = new int[targets.length];
        for (int k = 0; k < order.length; k++) {
            fold[order[k]] = k % folds;
        }
        return fold;
    }

    /**
     * Positions into {@code kept} in the order folds are dealt: shuffled, and for a stratified split class by
     * class in ascending order of the class code (for logistic: the negatives, then the positives), each class
     * shuffled in turn, so dealing round-robin gives every fold the same class balance.
     */
    private static int[] foldOrder(int[] kept, double[] y, boolean stratified, SplittableRandom rng) {
        if (!stratified) {
            int[] order = identity(kept.length);
            shuffle(order, rng);
            return order;
        }
        java.util.TreeMap<Double, List<Integer>> byClass = new java.util.TreeMap<>();
        for (int k = 0; k < kept.length; k++) {
            byClass.computeIfAbsent(y[kept[k]], c -> new ArrayList<>()).add(k);
        }
        int[] order = new int[kept.length];
        int at = 0;
        for (List<Integer> members : byClass.values()) {
            int[] group = members.stream().mapToInt(Integer::intValue).toArray();
            shuffle(group, rng);
            System.arraycopy(group, 0, order, at, group.length);
            at += group.length;
        }
        return order;
    }

    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Fisher–Yates. */
    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Mean and sample standard deviation over the rows, a missing value counting as {@code fill}. */
    private static double[] meanAndStd(double[] v, int[] rows, double fill) {
        double mean = 0.0;
        double m2 = 0.0;
        long n = 0;
        for (int i : rows) {
            double value = Double.isNaN(v[i]) ? fill : v[i];
            n++;
            double delta = value - mean;
            mean += delta / n;
            m2 += delta * (value - mean);
        }
        double std = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0.0;
        return new double[] {mean, std};
    }

    private static int writeRows(double[] x, double[] yOut, int at, int[] rows, double[] y,
            List<Frame.Column> features, List<EncodedFeature> encoded, double[] fill, int p) {
        int col = 0;
        for (int f = 0; f < features.size(); f++) {
            double[] v = features.get(f).values();
            EncodedFeature e = encoded.get(f);
            double fillValue = fill == null ? Double.NaN : fill[f];
            if (e.categorical()) {
                int first = e.firstLevel();
                int width = e.width();
                for (int r = 0; r < rows.length; r++) {
                    double code = v[rows[r]];
                    if (Double.isNaN(code)) {
                        code = fillValue;
                    }
                    int level = (int) code - first;
                    if (level >= 0 && level < width) {
                        x[(at + r) * p + col + level] = 1.0;
                    }
                }
                col += width;
            } else {
                double c = e.center();
                double inv = 1.0 / e.scale();
                for (int r = 0; r < rows.length; r++) {
                    double value = v[rows[r]];
                    if (Double.isNaN(value)) {
                        value = fillValue;
                    }
                    x[(at + r) * p + col] = (value - c) * inv;
                }
                col += 1;
            }
        }
        for (int r = 0; r < rows.length; r++) {
            yOut[at + r] = y[rows[r]];
        }
        return at + rows.length;
    }
}
