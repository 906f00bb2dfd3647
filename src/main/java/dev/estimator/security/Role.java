package dev.estimator.security;

import java.util.Locale;
import java.util.Optional;

/** An API key's role: an administrator sees every owner's resources and manages keys. */
enum Role {
    ADMIN, USER;

    static final String ADMIN_AUTHORITY = "ROLE_ADMIN";
    static final String USER_AUTHORITY = "ROLE_USER";

    String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    String authority() {
        return "ROLE_" + name();
    }

    static Optional<Role> parse(String text) {
        for (Role role : values()) {
            if (role.spelling().equals(text)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
