package dev.estimator.engine;

/**
 * How a cell is read, the same for an uploaded CSV and for a dataset Spark reads (a Parquet value reaches this
 * as its string form): missing markers and finite numbers, straight from a parser's char buffer. A column is
 * numeric when every present cell {@link #parseFinite parses}; see {@link ColumnSummary}.
 */
public final class CellValues {

    /** Up to 18 decimal digits, an integer cannot overflow a long. */
    private static final int MAX_LONG_DIGITS = 18;
    /** The largest of the integers every smaller one of which is an exact double. */
    private static final long MAX_EXACT = 1L << 53;
    /** 10^0 to 10^22: the powers of ten a double holds exactly. */
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private CellValues() {
    }

    /** Empty, {@code NA}, {@code NaN} or {@code null}, in any case. */
    public static boolean isMissing(char[] buf, int off, int len) {
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
    public static double parseFinite(char[] buf, int off, int len) {
        char first = buf[off];
        char last = buf[off + len - 1];
        if (first <= ' ' || !((last >= '0' && last <= '9') || last == '.')) {
            return Double.NaN;
        }
        double simple = parseSimpleDecimal(buf, off, len);
        if (simple == simple) {
            return simple;
        }
        try {
            // Java's own parser (correctly rounded like any other): exponents, long mantissas, hex.
            double v = Double.parseDouble(new String(buf, off, len));
            return Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * Cells such as {@code -12.345678}, the common case, exactly and several times faster than the general
     * parser: an optional sign, digits with at most one point, no exponent, at most 22 digits after the point
     * and at most 18 digits in all, which together make an integer {@code m} at most 2^53. Then {@code m} and
     * {@code 10^k} (k digits after the point) are both exact doubles and one division rounds their quotient
     * correctly: the double {@link Double#parseDouble} gives (Clinger's fast path). Anything else is NaN, left
     * to the general parser.
     */
    public static double parseSimpleDecimal(char[] buf, int off, int len) {
        int end = off + len;
        int i = off;
        boolean negative = false;
        if (i < end && (buf[i] == '-' || buf[i] == '+')) {
            negative = buf[i] == '-';
            i++;
        }
        int start = i;
        long m = 0;
        int d;
        while (i < end && (d = buf[i] - '0') >= 0 && d <= 9) {
            m = m * 10 + d;
            i++;
        }
        int digits = i - start;
        int fraction = 0;
        if (i < end && buf[i] == '.') {
            int point = ++i;
            while (i < end && (d = buf[i] - '0') >= 0 && d <= 9) {
                m = m * 10 + d;
                i++;
            }
            fraction = i - point;
            digits += fraction;
        }
        if (i != end || digits == 0 || digits > MAX_LONG_DIGITS || m > MAX_EXACT || fraction >= POWERS_OF_TEN.length) {
            return Double.NaN;
        }
        double v = (double) m / POWERS_OF_TEN[fraction];
        return negative ? -v : v;
    }

    /** {@link #isMissing(char[], int, int)} of a string; null is missing too. */
    public static boolean isMissing(String cell) {
        return cell == null || isMissing(cell.toCharArray(), 0, cell.length());
    }

    /** {@link #parseFinite(char[], int, int)} of a string; NaN for a missing cell. */
    public static double parseFinite(String cell) {
        return isMissing(cell) ? Double.NaN : parseFinite(cell.toCharArray(), 0, cell.length());
    }

    private static char lower(char c) {
        return (char) (c | 0x20);
    }
}
