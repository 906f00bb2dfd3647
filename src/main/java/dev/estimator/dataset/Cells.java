package dev.estimator.dataset;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

/** How a CSV cell is read: missing markers and numbers, straight from the parser's char buffer. */
final class Cells {

    private Cells() {
    }

    /** Empty, {@code NA}, {@code NaN} or {@code null}, in any case. */
    static boolean isMissing(char[] buf, int off, int len) {
        switch (len) {
            case 0:
                return true;
            case 2:
                return lower(buf[off]) == 'n' && lower(buf[off + 1]) == 'a';
            case 3:
                return lower(buf[off]) == 'n' && lower(buf[off + 1]) == 'a' && lower(buf[off + 2]) == 'n';
            case 4:
                return lower(buf[off]) == 'n' && lower(buf[off + 1]) == 'u' && lower(buf[off + 2]) == 'l'
                        && lower(buf[off + 3]) == 'l';
            default:
                return false;
        }
    }

    /**
     * The cell as a finite double, or NaN when it is not one. Java's number syntax also admits surrounding
     * whitespace, type suffixes ({@code 1d}, {@code 2f}) and {@code Infinity}; a cell must start with a
     * non-blank and end in a digit or a point, so {@code "1d"} stays a categorical value as a reader of the
     * file would expect. The check also spares the exception for most non-numbers.
     */
    static double parseFinite(char[] buf, int off, int len) {
        char first = buf[off];
        char last = buf[off + len - 1];
        if (first <= ' ' || !((last >= '0' && last <= '9') || last == '.')) {
            return Double.NaN;
        }
        try {
            double v = JavaDoubleParser.parseDouble(buf, off, len);
            return Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static char lower(char c) {
        return (char) (c | 0x20);
    }
}
