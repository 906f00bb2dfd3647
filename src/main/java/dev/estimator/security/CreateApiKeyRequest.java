package dev.estimator.security;

/**
 * The body of {@code POST /api/v1/keys}.
 *
 * @param name  a label, 1 to 255 characters (required)
 * @param role  {@code admin} or {@code user} (default)
 * @param owner whose datasets and jobs the key reaches; by default its name, so that several keys of one team
 *              (e.g. an old and a new one while rotating) share its resources
 */
public record CreateApiKeyRequest(String name, String role, String owner) {
}
