package dev.estimator.security;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An API key as {@code GET /api/v1/keys} shows it: never the secret, which is kept only as a hash.
 *
 * @param owner      whose datasets and jobs the key reaches
 * @param role       {@code admin} or {@code user}
 * @param prefix     the key's first characters, to recognise it by
 * @param configured provisioned from the configuration ({@code estimator.security.keys}) rather than stored
 */
public record ApiKey(UUID id, String name, String owner, String role,
        @Schema(description = "The key's first characters, to recognise it by; null for a configured key, which "
                + "the service knows by its hash only") String prefix,
        @Schema(description = "When the key was created; null for a configured key") Instant createdAt,
        @Schema(description = "True for a key provisioned from the configuration property estimator.security.keys "
                + "(its id is derived from its hash and stays the same across restarts and instances): it cannot "
                + "be revoked through the API (DELETE answers 409), only by removing it from the configuration; "
                + "false for a key created with POST /api/v1/keys") boolean configured) {

    /** A stored key. */
    public ApiKey(UUID id, String name, String owner, String role, String prefix, Instant createdAt) {
        this(id, name, owner, role, prefix, createdAt, false);
    }
}
