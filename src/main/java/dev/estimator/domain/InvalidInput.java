package dev.estimator.domain;

import java.util.List;

/** A request with invalid fields, each named with what is wrong with it. */
public class InvalidInput extends DomainException {

    private final List<FieldError> violations;

    public InvalidInput(String detail, List<FieldError> violations) {
        super(Kind.INVALID, "invalid-request", "Invalid request", detail);
        this.violations = List.copyOf(violations);
        with("errors", this.violations);
    }

    /** One invalid parameter: {@code 'name' message}. */
    public static InvalidInput parameter(String name, String message) {
        return new InvalidInput("'" + name + "' " + message, List.of(new FieldError(name, message)));
    }

    public List<FieldError> violations() {
        return violations;
    }
}
