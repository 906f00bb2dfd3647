package dev.estimator.security;

import static dev.estimator.security.SecurityTests.assertNotFound;
import static dev.estimator.security.SecurityTests.assertUnauthorized;
import static dev.estimator.security.SecurityTests.ids;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import dev.estimator.job.JobApi;
import dev.estimator.job.JobApi.Response;

/**
 * {@code jwt} mode, with actuator on a management port of its own (as the chart runs it). Tokens are signed
 * with a test RSA key whose public half a JDK HTTP server on the loopback serves as a JWK set; the owner is
 * the token's {@code sub}, an administrator has {@code admin} in the nested claim {@code realm_access.roles}.
 * Its own application context (another mode, another port layout).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "estimator.security.mode=jwt",
        "estimator.security.jwt.admin-claim=realm_access.roles",
        "management.server.port=0"})
class JwtModeTests {

    static final String CSV = SecurityTests.CSV;
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final RSAKey SIGNING = rsaKey("test-signing");
    static final RSAKey STRANGER = rsaKey("test-signing");
    static final HttpServer JWKS = jwkServer();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void jwkSetUri(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks");
    }

    @AfterAll
    static void stopJwks() {
        JWKS.stop(0);
    }

    @Test
    void theOwnerIsTheSubjectAndOwnersAreIsolated() {
        JobApi alice = new JobApi(port, token(SIGNING, "alice-" + UUID.randomUUID(), List.of(), 300));
        JobApi bob = new JobApi(port, token(SIGNING, "bob-" + UUID.randomUUID(), List.of("reader"), 300));
        JobApi admin = new JobApi(port, token(SIGNING, "root-" + UUID.randomUUID(), List.of("admin"), 300));

        UUID dataset = alice.upload("alice.csv", CSV);
        UUID job = alice.accepted(SecurityTests.spec(dataset));
        assertThat(alice.awaitFinished(job, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");

        assertNotFound(bob.get("/api/v1/datasets/" + dataset));
        assertNotFound(bob.delete("/api/v1/datasets/" + dataset));
        assertNotFound(bob.get("/api/v1/jobs/" + job));
        assertNotFound(bob.post("/api/v1/jobs/" + job + "/cancel", ""));
        assertNotFound(bob.post("/api/v1/jobs/" + job + "/predictions", "{\"rows\": [{\"x\": 1}]}"));
        assertThat(bob.submit(SecurityTests.spec(dataset)).errorFields()).containsExactly("datasetId");
        assertThat(ids(bob.get("/api/v1/datasets?size=100"))).doesNotContain(dataset.toString());
        assertThat(ids(bob.get("/api/v1/jobs?size=100"))).doesNotContain(job.toString());

        assertThat(ids(alice.get("/api/v1/jobs?size=100"))).containsExactly(job.toString());
        assertThat(admin.get("/api/v1/jobs/" + job).status()).isEqualTo(200);
        assertThat(ids(admin.get("/api/v1/datasets?size=100"))).contains(dataset.toString());
        assertThat(bob.get("/api/v1/keys").status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/keys").status()).isEqualTo(200);
        assertThat(alice.delete("/api/v1/datasets/" + dataset).status()).isEqualTo(204);
    }

    @Test
    void aTokenThatIsForgedExpiredOrAnApiKeyIs401() {
        assertUnauthorized(new JobApi(port, null).get("/api/v1/datasets"), false);
        assertUnauthorized(new JobApi(port, token(STRANGER, "mallory", List.of("admin"), 300))
                .get("/api/v1/datasets"), true);
        assertUnauthorized(new JobApi(port, token(SIGNING, "late", List.of(), -120)).get("/api/v1/datasets"), true);
        // the suite's API key is configured, but this mode takes tokens only
        assertUnauthorized(new JobApi(port).get("/api/v1/datasets"), true);
    }

    @Test
    void prometheusIsOnTheManagementPortOnlyAndOpenThere() {
        assertThat(managementPort).isNotEqualTo(port);
        JobApi management = new JobApi(managementPort, null);
        Response scrape = management.get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body()).contains("estimator_jobs_queued");
        assertThat(management.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertUnauthorized(management.get("/actuator/metrics"), false);
        String admin = token(SIGNING, "root", List.of("admin"), 300);
        assertThat(new JobApi(managementPort, admin).get("/actuator/metrics").status()).isEqualTo(200);

        // the API's port does not serve actuator at all, whoever asks
        assertUnauthorized(new JobApi(port, null).get("/actuator/prometheus"), false);
        assertThat(new JobApi(port, admin).get("/actuator/prometheus").status()).isEqualTo(404);
        assertThat(new JobApi(port, admin).get("/actuator/health").status()).isEqualTo(404);
    }

    /** A token of {@code subject}, signed with {@code key}, expiring {@code seconds} from now (negative: past). */
    static String token(RSAKey key, String subject, List<String> roles, long seconds) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).issueTime(Date.from(now.minusSeconds(600)))
                .expirationTime(Date.from(now.plusSeconds(seconds)))
                .claim("realm_access", Map.of("roles", roles)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    static RSAKey rsaKey(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves the public half of {@link #SIGNING} at /jwks on a free loopback port. */
    private static HttpServer jwkServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] body = new JWKSet(SIGNING.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
