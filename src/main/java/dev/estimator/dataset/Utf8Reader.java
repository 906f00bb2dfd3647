package dev.estimator.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes strict UTF-8 and drops a leading byte-order mark. Unlike {@code InputStreamReader}, which by
 * default replaces malformed bytes with U+FFFD, a bad byte sequence is a 400 naming its line. The line is
 * counted here, over every character handed out, because the CSV parser reads ahead and cannot tell where
 * the decoder stopped. Line breaks are LF, CR LF or a lone CR, as the parser counts them.
 */
final class Utf8Reader extends Reader {

    private static final char BOM = '\uFEFF';

    private final InputStream in;
    private final boolean countLines;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024).flip();
    private boolean endOfInput;
    private boolean done;
    private boolean atStart = true;
    private long lineBreaks;
    private boolean lastWasCr;

    Utf8Reader(InputStream in) {
        this(in, true);
    }

    private Utf8Reader(InputStream in, boolean countLines) {
        this.in = in;
        this.countLines = countLines;
    }

    /** A reader for input the first pass has already checked: it does not count lines (an error would name line 1). */
    static Utf8Reader withoutLineCount(InputStream in) {
        return new Utf8Reader(in, false);
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            int n = decode(cbuf, off, len);
            if (n < 0) {
                return -1;
            }
            if (atStart) {
                atStart = false;
                if (cbuf[off] == BOM) {
                    System.arraycopy(cbuf, off + 1, cbuf, off, n - 1);
                    n--;
                }
            }
            if (n > 0) {
                countLineBreaks(cbuf, off, n);
                return n;
            }
        }
    }

    /** Decodes at least one character into {@code cbuf}, or returns -1 at the end of the input. */
    private int decode(char[] cbuf, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        CharBuffer out = CharBuffer.wrap(cbuf, off, len);
        while (true) {
            CoderResult result = decoder.decode(bytes, out, endOfInput);
            if (result.isError()) {
                // The characters before the bad bytes may hold line breaks of their own.
                countLineBreaks(cbuf, off, out.position() - off);
                throw CsvProblems.invalidUtf8(lineBreaks + 1);
            }
            if (out.position() > off) {
                return out.position() - off;
            }
            if (result.isOverflow()) {
                // Only possible when len is 1 and the next character is a surrogate pair.
                throw new IllegalArgumentException("read buffer too small for a surrogate pair");
            }
            if (endOfInput) {
                decoder.flush(out);
                done = true;
                return out.position() > off ? out.position() - off : -1;
            }
            fill();
        }
    }

    private void fill() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    private void countLineBreaks(char[] cbuf, int off, int len) {
        if (!countLines || len == 0) {
            return;
        }
        // A LF right after a CR ends the same line; the CR may have ended the previous buffer.
        long breaks = lineBreaks;
        int end = off + len;
        for (int i = off; i < end; i++) {
            char c = cbuf[i];
            if (c <= '\r') {
                if (c == '\r' || c == '\n' && !(i > off ? cbuf[i - 1] == '\r' : lastWasCr)) {
                    breaks++;
                }
            }
        }
        lineBreaks = breaks;
        lastWasCr = cbuf[end - 1] == '\r';
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
