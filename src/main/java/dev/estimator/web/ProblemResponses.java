package dev.estimator.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The error statuses an endpoint answers with a {@link Problem} body, listed in the OpenAPI document
 * next to its success response (see {@link OpenApiConfiguration}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ProblemResponses {

    /** HTTP status codes, e.g. {@code {400, 404}}. */
    int[] value();
}
