package dev.estimator.domain;

/** One invalid field of a request, as listed in an {@link InvalidInput}'s violations. */
public record FieldError(String field, String message) {
}
