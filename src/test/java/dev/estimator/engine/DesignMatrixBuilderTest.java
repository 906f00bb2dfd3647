package dev.estimator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DesignMatrixBuilderTest {

    private static final double NA = Double.NaN;

    /** price ~ rooms + ocean(3 levels) with a missing room count in row 2 and a missing level in row 4. */
    private static Frame houses() {
        return new Frame(6, List.of(
                Frame.Column.numeric("rooms", new double[] {3, 4, NA, 2, 5, 4}),
                Frame.Column.categorical("ocean", new double[] {0, 1, 2, 1, NA, 0}, List.of("INLAND", "NEAR BAY", "NEAR OCEAN")),
                Frame.Column.numeric("price", new double[] {10, 12, 11, 7, 15, 13})));
    }

    private static DesignSpec spec(MissingPolicy missing, boolean intercept, boolean standardize) {
        return new DesignSpec("price", List.of("rooms", "ocean"), ModelKind.LINEAR, intercept, standardize, missing,
                DesignSpec.Holdout.NONE, 1);
    }

    @Test
    void errorPolicyNamesTheFirstColumnAndRow() {
        assertThatThrownBy(() -> DesignMatrixBuilder.build(houses(), spec(MissingPolicy.ERROR, true, true)))
                .isInstanceOfSatisfying(MissingValuesException.class, e -> {
                    assertThat(e.column()).isEqualTo("rooms");
                    assertThat(e.row()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("rooms").contains("row 3");
                });
    }

    @Test
    void skipDropsRowsAndOneHotDropsTheFirstLevel() {
        DesignMatrix m = DesignMatrixBuilder.build(houses(), spec(MissingPolicy.SKIP, true, false));
        assertThat(m.trainingRows()).isEqualTo(4);
        assertThat(m.skippedRows()).isEqualTo(2);
        assertThat(m.columnNames()).containsExactly("rooms", "ocean=NEAR BAY", "ocean=NEAR OCEAN");
        assertThat(m.x()).containsExactly(
                3, 0, 0,
                4, 1, 0,
                2, 1, 0,
                4, 0, 0);
        assertThat(m.y()).containsExactly(10, 12, 7, 13);
    }

    @Test
    void withoutInterceptEveryLevelGetsAColumn() {
        DesignMatrix m = DesignMatrixBuilder.build(houses(), spec(MissingPolicy.SKIP, false, false));
        assertThat(m.columnNames()).containsExactly("rooms", "ocean=INLAND", "ocean=NEAR BAY", "ocean=NEAR OCEAN");
    }

    @Test
    void imputeMeanFillsTheMeanAndTheMostFrequentLevel() {
        DesignMatrix m = DesignMatrixBuilder.build(houses(), spec(MissingPolicy.IMPUTE_MEAN, true, false));
        assertThat(m.trainingRows()).isEqualTo(6);
        assertThat(m.x()[2 * 3]).isEqualTo((3 + 4 + 2 + 5 + 4) / 5.0);
        // levels 0 and 1 both appear twice: the first most frequent, INLAND (the baseline), is used.
        assertThat(m.x()[4 * 3 + 1]).isEqualTo(0.0);
        assertThat(m.x()[4 * 3 + 2]).isEqualTo(0.0);
    }

    @Test
    void standardizesNumericColumnsWithTrainingRowStatistics() {
        DesignMatrix m = DesignMatrixBuilder.build(houses(), spec(MissingPolicy.SKIP, true, true));
        double mean = 0;
        double sq = 0;
        for (int i = 0; i < 4; i++) {
            mean += m.x()[i * 3];
        }
        for (int i = 0; i < 4; i++) {
            sq += m.x()[i * 3] * m.x()[i * 3];
        }
        assertThat(mean).isCloseTo(0, within(1e-12));
        assertThat(sq / 3).isCloseTo(1, within(1e-12));
        assertThat(m.features().get(0).center()).isEqualTo(13 / 4.0);
        // indicators are left alone
        assertThat(m.x()[1 * 3 + 1]).isEqualTo(1.0);
    }

    @Test
    void rejectsBadSpecs() {
        Frame f = houses();
        assertThatThrownBy(() -> DesignMatrixBuilder.build(f, new DesignSpec("nope", List.of(), ModelKind.LINEAR, true,
                true, MissingPolicy.SKIP, null, 1))).hasMessageContaining("nope");
        assertThatThrownBy(() -> DesignMatrixBuilder.build(f, new DesignSpec("price", List.of("price"), ModelKind.LINEAR,
                true, true, MissingPolicy.SKIP, null, 1))).hasMessageContaining("cannot also be a feature");
        assertThatThrownBy(() -> DesignMatrixBuilder.build(f, new DesignSpec("price", List.of("rooms"), ModelKind.LOGISTIC,
                true, true, MissingPolicy.SKIP, null, 1))).hasMessageContaining("0 and 1");
        assertThatThrownBy(() -> DesignMatrixBuilder.build(f, new DesignSpec("ocean", List.of("rooms"), ModelKind.LINEAR,
                true, true, MissingPolicy.SKIP, null, 1))).hasMessageContaining("categorical");
        assertThatThrownBy(() -> DesignMatrixBuilder.build(f, new DesignSpec("ocean", List.of("rooms"), ModelKind.LOGISTIC,
                true, true, MissingPolicy.SKIP, null, 1))).hasMessageContaining("3 levels");
    }

    @Test
    void holdoutFractionAndStratifiedFoldsPartitionTheRows() {
        Frame frame = Fixtures.logistic(1_000, new double[] {1.0, -1.0, -1.5}, 3);
        DesignSpec fraction = new DesignSpec("y", List.of(), ModelKind.LOGISTIC, true, true, MissingPolicy.ERROR,
                DesignSpec.Holdout.fraction(0.25), 8);
        DesignMatrix m = DesignMatrixBuilder.build(frame, fraction);
        assertThat(m.validationRows()).isEqualTo(250);
        assertThat(m.trainingRows()).isEqualTo(750);

        double positives = 0;
        for (double v : frame.column("y").values()) {
            positives += v;
        }
        int validated = 0;
        for (int fold = 0; fold < 5; fold++) {
            DesignMatrix f = DesignMatrixBuilder.build(frame, new DesignSpec("y", List.of(), ModelKind.LOGISTIC, true,
                    true, MissingPolicy.ERROR, DesignSpec.Holdout.fold(5, fold), 8));
            validated += f.validationRows();
            double foldPositives = 0;
            for (int i = f.trainingRows(); i < f.rows(); i++) {
                foldPositives += f.y()[i];
            }
            assertThat(foldPositives).isCloseTo(positives / 5, within(1.0));
        }
        assertThat(validated).isEqualTo(1_000);
    }

    @Test
    void logisticCategoricalTargetMakesTheSecondLevelPositive() {
        Frame frame = new Frame(4, List.of(
                Frame.Column.numeric("x", new double[] {1, 2, 3, 4}),
                Frame.Column.categorical("label", new double[] {0, 1, 1, 0}, List.of("no", "yes"))));
        DesignMatrix m = DesignMatrixBuilder.build(frame, new DesignSpec("label", List.of(), ModelKind.LOGISTIC, true,
                false, MissingPolicy.ERROR, null, 1));
        assertThat(m.y()).containsExactly(0, 1, 1, 0);
    }

    @Test
    void predictorUsesOriginalScaleCoefficientsAndLevels() {
        Frame frame = new Frame(8, List.of(
                Frame.Column.numeric("rooms", new double[] {1, 2, 3, 4, 1, 2, 3, 5}),
                Frame.Column.categorical("ocean", new double[] {0, 0, 1, 1, 2, 2, 0, 1}, List.of("A", "B", "C")),
                Frame.Column.numeric("price", new double[] {3, 5, 9, 11, 6, 8, 7, 13})));
        DesignSpec spec = new DesignSpec("price", List.of("rooms", "ocean"), ModelKind.LINEAR, true, true,
                MissingPolicy.ERROR, null, 1);
        FitResult fit = Fixtures.fit(frame, spec, TrainingConfig.builder(ModelKind.LINEAR).learningRate(0.3)
                .tolerance(0).maxIterations(5000).build());
        // exact: price = 1 + 2·rooms + 2·[B] + 3·[C]
        Predictor predictor = Predictor.of(DesignMatrixBuilder.build(frame, spec), fit);
        assertThat(predictor.predict(Map.of("rooms", 10, "ocean", "C"))).isCloseTo(1 + 20 + 3, within(1e-8));
        assertThat(predictor.predict(Map.of("rooms", 10, "ocean", "A"))).isCloseTo(21, within(1e-8));
        assertThatThrownBy(() -> predictor.predict(Map.of("rooms", 1, "ocean", "Z"))).hasMessageContaining("'Z'");
        assertThatThrownBy(() -> predictor.predict(Map.of("ocean", "A"))).hasMessageContaining("rooms");
    }
}
