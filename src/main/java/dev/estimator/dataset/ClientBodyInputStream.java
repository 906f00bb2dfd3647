package dev.estimator.dataset;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body whose read failures are the client's: a dropped connection or a timed-out upload becomes a
 * 400 "upload interrupted" instead of an internal error. Failures of our own I/O (the spool file, the
 * database) are not wrapped and stay 500s.
 */
final class ClientBodyInputStream extends FilterInputStream {

    ClientBodyInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw interrupted(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            throw interrupted(e);
        }
    }

    private static RuntimeException interrupted(IOException cause) {
        RuntimeException e = CsvProblems.interrupted();
        e.initCause(cause);
        return e;
    }
}
