package dev.estimator.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

import dev.estimator.web.PageSize;
import dev.estimator.web.ApiException;
import dev.estimator.web.PageResponse;

/**
 * API keys: created, listed, revoked, and checked on every request.
 * <p>
 * A key is {@code est_} and 32 random bytes in URL-safe Base64 (256 bits). Only its SHA-256 is stored, with
 * its first {@value #PREFIX_LENGTH} characters as a public prefix to recognise it by (the prefix gives away 48
 * of the 256 bits). A fast hash is enough here, unlike for passwords: a slow hash such as bcrypt protects
 * secrets that are guessable, and nobody can enumerate 2^208 unknown bits, so it would only slow down every
 * request. Stored keys are looked up by hash, through a per-instance {@link KeyCache} that a revocation empties
 * of the key at once on the instance that revokes it and within a second on every other.
 */
@Service
public class ApiKeys {

    static final String KEY_START = "est_";
    /** The configuration property that provisions keys. */
    static final String CONFIGURED_KEYS = "estimator.security.keys";
    static final int PREFIX_LENGTH = 12;
    static final int MAX_NAME_LENGTH = 255;
    /** Longer bearer values are not looked up at all: no key is that long. */
    static final int MAX_KEY_LENGTH = 512;
    private static final int KEY_BYTES = 32;

    /** An authenticated key: whose resources it reaches and its role. */
    record Holder(String owner, Role role, String keyName) {
    }

    private final ApiKeyRepository repository;
    private final KeyCache cache;
    private final Map<String, SecurityProperties.ConfiguredKey> configured;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * Keys with a cache of their own, for use without an application context: trusted on H2 (one instance),
     * never on PostgreSQL, where only a {@link KeyRevocations} listener can keep it true.
     */
    ApiKeys(ApiKeyRepository repository, SecurityProperties properties, Clock clock) {
        this(repository, KeyCache.standalone(repository.onPostgres()), properties, clock);
    }

    @Autowired
    ApiKeys(ApiKeyRepository repository, KeyCache cache, SecurityProperties properties, Clock clock) {
        this.repository = repository;
        this.cache = cache;
        this.configured = properties.keys().stream()
                .collect(Collectors.toUnmodifiableMap(SecurityProperties.ConfiguredKey::hash, Function.identity(),
                        (a, b) -> {
                            throw new IllegalArgumentException("estimator.security.keys: '" + a.name() + "' and '"
                                    + b.name() + "' have the same hash");
                        }));
        this.clock = clock;
    }

    /** The holder of {@code key}, if it is a configured key or a stored one. */
    Optional<Holder> authenticate(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        String hash = hash(key);
        SecurityProperties.ConfiguredKey fromConfiguration = configured.get(hash);
        if (fromConfiguration != null) {
            return Optional.of(new Holder(fromConfiguration.owner(), Role.parse(fromConfiguration.role()).orElseThrow(),
                    fromConfiguration.name()));
        }
        KeyCache.Entry cached = cache.get(hash);
        if (cached != null) {
            return Optional.of(cached.holder());
        }
        long generation = cache.generation();
        Optional<KeyCache.Entry> stored = repository.findByHash(hash)
                .map(k -> new KeyCache.Entry(k.id(), new Holder(k.owner(), Role.parse(k.role()).orElseThrow(), k.name())));
        stored.ifPresent(entry -> cache.put(hash, entry, generation));
        return stored.map(KeyCache.Entry::holder);
    }

    /** @throws ApiException 400 naming every invalid field */
    public CreatedApiKey create(CreateApiKeyRequest request) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        if (request == null) {
            throw ApiException.invalid("the request body must be {\"name\": …, \"role\": \"admin\" | \"user\"}",
                    List.of(new ApiException.FieldError("body", "is required")));
        }
        String name = request.name() == null ? null : request.name().strip();
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            errors.add(new ApiException.FieldError("name", "must be 1 to " + MAX_NAME_LENGTH + " characters"));
        } else if (name.indexOf('\0') >= 0) {
            // PostgreSQL text cannot hold NUL
            errors.add(new ApiException.FieldError("name", "must not contain a NUL character"));
        }
        Optional<Role> role = request.role() == null ? Optional.of(Role.USER) : Role.parse(request.role());
        if (role.isEmpty()) {
            errors.add(new ApiException.FieldError("role",
                    "unknown value '" + request.role() + "'; expected one of admin, user"));
        }
        String owner = request.owner() == null ? name : request.owner().strip();
        if (request.owner() != null && (owner.isEmpty() || owner.length() > MAX_NAME_LENGTH)) {
            errors.add(new ApiException.FieldError("owner", "must be 1 to " + MAX_NAME_LENGTH + " characters"));
        } else if (request.owner() != null && owner.indexOf('\0') >= 0) {
            errors.add(new ApiException.FieldError("owner", "must not contain a NUL character"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("the key request has invalid fields: "
                    + errors.stream().map(ApiException.FieldError::field).collect(Collectors.joining(", ")), errors);
        }
        return store(name, owner, role.get());
    }

    CreatedApiKey store(String name, String owner, Role role) {
        String key = newKey();
        ApiKey stored = new ApiKey(UUID.randomUUID(), name, owner, role.spelling(), key.substring(0, PREFIX_LENGTH),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        repository.insert(stored, hash(key));
        return CreatedApiKey.of(stored, key);
    }

    /**
     * Every key: first those provisioned from the configuration (by name, {@code configured: true}), then the
     * stored ones, newest first.
     */
    public PageResponse<ApiKey> list(int page, int size) {
        if (page < 0) {
            throw invalidParameter("page", "must be 0 or more");
        }
        if (size < 1) {
            throw invalidParameter("size", "must be 1 or more");
        }
        size = PageSize.clamp(size);
        List<ApiKey> fromConfiguration = configured.values().stream().map(ApiKeys::listed)
                .sorted(Comparator.comparing(ApiKey::name).thenComparing(ApiKey::id)).toList();
        long offset = (long) page * size;
        List<ApiKey> content = new ArrayList<>(size);
        if (offset < fromConfiguration.size()) {
            content.addAll(fromConfiguration.subList((int) offset, (int) Math.min(fromConfiguration.size(),
                    offset + size)));
        }
        if (content.size() < size) {
            content.addAll(repository.page(Math.max(0, offset - fromConfiguration.size()), size - content.size()));
        }
        return PageResponse.of(content, page, size, fromConfiguration.size() + repository.count());
    }

    /** The stable id of a configured key: derived from its hash, so every instance and restart gives the same. */
    static UUID configuredId(SecurityProperties.ConfiguredKey key) {
        return UUID.nameUUIDFromBytes((CONFIGURED_KEYS + ":" + key.hash()).getBytes(StandardCharsets.UTF_8));
    }

    private static ApiKey listed(SecurityProperties.ConfiguredKey key) {
        return new ApiKey(configuredId(key), key.name(), key.owner(), key.role(), null, null, true);
    }

    /**
     * Revokes a stored key: the next request with it is a 401, on every instance.
     *
     * @throws ApiException 404 unknown; 409 for a key provisioned from the configuration, and for the last
     *                      administrator key when no administrator key is configured, which would lock every
     *                      administrator out
     */
    public void revoke(UUID id) {
        configured.values().stream().filter(k -> configuredId(k).equals(id)).findFirst().ifPresent(k -> {
            throw ApiException.conflict("configured-key", "Key provisioned from the configuration",
                    "key " + id + " ('" + k.name() + "') is provisioned from the configuration property "
                            + CONFIGURED_KEYS + "; remove it there (and restart) to revoke it");
        });
        repository.whileLocked(() -> {
            ApiKey key = repository.find(id).orElseThrow(() -> ApiException.notFound("API key", id));
            boolean configuredAdmin = configured.values().stream().anyMatch(k -> "admin".equals(k.role()));
            if ("admin".equals(key.role()) && !configuredAdmin && repository.countAdmins() == 1) {
                throw ApiException.conflict("last-admin-key", "Last administrator key",
                        "key " + id + " is the only administrator key; create another administrator key first");
            }
            repository.delete(id);
            return null;
        });
        // committed: no request here may pass with it from now on (other instances hear of it by NOTIFY)
        cache.evict(id);
    }

    /** True if no key exists at all, stored or configured. */
    boolean none() {
        return configured.isEmpty() && repository.count() == 0;
    }

    ApiKeyRepository repository() {
        return repository;
    }

    private String newKey() {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        return KEY_START + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lower-case hex SHA-256 of the key's UTF-8 bytes, as stored and as configured. */
    static String hash(String key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static ApiException invalidParameter(String name, String message) {
        return ApiException.invalid("'" + name + "' " + message, List.of(new ApiException.FieldError(name, message)));
    }
}
