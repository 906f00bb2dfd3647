package dev.estimator.driver;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Base64;

/**
 * A value as Spark read it, turned into the cell text the typing rules read ({@code dev.estimator.engine.CellValues}):
 * what a CSV of the same rows would hold. Numbers print as Java prints them (a double's text parses back to the
 * same double, so statistics are those of the stored values), NaN as {@code NaN} (missing, as in a CSV), infinities
 * as {@code Infinity} (not a finite number: the column is categorical, as an upload of that text would be),
 * decimals in plain notation, binary values in Base64, anything else by its string form; null is missing.
 */
final class SourceCells implements Serializable {

    private static final long serialVersionUID = 1L;

    private SourceCells() {
    }

    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Double d) {
            return Double.toString(d);
        }
        if (value instanceof Float f) {
            return Float.toString(f);
        }
        if (value instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return value.toString();
    }
}
