package dev.estimator.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the service refuses, as a fact of the domain: what kind of refusal, a stable {@code code} and a
 * {@code title} fixed per code, a {@code detail} that tells the caller what to fix, and named facts (a line, a
 * limit). Services throw the subclasses; the edge alone turns them into HTTP (the {@code web} package maps each
 * {@link Kind} to a status and renders RFC 9457 problem details), so nothing here knows about HTTP.
 */
public abstract class DomainException extends RuntimeException {

    /** What kind of refusal it is; the edge chooses the status by it. */
    public enum Kind {
        /** The request itself is wrong and will stay wrong. */
        INVALID,
        /** It names something that does not exist, or that the caller may not see. */
        NOT_FOUND,
        /** It does not fit the state of what it names (e.g. cancelling a finished job). */
        CONFLICT,
        /** It is bigger than a limit allows. */
        TOO_LARGE,
        /** A limit is reached for now; the same request may succeed later ({@link #retryAfterSeconds()}). */
        LIMIT_REACHED,
        /** The service is set up not to do this for anyone (a feature its operator has not turned on). */
        NOT_ENABLED,
        /** Something the request needs could not answer in time; the same request may succeed later. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String code;
    private final String title;
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private Integer retryAfterSeconds;

    protected DomainException(Kind kind, String code, String title, String detail) {
        super(detail);
        this.kind = kind;
        this.code = code;
        this.title = title;
    }

    /** Adds a named fact the caller can act on (shown as a property of the problem). */
    public DomainException with(String name, Object value) {
        facts.put(name, value);
        return this;
    }

    /** Says when the same request is worth making again. */
    public DomainException retryAfter(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    public Kind kind() {
        return kind;
    }

    /** Stable per kind of problem: the last segment of its type URI. */
    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> facts() {
        return Collections.unmodifiableMap(facts);
    }

    /** Seconds until the request is worth making again, or null when there is no such time. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
