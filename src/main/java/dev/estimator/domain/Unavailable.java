package dev.estimator.domain;

/** Something the request depends on could not answer in time; the same request is worth making again later. */
public class Unavailable extends DomainException {

    public Unavailable(String code, String title, String detail) {
        super(Kind.UNAVAILABLE, code, title, detail);
    }
}
