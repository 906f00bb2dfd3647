package dev.estimator.dataset;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A large CSV produced row by row as it is read, so a test can upload hundreds of megabytes without holding
 * them: {@code columns - 2} numeric columns {@code x0, x1, ...} with two decimals, a categorical column
 * {@code group} of 40 levels and a numeric column {@code sparse} missing on every 997th row. The SHA-256 of
 * the bytes handed out is kept for comparison.
 */
final class GeneratedCsv extends InputStream {

    static final int LEVELS = 40;
    static final int MISSING_EVERY = 997;

    private final long rows;
    private final int columns;
    private final MessageDigest digest;
    private byte[] line;
    private int pos;
    private int len;
    private long row = -1;
    private long bytes;

    GeneratedCsv(long rows, int columns) {
        this.rows = rows;
        this.columns = columns;
        this.line = new byte[64 + 16 * columns];
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cell (row, column) as written, for checking what was stored. */
    static String cell(long row, int column, int columns) {
        if (column == columns - 2) {
            return "g" + (row % LEVELS);
        }
        if (column == columns - 1) {
            return row % MISSING_EVERY == 0 ? "NA" : Long.toString(row % 1000);
        }
        long k = (row * (column + 7) + column * 13L) % 100_003;
        return (k / 100) + "." + (k % 100 < 10 ? "0" : "") + (k % 100);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int n) {
        if (n == 0) {
            return 0;
        }
        int count = 0;
        while (count < n) {
            if (pos == len && !nextLine()) {
                break;
            }
            int part = Math.min(n - count, len - pos);
            System.arraycopy(line, pos, b, off + count, part);
            pos += part;
            count += part;
        }
        if (count == 0) {
            return -1;
        }
        digest.update(b, off, count);
        bytes += count;
        return count;
    }

    private boolean nextLine() {
        if (row >= rows) {
            return false;
        }
        row++;
        len = 0;
        if (row == 0) {
            StringBuilder header = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                header.append(c > 0 ? "," : "")
                        .append(c == columns - 2 ? "group" : c == columns - 1 ? "sparse" : "x" + c);
            }
            append(header.append('\n').toString());
        } else {
            // Written digit by digit: formatting Strings would make the client, not the server, the bottleneck.
            long r = row - 1;
            for (int c = 0; c < columns - 2; c++) {
                long k = (r * (c + 7) + c * 13L) % 100_003;
                appendLong(k / 100);
                line[len++] = '.';
                line[len++] = (byte) ('0' + k % 100 / 10);
                line[len++] = (byte) ('0' + k % 10);
                line[len++] = ',';
            }
            line[len++] = 'g';
            appendLong(r % LEVELS);
            line[len++] = ',';
            if (r % MISSING_EVERY == 0) {
                line[len++] = 'N';
                line[len++] = 'A';
            } else {
                appendLong(r % 1000);
            }
            line[len++] = '\n';
        }
        pos = 0;
        return true;
    }

    private void append(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length > line.length) {
            line = new byte[b.length];
        }
        System.arraycopy(b, 0, line, 0, b.length);
        len = b.length;
    }

    private void appendLong(long v) {
        if (v >= 10) {
            appendLong(v / 10);
        }
        line[len++] = (byte) ('0' + v % 10);
    }

    long bytesRead() {
        return bytes;
    }

    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
