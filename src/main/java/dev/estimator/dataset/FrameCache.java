package dev.estimator.dataset;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.estimator.engine.Frame;

/**
 * Decoded frames kept for jobs, bounded by their bytes ({@code estimator.datasets.cache-max-bytes}), least
 * recently used first out. Concurrent requests for one dataset share a single load. The load runs on the
 * caller's thread outside the cache's internal locks: a frame can take seconds to read, and a blocking
 * compute inside the map would stall unrelated keys.
 */
@Component
class FrameCache {

    // Caffeine weights are ints: weigh in KiB so frames of many GiB still count correctly.
    private static final long WEIGHT_UNIT = 1024;

    private final AsyncCache<UUID, Frame> cache;

    FrameCache(DatasetProperties properties) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(Math.max(1, properties.cacheMaxBytes().toBytes() / WEIGHT_UNIT))
                .weigher((UUID id, Frame frame) ->
                        (int) Math.min(Integer.MAX_VALUE, 1 + frame.sizeInBytes() / WEIGHT_UNIT))
                .buildAsync();
    }

    Frame get(UUID id, Supplier<Frame> loader) {
        CompletableFuture<Frame> mine = new CompletableFuture<>();
        CompletableFuture<Frame> existing = cache.asMap().putIfAbsent(id, mine);
        if (existing == null) {
            try {
                mine.complete(loader.get());
            } catch (RuntimeException | Error e) {
                // Out of the cache first, so the next caller tries again (and Caffeine does not log the failure,
                // which may be an ordinary "dataset not found"); callers already waiting get the exception.
                cache.asMap().remove(id, mine);
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        try {
            return existing.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    void evict(UUID id) {
        cache.synchronous().invalidate(id);
    }
}
