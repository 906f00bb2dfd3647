package dev.estimator.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The per-instance key cache on its own: trust, evictions, and a lookup that races a revocation. */
class KeyCacheTests {

    private static final ApiKeys.Holder HOLDER = new ApiKeys.Holder("team", Role.USER, "ci");

    @Test
    void aCacheWithoutAListenerNeverAnswers() {
        KeyCache cache = KeyCache.standalone(true);
        UUID id = UUID.randomUUID();
        cache.put("h", new KeyCache.Entry(id, HOLDER), cache.generation());
        assertThat(cache.holds("h")).isTrue();
        assertThat(cache.get("h")).isNull();
    }

    @Test
    void onASingleInstanceItAnswersUntilTheKeyIsEvicted() {
        KeyCache cache = KeyCache.standalone(false);
        UUID id = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        cache.put("h", new KeyCache.Entry(id, HOLDER), cache.generation());
        cache.put("o", new KeyCache.Entry(other, HOLDER), cache.generation());
        assertThat(cache.get("h").holder()).isEqualTo(HOLDER);

        cache.evict(id);
        assertThat(cache.get("h")).isNull();
        assertThat(cache.get("o")).isNotNull();
    }

    @Test
    void trustLastsASecondPastTheListenersLastRoundTrip() throws InterruptedException {
        KeyCache cache = KeyCache.standalone(true);
        cache.put("h", new KeyCache.Entry(UUID.randomUUID(), HOLDER), cache.generation());
        long roundTrip = System.nanoTime();
        cache.confirmedAt(roundTrip);
        assertThat(cache.get("h")).isNotNull();

        TimeUnit.NANOSECONDS.sleep(roundTrip + KeyCache.TRUST_NANOS - System.nanoTime() + 1);
        assertThat(cache.trusted()).isFalse();
        assertThat(cache.get("h")).isNull();

        cache.confirmedAt(System.nanoTime());
        assertThat(cache.get("h")).isNotNull();
        cache.distrust();
        assertThat(cache.get("h")).isNull();
        assertThat(cache.holds("h")).as("nothing missed while distrusted may come back").isFalse();
    }

    @Test
    void aLookupThatReadTheKeyBeforeARevocationDoesNotStoreIt() {
        KeyCache cache = KeyCache.standalone(false);
        UUID id = UUID.randomUUID();
        // a request reads the row...
        long generation = cache.generation();
        // ...the key is revoked and evicted (nothing cached yet)...
        cache.evict(id);
        // ...and the request stores what it read
        cache.put("h", new KeyCache.Entry(id, HOLDER), generation);
        assertThat(cache.get("h")).isNull();

        cache.put("h", new KeyCache.Entry(id, HOLDER), cache.generation());
        assertThat(cache.get("h")).isNotNull();
    }
}
