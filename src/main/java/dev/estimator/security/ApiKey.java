package dev.estimator.security;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored API key as {@code GET /api/v1/keys} shows it: never the secret, which is kept only as a hash.
 *
 * @param owner  whose datasets and jobs the key reaches
 * @param role   {@code admin} or {@code user}
 * @param prefix the key's first characters, to recognise it by
 */
public record ApiKey(UUID id, String name, String owner, String role, String prefix, Instant createdAt) {
}
