package dev.estimator.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The upload as the first pass reads it: every byte read from the body is counted against the size limit,
 * added to the SHA-256 digest and copied to the spool file the second pass re-reads. Reading stops with a
 * 413 as soon as the count passes the limit, so an oversized body is never read to its end.
 */
final class SpoolingInputStream extends InputStream {

    private final InputStream body;
    private final OutputStream spool;
    private final long maxBytes;
    private final MessageDigest digest;
    private long count;

    SpoolingInputStream(InputStream body, OutputStream spool, long maxBytes) {
        this.body = body;
        this.spool = spool;
        this.maxBytes = maxBytes;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = body.read(b, off, len);
        if (n > 0) {
            count += n;
            if (count > maxBytes) {
                throw CsvProblems.tooLarge(maxBytes);
            }
            digest.update(b, off, n);
            spool.write(b, off, n);
        }
        return n;
    }

    /** Bytes read so far. */
    long count() {
        return count;
    }

    /** Lower-case hex SHA-256 of the bytes read; call once, after the body was read to its end. */
    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() {
        // The body belongs to the caller (the servlet container or the multipart part): it closes it.
    }
}
