package dev.estimator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Weights and offset columns under the missing-value policies, bad weights, and stratified multinomial folds. */
class RowColumnsTest {

    private static Frame frame(double[] w, double[] o) {
        double[] x = {1, 2, 3, 4, 5, 6};
        double[] y = {1, 0, 2, 1, 3, 2};
        return new Frame(6, List.of(Frame.Column.numeric("x", x), Frame.Column.numeric("y", y),
                Frame.Column.numeric("w", w), Frame.Column.numeric("o", o)));
    }

    private static DesignSpec spec(MissingPolicy missing) {
        return new DesignSpec("y", List.of(), ModelKind.POISSON, true, false, missing, DesignSpec.Holdout.NONE, 1,
                "w", "o");
    }

    @Test
    void missingWeightsAndOffsetsFollowThePolicy() {
        Frame frame = frame(new double[] {1, Double.NaN, 2, 1, 1, 1}, new double[] {0, 0, 0, Double.NaN, 0.5, 0});
        assertThatThrownBy(() -> DesignMatrixBuilder.build(frame, spec(MissingPolicy.ERROR)))
                .isInstanceOf(MissingValuesException.class).hasMessageContaining("'w'");
        DesignMatrix skipped = DesignMatrixBuilder.build(frame, spec(MissingPolicy.SKIP));
        assertThat(skipped.rows()).isEqualTo(4);
        assertThat(skipped.skippedRows()).isEqualTo(2);
        assertThat(skipped.weights()).containsExactly(1, 2, 1, 1);
        assertThat(skipped.offsets()).containsExactly(0, 0, 0.5, 0);
        assertThat(skipped.columnNames()).containsExactly("x");
        DesignMatrix imputed = DesignMatrixBuilder.build(frame, spec(MissingPolicy.IMPUTE_MEAN));
        assertThat(imputed.weights()).containsExactly(1, 1.2, 2, 1, 1, 1);
        assertThat(imputed.offsets()).containsExactly(0, 0, 0, 0.1, 0.5, 0);
    }

    @Test
    void badWeightsAndColumnsAreRefusedNamingTheColumn() {
        Frame negative = frame(new double[] {1, -1, 1, 1, 1, 1}, new double[6]);
        assertThatThrownBy(() -> DesignMatrixBuilder.build(negative, spec(MissingPolicy.ERROR)))
                .isInstanceOf(DesignException.class).hasMessageContaining("'w'").hasMessageContaining("negative");
        Frame zero = frame(new double[6], new double[6]);
        DesignMatrix data = DesignMatrixBuilder.build(zero, spec(MissingPolicy.ERROR));
        assertThatThrownBy(() -> new Trainer(data, TrainingConfig.builder(ModelKind.POISSON).build(), Fixtures.POOL))
                .isInstanceOf(DesignException.class).hasMessageContaining("add up to 0");
        DesignSpec weightsAsFeature = new DesignSpec("y", List.of("x", "w"), ModelKind.POISSON, true, false,
                MissingPolicy.ERROR, DesignSpec.Holdout.NONE, 1, "w", null);
        assertThatThrownBy(() -> DesignMatrixBuilder.build(negative, weightsAsFeature))
                .isInstanceOf(DesignException.class).hasMessageContaining("weights column 'w'");
    }

    @Test
    void multinomialFoldsAreStratifiedByClass() {
        int n = 300;
        double[] targets = new double[n];
        for (int i = 0; i < n; i++) {
            targets[i] = i < 150 ? 0 : i < 240 ? 1 : 2; // 150, 90 and 60 rows
        }
        int[] fold = HoldoutAssignment.folds(targets, 3, 7, true);
        int[][] counts = new int[3][3];
        for (int i = 0; i < n; i++) {
            counts[fold[i]][(int) targets[i]]++;
        }
        for (int f = 0; f < 3; f++) {
            assertThat(counts[f]).containsExactly(50, 30, 20);
        }
    }
}
