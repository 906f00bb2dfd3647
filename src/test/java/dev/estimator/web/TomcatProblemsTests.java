package dev.estimator.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.estimator.TestKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors Tomcat answers before the application sees the request are problem+json, never Tomcat's HTML page:
 * sent over a raw socket, since an HTTP client would refuse to send such requests at all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TomcatProblemsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private record Raw(int status, String headers, String body) {

        String header(String name) {
            return headers.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT)
                    + ":")).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(null);
        }
    }

    private Raw send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0;) {
                read.write(buffer, 0, n);
            }
            String text = read.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as(text).isPositive();
            String head = text.substring(0, end);
            String body = text.substring(end + 4);
            if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            int status = Integer.parseInt(head.substring(head.indexOf(' ') + 1, head.indexOf(' ') + 4));
            return new Raw(status, head, body);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int line = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, line).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, line + 2, line + 2 + size);
            at = line + 2 + size + 2;
        }
    }

    private static JsonNode assertProblem(Raw raw, int status) {
        assertThat(raw.status()).as(raw.headers() + "\n" + raw.body()).isEqualTo(status);
        assertThat(raw.header("Content-Type")).as(raw.headers()).startsWith("application/problem+json");
        assertThat(raw.body().toLowerCase(Locale.ROOT)).doesNotContain("<html").doesNotContain("tomcat");
        JsonNode problem = JSON.readTree(raw.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asString()).startsWith(ApiException.TYPE_BASE);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
        return problem;
    }

    @Test
    void aRequestHeaderOverTheLimitIsAProblem() throws IOException {
        // Tomcat's default limit is 8 KiB of request line and headers
        Raw raw = send("GET /api/v1/datasets HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                + TestKeys.bearer(TestKeys.ADMIN) + "\r\nX-Padding: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
        JsonNode problem = assertProblem(raw, 400);
        assertThat(problem.path("detail").asString()).containsIgnoringCase("header");
    }

    @Test
    void aMalformedRequestTargetIsAProblem() throws IOException {
        JsonNode problem = assertProblem(send("GET /api/v1/datasets?x={\"a\"} HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n"), 400);
        assertThat(problem.path("type").asString()).endsWith("/malformed-request");
    }

    @Test
    void aMalformedPercentEncodingIsAProblem() throws IOException {
        assertProblem(send("GET /api/v1/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 400);
    }

    @Test
    void anUnsupportedHttpVersionIsAProblem() throws IOException {
        Raw raw = send("GET /api/v1/datasets HTTP/2.7\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertProblem(raw, raw.status());
        assertThat(raw.status()).isIn(400, 505);
    }

    @Test
    void theApplicationsOwnProblemsAreUnchanged() throws IOException {
        Raw raw = send("GET /api/v1/datasets HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        JsonNode problem = assertProblem(raw, 401);
        assertThat(problem.path("type").asString()).endsWith("/unauthorized");
    }
}
