package dev.estimator.driver;

import dev.estimator.engine.CellValues;

/**
 * A cell as training reads it, by the rules an upload and the profiling run use: a value is first turned into the
 * text a CSV of the same rows would hold ({@link SourceCells#text}), then read by {@link CellValues}, so that the
 * columns a job trains on are typed, filled and encoded exactly as the dataset's profile describes them.
 */
final class Cells {

    private Cells() {
    }

    /** Null, or one of an upload's missing markers. */
    static boolean missing(Object value) {
        return value == null || CellValues.isMissing(SourceCells.text(value));
    }

    /** The cell as a finite number, or NaN when an upload would not read it as one. */
    static double number(Object value) {
        return CellValues.parseFinite(SourceCells.text(value));
    }

    /** A categorical cell's text, as its level is named. */
    static String text(Object value) {
        return SourceCells.text(value);
    }
}
