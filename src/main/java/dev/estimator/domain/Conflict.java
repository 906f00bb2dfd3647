package dev.estimator.domain;

/** The request does not fit the state of what it names; {@code code} and {@code title} say which state. */
public class Conflict extends DomainException {

    public Conflict(String code, String title, String detail) {
        super(Kind.CONFLICT, code, title, detail);
    }
}
