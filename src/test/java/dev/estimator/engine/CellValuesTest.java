package dev.estimator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CellValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "NA", "na", "Na", "NaN", "nan", "NAN", "null", "NULL", "Null"})
    void missingMarkers(String cell) {
        assertThat(CellValues.isMissing(cell.toCharArray(), 0, cell.length())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "N", "NAN0", "nil", "none", "0", "n/a", "nul"})
    void notMissing(String cell) {
        assertThat(CellValues.isMissing(cell.toCharArray(), 0, cell.length())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "+2.5", "1e10", "1E-300", ".5", "5.", "123456789012345678901234567890",
        "4.9e-324"})
    void finiteNumbers(String cell) {
        assertThat(CellValues.parseFinite(cell.toCharArray(), 0, cell.length())).isEqualTo(Double.parseDouble(cell));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1d", "2f", "Infinity", "-Infinity", "1e400", " 1", "1 ", "abc", "1,5", "--1", "0x10",
        "1e", "."})
    void notFiniteNumbers(String cell) {
        assertThat(CellValues.parseFinite(cell.toCharArray(), 0, cell.length())).isNaN();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "+0", "-0.000000", "0.5", "-.5", "+5.", "123456789012345", "-0.12345678901234",
        "1.00000000000000000000001", "0.0000000000000000000001", "9007199254740991", "3.14159265358979",
        "0.1", "0.3", "1e5", "1234567890123456", "12345678901234567890123", "0.00000000000000000000001"})
    void theFastPathGivesTheDoubleJavaGives(String cell) {
        double expected = Double.parseDouble(cell);
        double fast = CellValues.parseFinite(cell.toCharArray(), 0, cell.length());
        assertThat(Double.doubleToRawLongBits(fast)).as(cell).isEqualTo(Double.doubleToRawLongBits(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+", ".", "-.", "1.2.3", "1-2", "1e5", "12345678901234567", "1.5f", " 1"})
    void theFastPathLeavesOtherCellsToTheGeneralParser(String cell) {
        assertThat(CellValues.parseSimpleDecimal(cell.toCharArray(), 0, cell.length())).as(cell).isNaN();
    }

    @Test
    void randomDecimalsParseAsJavaParsesThem() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            String cell = switch (i % 4) {
                case 0 -> String.format(Locale.ROOT, "%.6f", random.nextGaussian());
                case 1 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(-10, 12)));
                case 2 -> new BigDecimal(random.nextLong(-999_999_999_999_999L, 999_999_999_999_999L))
                        .movePointLeft(random.nextInt(0, 23)).toPlainString();
                default -> (random.nextBoolean() ? "-" : "") + random.nextLong(0, 1L << 53) / Math.max(1,
                        random.nextLong(1, 1_000_000)) + "." + random.nextInt(0, 100_000);
            };
            double expected = Double.parseDouble(cell);
            assertThat(Double.doubleToRawLongBits(CellValues.parseFinite(cell.toCharArray(), 0, cell.length())))
                    .as(cell).isEqualTo(Double.doubleToRawLongBits(expected));
        }
    }

    @Test
    void parsesWithinALargerBuffer() {
        char[] buf = "xx-12.25yy".toCharArray();
        assertThat(CellValues.parseFinite(buf, 2, 6)).isEqualTo(-12.25);
    }
}
