package dev.estimator.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.estimator.EstimatorApplication;
import dev.estimator.TestDatabase;
import dev.estimator.TestKeys;
import dev.estimator.job.JobApi;

/**
 * Two instances of the service (two application contexts) on one PostgreSQL database of their own
 * ({@code <test database>_keys}), each with its own key cache: a key revoked on one is refused at once there, and
 * on the other as soon as its listener hears the NOTIFY, and in any case for every request that starts a second
 * or more after the revocation returned (the cache trusts itself only that long past its listener's last round
 * trip).
 */
class KeyRevocationClusterTests {

    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;

    @BeforeAll
    static void instances() {
        String url = TestDatabase.fresh("keys");
        a = start(url, "keys-a");
        b = start(url, "keys-b");
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void aKeyRevokedOnOneInstanceIsRefusedOnTheOtherWithinASecond() throws InterruptedException {
        JobApi adminA = api(a, TestKeys.ADMIN);
        JobApi.Response created = adminA.post("/api/v1/keys", "{\"name\": \"revoked-" + UUID.randomUUID()
                + "\", \"role\": \"user\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String key = created.json().path("key").asString();
        String id = created.json().path("id").asString();
        JobApi userA = api(a, key);
        JobApi userB = api(b, key);

        assertThat(userA.get("/api/v1/datasets").status()).isEqualTo(200);
        assertThat(userB.get("/api/v1/datasets").status()).isEqualTo(200);
        // both instances answer it from their caches now: only a revocation can make them read the table again
        assertThat(a.getBean(KeyCache.class).holds(ApiKeys.hash(key))).isTrue();
        assertThat(b.getBean(KeyCache.class).holds(ApiKeys.hash(key))).isTrue();
        assertThat(userB.get("/api/v1/datasets").status()).isEqualTo(200);

        assertThat(adminA.delete("/api/v1/keys/" + id).status()).isEqualTo(204);
        long revoked = System.nanoTime();
        // at once where it was revoked
        assertThat(userA.get("/api/v1/datasets").status()).isEqualTo(401);
        // on the other instance, once it has heard of it (usually within milliseconds)
        while (userB.get("/api/v1/datasets").status() != 401
                && System.nanoTime() - revoked < TimeUnit.SECONDS.toNanos(1)) {
            Thread.sleep(10);
        }
        long remaining = TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - revoked);
        if (remaining > 0) {
            TimeUnit.NANOSECONDS.sleep(remaining);
        }
        // a second after the revocation returned, whatever the machine's load: refused
        JobApi.Response after = userB.get("/api/v1/datasets");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.header("Content-Type")).startsWith("application/problem+json");
        // and its cache let go of it (the NOTIFY, not a lapse of trust: the listener kept confirming meanwhile)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (b.getBean(KeyCache.class).holds(ApiKeys.hash(key)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(b.getBean(KeyCache.class).holds(ApiKeys.hash(key))).isFalse();
    }

    @Test
    void aKeyCreatedOnOneInstanceWorksAtOnceOnTheOther() {
        JobApi.Response created = api(b, TestKeys.ADMIN).post("/api/v1/keys",
                "{\"name\": \"new-" + UUID.randomUUID() + "\", \"role\": \"user\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(api(a, created.json().path("key").asString()).get("/api/v1/datasets").status()).isEqualTo(200);
    }

    private static ConfigurableApplicationContext start(String url, String instance) {
        return new SpringApplicationBuilder(EstimatorApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + url, "--estimator.jobs.instance-id=" + instance);
    }

    private static JobApi api(ConfigurableApplicationContext context, String key) {
        return new JobApi(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")), key);
    }
}
