package dev.estimator.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CellsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "NA", "na", "Na", "NaN", "nan", "NAN", "null", "NULL", "Null"})
    void missingMarkers(String cell) {
        assertThat(Cells.isMissing(cell.toCharArray(), 0, cell.length())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "N", "NAN0", "nil", "none", "0", "n/a", "nul"})
    void notMissing(String cell) {
        assertThat(Cells.isMissing(cell.toCharArray(), 0, cell.length())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "+2.5", "1e10", "1E-300", ".5", "5.", "123456789012345678901234567890",
        "4.9e-324"})
    void finiteNumbers(String cell) {
        assertThat(Cells.parseFinite(cell.toCharArray(), 0, cell.length())).isEqualTo(Double.parseDouble(cell));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1d", "2f", "Infinity", "-Infinity", "1e400", " 1", "1 ", "abc", "1,5", "--1", "0x10",
        "1e", "."})
    void notFiniteNumbers(String cell) {
        assertThat(Cells.parseFinite(cell.toCharArray(), 0, cell.length())).isNaN();
    }

    @org.junit.jupiter.api.Test
    void parsesWithinALargerBuffer() {
        char[] buf = "xx-12.25yy".toCharArray();
        assertThat(Cells.parseFinite(buf, 2, 6)).isEqualTo(-12.25);
    }
}
