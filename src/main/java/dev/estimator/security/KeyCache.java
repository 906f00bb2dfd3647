package dev.estimator.security;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Stored keys this instance has authenticated, by hash, so that a request need not read the key table.
 * <p>
 * A revocation must still hold at once on the instance that made it and within a second on every other:
 * <ul>
 * <li>the instance that revokes evicts the key itself once the deletion is committed;</li>
 * <li>the others hear of it by a PostgreSQL {@code NOTIFY} ({@link KeyRevocations}), which evicts it;</li>
 * <li>the cache is only trusted up to {@link #TRUST_NANOS} after the listener last proved, by a round trip on
 * its connection, that it had received every notification committed before that round trip began. A listener
 * that is cut off, stalled or not started lets the trust lapse, and every request reads the table again (and
 * fails as any other read while the database is away).</li>
 * </ul>
 * A lookup that raced a revocation (read the row before the deletion committed, stores it after the eviction)
 * would bring the key back: {@link #generation()} counts evictions, and an entry read before one is not stored.
 * On H2 (a single instance) no listener is needed: {@link #trustAlways()}.
 * <p>
 * Unknown keys are not remembered: a new key must work at once, and a stream of made-up keys should not push
 * out the real ones.
 */
@Component
class KeyCache {

    /** Longest a revocation on another instance may go unnoticed here. */
    static final long TRUST_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final int MAX_ENTRIES = 10_000;

    /** A stored key: its id (to evict it by), and who holds it. */
    record Entry(UUID id, ApiKeys.Holder holder) {
    }

    private final Cache<String, Entry> byHash = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();
    private final AtomicLong evictions = new AtomicLong();
    private volatile boolean always;
    // System.nanoTime() until which the cache may answer; Long.MIN_VALUE: not trusted
    private volatile long trustedUntil = Long.MIN_VALUE;

    static KeyCache standalone(boolean onPostgres) {
        KeyCache cache = new KeyCache();
        if (!onPostgres) {
            cache.trustAlways();
        }
        return cache;
    }

    /** The key with this hash if known here and the cache is trusted now, else null. */
    Entry get(String hash) {
        if (!trusted()) {
            return null;
        }
        return byHash.getIfPresent(hash);
    }

    /** Whether the key with this hash is remembered here, trusted or not. */
    boolean holds(String hash) {
        return byHash.getIfPresent(hash) != null;
    }

    /** Read before looking a key up in the table; pass it to {@link #put}. */
    long generation() {
        return evictions.get();
    }

    /** Remembers a key read from the table, unless a key was evicted since {@code generation} was read. */
    void put(String hash, Entry entry, long generation) {
        byHash.put(hash, entry);
        if (evictions.get() != generation) {
            // an eviction ran meanwhile, perhaps of this very key: do not keep what may be stale
            byHash.invalidate(hash);
        }
    }

    void evict(UUID id) {
        evictions.incrementAndGet();
        byHash.asMap().values().removeIf(e -> e.id().equals(id));
    }

    void evictAll() {
        evictions.incrementAndGet();
        byHash.invalidateAll();
    }

    /** Every notification committed before {@code roundTripStart} (a System.nanoTime()) has been applied. */
    void confirmedAt(long roundTripStart) {
        trustedUntil = roundTripStart + TRUST_NANOS;
    }

    /** The listener lost its connection: nothing here can be trusted until it is back and caught up. */
    void distrust() {
        trustedUntil = Long.MIN_VALUE;
        evictAll();
    }

    /** One instance on its own database (H2): its own evictions are all there is. */
    void trustAlways() {
        always = true;
    }

    boolean trusted() {
        if (always) {
            return true;
        }
        long until = trustedUntil;
        return until != Long.MIN_VALUE && System.nanoTime() - until < 0;
    }
}
