package dev.estimator.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Collects every invalid field of a request before refusing it, so that the caller learns of all of them at once
 * (as Spring's {@code Errors} does for a validator).
 */
public final class Violations {

    private final List<FieldError> list = new ArrayList<>();

    public void add(String field, String message) {
        list.add(new FieldError(field, message));
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** Whether no violation names {@code field}. */
    public boolean valid(String field) {
        return list.stream().noneMatch(e -> e.field().equals(field));
    }

    public List<FieldError> list() {
        return List.copyOf(list);
    }

    /**
     * Throws what {@code refusal} makes of the detail {@code "the <what> has invalid fields: a, b"} and the
     * violations, if there are any.
     */
    public <E extends InvalidInput> void throwIfAny(String what, BiFunction<String, List<FieldError>, E> refusal) {
        if (!list.isEmpty()) {
            String fields = String.join(", ", list.stream().map(FieldError::field).distinct().toList());
            throw refusal.apply("the " + what + " has invalid fields: " + fields, list());
        }
    }
}
