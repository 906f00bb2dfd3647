package dev.estimator.security;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code estimator.security.*}.
 *
 * @param mode         {@code api-key} (default), {@code jwt} or {@code none}
 * @param adminKeyFile where the administrator key created at first start is written (readable only by the
 *                     service's user)
 * @param keys         keys provisioned from configuration (e.g. a Kubernetes Secret), as SHA-256 hashes
 * @param jwt          how {@code jwt} mode tells administrators
 */
@ConfigurationProperties("estimator.security")
public record SecurityProperties(
        @DefaultValue("api-key") SecurityMode mode,
        @DefaultValue("data/admin-key") Path adminKeyFile,
        @DefaultValue List<ConfiguredKey> keys,
        @DefaultValue Jwt jwt) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    /**
     * A key known by its hash only.
     *
     * @param name  a label, shown nowhere but the log
     * @param owner whose datasets and jobs it reaches; by default its name
     * @param role  {@code admin} or {@code user} (default)
     * @param hash  lower- or upper-case hex SHA-256 of the key (e.g. {@code printf %s "$KEY" | sha256sum})
     */
    public record ConfiguredKey(String name, String owner, String role, String hash) {

        public ConfiguredKey {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("estimator.security.keys[].name is required");
            }
            if (hash == null || !SHA256_HEX.matcher(hash.strip()).matches()) {
                throw new IllegalArgumentException("estimator.security.keys[] '" + name
                        + "': hash must be the 64 hex digits of the key's SHA-256");
            }
            hash = hash.strip().toLowerCase(Locale.ROOT);
            owner = owner == null || owner.isBlank() ? name : owner;
            role = Role.parse(role == null ? "user" : role)
                    .orElseThrow(() -> new IllegalArgumentException("estimator.security.keys[] '" + name
                            + "': role must be admin or user"))
                    .spelling();
        }
    }

    /**
     * @param adminClaim the claim that makes a token's subject an administrator; a dotted path reaches into
     *                   nested claims (e.g. {@code realm_access.roles})
     * @param adminValue the value that claim must have, or hold when it is a list; a boolean claim {@code true}
     *                   counts too
     */
    public record Jwt(@DefaultValue("roles") String adminClaim, @DefaultValue("admin") String adminValue) {
    }
}
