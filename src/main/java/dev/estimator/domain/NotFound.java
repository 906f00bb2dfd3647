package dev.estimator.domain;

/** The request names something that does not exist, or that the caller may not see (which answers the same). */
public class NotFound extends DomainException {

    public NotFound(String what, Object id) {
        super(Kind.NOT_FOUND, "not-found", "Resource not found", what + " " + id + " does not exist");
    }
}
