package dev.estimator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The design-matrix steps used one by one, as a partitioned driver uses them: each block of rows written with
 * statistics computed over all training rows gives exactly the rows of the matrix built in one piece; and the
 * key-hashed holdout assignment.
 */
class DesignStepsTest {

    private static Frame frame(int n) {
        SplittableRandom r = new SplittableRandom(3);
        double[] a = new double[n];
        double[] c = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = i % 13 == 5 ? Double.NaN : r.nextDouble(-3.0, 9.0);
            c[i] = i % 17 == 2 ? Double.NaN : r.nextInt(3);
            y[i] = r.nextDouble();
        }
        return new Frame(n, List.of(Frame.Column.numeric("a", a),
                Frame.Column.categorical("c", c, List.of("p", "q", "r")), Frame.Column.numeric("y", y)));
    }

    @Test
    void blocksWrittenWithGlobalStatisticsAreTheRowsOfTheWholeMatrix() {
        Frame frame = frame(1_001);
        DesignSpec spec = new DesignSpec("y", List.of(), ModelKind.LINEAR, true, true, MissingPolicy.IMPUTE_MEAN,
                DesignSpec.Holdout.NONE, 9);
        DesignMatrix whole = DesignMatrixBuilder.build(frame, spec);

        DesignColumns columns = DesignColumns.select(frame, spec);
        double[] y = TargetEncoding.encode(columns.target(), spec.model());
        int[] kept = MissingValues.keptRows(frame.rows(), columns, y, spec.missing());
        MissingValues.Fills fills = MissingValues.fills(columns.features(), kept);
        Frame.Column a = columns.features().get(0);
        Standardization.Statistics stats = Standardization.Statistics.of(a.values(), kept, fills.of(0));
        List<EncodedFeature> encoded = List.of(Standardization.numeric("a", stats, true),
                Standardization.categorical("c", columns.features().get(1).levels(), true));
        assertThat(encoded).isEqualTo(whole.features());

        RowWriter writer = new RowWriter(columns.features(), encoded, fills, y);
        int p = writer.width();
        for (int start = 0; start < kept.length; start += 333) {
            int[] rows = Arrays.copyOfRange(kept, start, Math.min(kept.length, start + 333));
            DenseBlock block = writer.block(rows);
            assertThat(block.x()).containsExactly(Arrays.copyOfRange(whole.x(), start * p, (start + rows.length) * p));
            assertThat(block.y()).containsExactly(Arrays.copyOfRange(whole.y(), start, start + rows.length));
        }
    }

    @Test
    void keyHashedFoldsAreStableUniformAndSeeded() {
        int folds = 5;
        int[] counts = new int[folds];
        int differ = 0;
        for (long key = 0; key < 50_000; key++) {
            int f = HoldoutAssignment.foldOfKey(key, folds, 42);
            assertThat(f).isBetween(0, folds - 1).isEqualTo(HoldoutAssignment.foldOfKey(key, folds, 42));
            counts[f]++;
            differ += f != HoldoutAssignment.foldOfKey(key, folds, 43) ? 1 : 0;
        }
        for (int c : counts) {
            // 10,000 expected per fold; the binomial standard deviation is about 89
            assertThat(c).isBetween(9_550, 10_450);
        }
        assertThat(differ).as("another seed deals other folds").isGreaterThan(35_000);
        assertThatThrownBy(() -> HoldoutAssignment.foldOfKey(1, 1, 42)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyHashedHoldoutKeepsItsFraction() {
        int held = 0;
        for (long key = 0; key < 40_000; key++) {
            held += HoldoutAssignment.heldOutByKey(key * 7919, 0.25, 5) ? 1 : 0;
        }
        // 10,000 expected; the standard deviation is about 87
        assertThat(held).isBetween(9_600, 10_400);
        assertThat(HoldoutAssignment.heldOutByKey(12, 0.0, 5)).isFalse();
        assertThat(HoldoutAssignment.heldOutByKey(12, 1.0, 5)).isTrue();
    }

    @Test
    void theLocalSplitIsTheDealtOne() {
        double[] y = new double[20];
        int[] kept = new int[20];
        for (int i = 0; i < 20; i++) {
            kept[i] = i;
            y[i] = i % 2;
        }
        int[] folds = HoldoutAssignment.folds(y, 4, 11, true);
        HoldoutAssignment.RowSplit split = HoldoutAssignment.split(kept, y, DesignSpec.Holdout.fold(4, 2), 11, true);
        int[] expected = java.util.stream.IntStream.range(0, 20).filter(i -> folds[i] == 2).toArray();
        assertThat(split.validation()).containsExactly(expected);
        assertThat(split.training()).hasSize(20 - expected.length);
        // stratified: dealt round-robin by class, each fold gets 10/4 of each class, rounded up or down
        for (int f = 0; f < 4; f++) {
            final int fold = f;
            long positives = java.util.stream.IntStream.range(0, 20).filter(i -> folds[i] == fold && y[i] == 1.0).count();
            long negatives = java.util.stream.IntStream.range(0, 20).filter(i -> folds[i] == fold && y[i] == 0.0).count();
            assertThat(positives).isBetween(2L, 3L);
            assertThat(negatives).isBetween(2L, 3L);
        }
    }
}
