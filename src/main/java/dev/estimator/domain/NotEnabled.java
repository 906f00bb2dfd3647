package dev.estimator.domain;

/** A feature this service's operator has not turned on; {@code detail} names the setting that would. */
public class NotEnabled extends DomainException {

    public NotEnabled(String code, String title, String detail) {
        super(Kind.NOT_ENABLED, code, title, detail);
    }
}
