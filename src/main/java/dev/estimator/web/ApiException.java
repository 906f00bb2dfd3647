package dev.estimator.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A client-facing failure rendered as RFC 9457 problem details. Each kind of problem has a stable
 * {@code type} URI and a fixed {@code title}; {@code detail} tells the client what to fix.
 */
public class ApiException extends RuntimeException {

    public static final String TYPE_BASE = "https://estimator.dev/problems/";

    private final HttpStatus status;
    private final String kind;
    private final String title;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final HttpHeaders headers = new HttpHeaders();

    public ApiException(HttpStatus status, String kind, String title, String detail) {
        super(detail);
        this.status = status;
        this.kind = kind;
        this.title = title;
    }

    public static ApiException notFound(String what, Object id) {
        return new ApiException(HttpStatus.NOT_FOUND, "not-found", "Resource not found",
                what + " " + id + " does not exist");
    }

    public static ApiException conflict(String kind, String title, String detail) {
        return new ApiException(HttpStatus.CONFLICT, kind, title, detail);
    }

    public static ApiException invalid(String detail, List<FieldError> errors) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail)
                .with("errors", errors);
    }

    public ApiException with(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    public ApiException header(String name, String value) {
        headers.set(name, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return URI.create(TYPE_BASE + kind);
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public HttpHeaders headers() {
        return headers;
    }

    /** One invalid field of a request, as listed in a problem's {@code errors}. */
    public record FieldError(String field, String message) {
    }
}
