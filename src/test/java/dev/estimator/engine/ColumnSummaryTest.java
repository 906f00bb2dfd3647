package dev.estimator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The typing rules, one pass against pieces merged in order. */
class ColumnSummaryTest {

    private static final int MAX_LEVELS = 5;

    private static ColumnSummary onePass(List<String> cells, boolean categorical) {
        ColumnSummary s = new ColumnSummary(categorical, MAX_LEVELS);
        cells.forEach(s::accept);
        return s;
    }

    /** The cells cut at the given positions, each piece summarised alone and merged in order into an empty one. */
    private static ColumnSummary merged(List<String> cells, boolean categorical, int... cuts) {
        ColumnSummary total = new ColumnSummary(categorical, MAX_LEVELS);
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : cells.size();
            total.merge(onePass(cells.subList(from, to), categorical));
            from = to;
        }
        return total;
    }

    @Test
    void numericColumnCountsMissingAndComputesStatistics() {
        ColumnSummary s = onePass(List.of("1", "", "NA", "2.5", "null", "-4", "NaN"), false);
        assertThat(s.numeric()).isTrue();
        assertThat(s.missing()).isEqualTo(4);
        assertThat(s.min()).isEqualTo(-4.0);
        assertThat(s.max()).isEqualTo(2.5);
        // exact: mean of 1, 2.5, -4 = -1/6; sample variance = (sum of squares - 3 mean^2) / 2
        assertThat(s.mean()).isCloseTo(-0.5 / 3, org.assertj.core.data.Offset.offset(1e-15));
        double var = (1 + 6.25 + 16 - 3 * (0.5 / 3) * (0.5 / 3)) / 2;
        assertThat(s.std()).isCloseTo(Math.sqrt(var), org.assertj.core.data.Offset.offset(1e-14));
        assertThat(s.levels()).isEmpty();
    }

    @Test
    void oneTextCellMakesTheColumnCategoricalWithSortedLevels() {
        ColumnSummary s = onePass(List.of("3", "b", "", "a", "3", "1d"), false);
        assertThat(s.numeric()).isFalse();
        assertThat(s.levels()).containsExactly("1d", "3", "a", "b");
        assertThat(s.min()).isNull();
        assertThat(s.std()).isNull();
        assertThat(s.missing()).isEqualTo(1);
    }

    @Test
    void declaredCategoricalKeepsNumbersAsLevels() {
        assertThat(onePass(List.of("10", "9", "10"), true).levels()).containsExactly("10", "9");
    }

    @Test
    void tooManyLevelsOnlyWhenTheColumnEndsCategorical() {
        List<String> numbers = List.of("1", "2", "3", "4", "5", "6", "7");
        ColumnSummary numeric = new ColumnSummary(false, MAX_LEVELS);
        assertThat(numbers.stream().allMatch(numeric::accept)).isTrue();
        assertThat(numeric.levelsOverflowed()).isTrue();
        assertThat(numeric.accept("x")).isFalse();

        ColumnSummary text = new ColumnSummary(false, MAX_LEVELS);
        List<Boolean> accepted = new ArrayList<>();
        for (String c : List.of("a", "b", "c", "d", "e", "f")) {
            accepted.add(text.accept(c));
        }
        assertThat(accepted).containsExactly(true, true, true, true, true, false);
    }

    @Test
    void mergedPiecesGiveOnePassCountsExactlyAndMomentsToRounding() {
        SplittableRandom random = new SplittableRandom(11);
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < 4_001; i++) {
            cells.add(random.nextInt(10) == 0 ? "" : Double.toString(1e6 + random.nextGaussian() * 3));
        }
        ColumnSummary one = onePass(cells, false);
        ColumnSummary pieces = merged(cells, false, 1, 700, 701, 2500);
        assertThat(pieces.numeric()).isTrue();
        assertThat(pieces.missing()).isEqualTo(one.missing());
        assertThat(pieces.min()).isEqualTo(one.min());
        assertThat(pieces.max()).isEqualTo(one.max());
        // Welford and Chan's merge round differently; both are within a few ulps of the exact moments
        assertThat(pieces.mean()).isCloseTo(one.mean(), org.assertj.core.data.Offset.offset(1e-12 * Math.abs(one.mean())));
        assertThat(pieces.std()).isCloseTo(one.std(), org.assertj.core.data.Offset.offset(1e-9 * one.std()));
        assertThat(merged(cells, false).mean()).as("one piece merged into an empty summary is copied")
                .isEqualTo(one.mean());
        assertThat(merged(cells, false).std()).isEqualTo(one.std());
    }

    @Test
    void mergedPiecesTypeAndLevelLikeOnePass() {
        List<String> cells = List.of("1", "2", "z", "", "2", "y", "1");
        ColumnSummary pieces = merged(cells, false, 2, 4);
        assertThat(pieces.numeric()).isFalse();
        assertThat(pieces.levels()).containsExactly("1", "2", "y", "z");
        assertThat(pieces.missing()).isEqualTo(1);

        List<String> many = List.of("1", "2", "3", "4", "5", "6", "x");
        ColumnSummary first = onePass(many.subList(0, 6), false);
        assertThat(first.merge(onePass(many.subList(6, 7), false))).as("too many levels once categorical").isFalse();
    }
}
