package dev.estimator.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.jwk.RSAKey;

import dev.estimator.job.JobApi;

/**
 * {@code jwt} mode with an identity provider that accepts connections and never answers: a well-formed token
 * cannot be checked, which is the service's trouble, not the client's. It gets a 503 problem with
 * {@code Retry-After} (not a 401, and not the container's 500), and a request without a token is still a 401.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "estimator.security.mode=jwt")
class JwtProviderDownTests {

    static final ServerSocket SILENT = silentServer();
    static final List<Socket> HELD = new CopyOnWriteArrayList<>();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void jwkSetUri(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + SILENT.getLocalPort() + "/jwks");
    }

    @AfterAll
    static void stop() throws IOException {
        SILENT.close();
        for (Socket s : HELD) {
            s.close();
        }
    }

    @Test
    void aTokenThatCannotBeCheckedIs503WithRetryAfter() {
        RSAKey key = JwtModeTests.rsaKey("unreachable-provider");
        JobApi.Response response = new JobApi(port, JwtModeTests.token(key, "alice", List.of(), 300))
                .get("/api/v1/datasets");
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.header("Retry-After")).isEqualTo(String.valueOf(SecurityProblems.RETRY_AFTER_SECONDS));
        assertThat(response.json().path("type").asString()).endsWith("/credentials-unverifiable");

        JobApi.Response anonymous = new JobApi(port, null).get("/api/v1/datasets");
        assertThat(anonymous.status()).isEqualTo(401);
    }

    /** Accepts every connection and holds it open without a byte of answer. */
    private static ServerSocket silentServer() {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        HELD.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-jwks");
            accept.setDaemon(true);
            accept.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
