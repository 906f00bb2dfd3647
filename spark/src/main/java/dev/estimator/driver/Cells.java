package dev.estimator.driver;

import java.util.Locale;

/** A cell as the upload reads one: missing markers, numbers and levels. */
final class Cells {

    private Cells() {
    }

    /** Null, empty, {@code NA}, {@code NaN} or {@code null} in any case: the upload's missing markers. */
    static boolean missing(Object value) {
        if (value == null) {
            return true;
        }
        if (value instanceof Double d) {
            return d.isNaN();
        }
        if (value instanceof Float f) {
            return f.isNaN();
        }
        if (!(value instanceof String s)) {
            return false;
        }
        String l = s.toLowerCase(Locale.ROOT);
        return l.isEmpty() || l.equals("na") || l.equals("nan") || l.equals("null");
    }

    /** The cell as a finite number, or NaN when it is not one (a text must start and end as a number does). */
    static double number(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : Double.NaN;
        }
        if (value instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        String s = value.toString();
        char first = s.charAt(0);
        char last = s.charAt(s.length() - 1);
        if (first <= ' ' || !((last >= '0' && last <= '9') || last == '.')) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A categorical cell's text. */
    static String text(Object value) {
        return value.toString();
    }
}
