package dev.estimator.security;

import java.time.Instant;
import java.util.UUID;

/** The answer to {@code POST /api/v1/keys}: the only time the key itself is shown. */
public record CreatedApiKey(UUID id, String name, String owner, String role, String prefix, String key,
        Instant createdAt) {

    static CreatedApiKey of(ApiKey stored, String key) {
        return new CreatedApiKey(stored.id(), stored.name(), stored.owner(), stored.role(), stored.prefix(), key,
                stored.createdAt());
    }
}
