package dev.estimator.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.estimator.domain.DomainException;

class Utf8ReaderTest {

    @Test
    void decodesMultiByteCharactersSplitAcrossReadsAndDropsTheBom() throws IOException {
        String text = "\uFEFFnamé,😀\r\nß,日本\n";
        // One byte at a time: every multi-byte sequence is split between reads.
        assertThat(readAll(new Utf8Reader(trickle(text.getBytes(StandardCharsets.UTF_8)))))
                .isEqualTo(text.substring(1));
    }

    @Test
    void keepsABomThatIsNotAtTheStart() throws IOException {
        assertThat(readAll(new Utf8Reader(stream("a\uFEFF")))).isEqualTo("a\uFEFF");
    }

    @Test
    void namesTheLineOfTheFirstInvalidByte() {
        assertInvalidAt(bytes("a\r\nb\rc\nd", 0xff), 4);
        assertInvalidAt(bytes("\r\n\r\n", 0xc3, 0x28), 3);
        // Overlong encoding of '/', and a lone continuation byte.
        assertInvalidAt(bytes("x\n", 0xc0, 0xaf), 2);
        assertInvalidAt(bytes("", 0x80), 1);
        // Truncated at the end of the input.
        assertInvalidAt(bytes("x\ny\nz", 0xe6, 0x97), 3);
    }

    private static void assertInvalidAt(byte[] input, long line) {
        assertThatThrownBy(() -> readAll(new Utf8Reader(trickle(input))))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("csv-invalid-utf8");
                    assertThat(e.facts()).containsEntry("line", line);
                });
    }

    private static byte[] bytes(String prefix, int... tail) {
        byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        for (int i = 0; i < tail.length; i++) {
            all[head.length + i] = (byte) tail[i];
        }
        return all;
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    private static String readAll(Reader reader) throws IOException {
        StringWriter out = new StringWriter();
        char[] buf = new char[3];
        for (int n; (n = reader.read(buf, 0, buf.length)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toString();
    }
}
