package dev.estimator.job;

import java.util.List;

import dev.estimator.domain.FieldError;
import dev.estimator.domain.InvalidInput;

/** A job spec with invalid fields, each named (e.g. {@code optimizer.learningRate}) with what is wrong. */
public class InvalidSpec extends InvalidInput {

    public InvalidSpec(String detail, List<FieldError> violations) {
        super(detail, violations);
    }
}
