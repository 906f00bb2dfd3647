package dev.estimator.security;

import java.util.Objects;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is asking: the owner whose resources a request reaches, and whether it is an administrator (who reaches
 * every owner's). Each owned resource records {@link #owner()} when it is created; reads, lists and changes
 * go through {@link #canSee(String)} or {@link #scope()}, and what the caller cannot see answers as if it did
 * not exist. A new kind of owned resource (e.g. a grid search) does the same: an {@code owner} column, set at
 * creation, filtered by {@link #scope()}.
 */
public record Caller(String owner, boolean admin) {

    public Caller {
        Objects.requireNonNull(owner, "owner");
    }

    /** The caller of the current request, as the security filters authenticated it. */
    public static Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null) {
            throw new IllegalStateException("no authenticated caller on this thread");
        }
        boolean admin = authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).anyMatch(Role.ADMIN_AUTHORITY::equals);
        return new Caller(authentication.getName(), admin);
    }

    /** Work done on an owner's behalf outside a request (e.g. a search's jobs): that owner, no more. */
    public static Caller of(String owner) {
        return new Caller(owner, false);
    }

    public boolean canSee(String resourceOwner) {
        return admin || owner.equals(resourceOwner);
    }

    /** The owner to filter lists and reads by; null for an administrator, who sees every owner's. */
    public String scope() {
        return admin ? null : owner;
    }
}
