package dev.estimator.engine;

import java.util.SplittableRandom;

/**
 * The holdout step: which kept rows train and which validate, for a {@link DesignSpec.Holdout}.
 *
 * <p>The local engine sees all rows at once and deals them: a seeded Fisher–Yates shuffle (Durstenfeld 1964)
 * of the kept rows, then the first {@code round(fraction·n)} are held out, or folds are dealt round-robin
 * (negatives before positives for a stratified split, so every fold gets the same class balance). That gives
 * exact fold sizes, but needs every row in one place. Data split over partitions uses
 * {@link #foldOfKey}/{@link #heldOutByKey} instead: each row's fate from a seeded hash of a stable key of the
 * row (such as its file and offset), computable on any block alone, with fold sizes equal only in
 * expectation. The two assignments differ; a dataset is always split one way.
 */
public final class HoldoutAssignment {

    private HoldoutAssignment() {
    }

    /** Positions into the frame's rows, each ascending. */
    public record RowSplit(int[] training, int[] validation) {
    }

    /** Splits the kept rows (ascending frame rows) whose encoded targets are {@code y[kept[k]]}. */
    public static RowSplit split(int[] kept, double[] y, DesignSpec.Holdout holdout, long seed, boolean stratified) {
        if (!holdout.any()) {
            return new RowSplit(kept, new int[0]);
        }
        boolean[] heldOut = new boolean[kept.length];
        if (holdout.fraction() > 0.0) {
            int[] order = identity(kept.length);
            shuffle(order, new SplittableRandom(seed));
            int count = (int) Math.round(holdout.fraction() * kept.length);
            for (int k = 0; k < count; k++) {
                heldOut[order[k]] = true;
            }
        } else {
            double[] targets = new double[kept.length];
            for (int k = 0; k < kept.length; k++) {
                targets[k] = y[kept[k]];
            }
            int[] fold = folds(targets, holdout.folds(), seed, stratified);
            for (int k = 0; k < kept.length; k++) {
                heldOut[k] = fold[k] == holdout.fold();
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
        return new RowSplit(train, valid);
    }

    /**
     * The fold, 0 to {@code folds - 1}, of each row kept for a job (rows dropped by the missing-value policy
     * are not counted), given their encoded targets in row order: the rows are shuffled by {@code seed} and
     * dealt round-robin; when {@code stratified} (logistic models) the negatives are dealt before the
     * positives. A job with {@code validation.folds} holds out the rows of its fold.
     */
    public static int[] folds(double[] targets, int folds, long seed, boolean stratified) {
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be at least 2");
        }
        int[] order = dealOrder(targets, stratified, new SplittableRandom(seed));
        int[] fold = new int[targets.length];
        for (int k = 0; k < order.length; k++) {
            fold[order[k]] = k % folds;
        }
        return fold;
    }

    /**
     * The fold of a row from a stable key of it: {@code SplitMix64(seed, key) mod folds} (Steele, Lea and Flood
     * 2014's finalizer; the high bits, by multiply-shift, so every fold is equally likely). The same key, seed
     * and fold count give the same fold on any machine and in any partitioning.
     */
    public static int foldOfKey(long rowKey, int folds, long seed) {
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be at least 2");
        }
        return (int) Math.multiplyHigh(hash(rowKey, seed) >>> 1, (long) folds << 1);
    }

    /** Whether a row is held out for validation by a seeded hash of its stable key: probability {@code fraction}. */
    public static boolean heldOutByKey(long rowKey, double fraction, long seed) {
        if (!(fraction >= 0.0 && fraction <= 1.0)) {
            throw new IllegalArgumentException("fraction must be in [0, 1]");
        }
        // the top 53 bits as a uniform double in [0, 1)
        return (hash(rowKey, seed) >>> 11) * 0x1.0p-53 < fraction;
    }

    static long hash(long key, long seed) {
        return mix(mix(seed ^ 0x9E3779B97F4A7C15L) + key * 0xBF58476D1CE4E5B9L);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Positions in the order folds are dealt: shuffled, and for a stratified split the negatives then the
     * positives, each shuffled, so dealing round-robin gives every fold the same class balance.
     */
    private static int[] dealOrder(double[] y, boolean stratified, SplittableRandom rng) {
        if (!stratified) {
            int[] order = identity(y.length);
            shuffle(order, rng);
            return order;
        }
        int positives = 0;
        for (double t : y) {
            positives += t == 1.0 ? 1 : 0;
        }
        int[] neg = new int[y.length - positives];
        int[] pos = new int[positives];
        int a = 0;
        int b = 0;
        for (int k = 0; k < y.length; k++) {
            if (y[k] == 1.0) {
                pos[b++] = k;
            } else {
                neg[a++] = k;
            }
        }
        shuffle(neg, rng);
        shuffle(pos, rng);
        int[] order = new int[y.length];
        System.arraycopy(neg, 0, order, 0, neg.length);
        System.arraycopy(pos, 0, order, neg.length, pos.length);
        return order;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Fisher–Yates. */
    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
