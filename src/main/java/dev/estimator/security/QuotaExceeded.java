package dev.estimator.security;

import dev.estimator.domain.DomainException;

/**
 * An owner's quota would be exceeded: {@code quota} names it, with its {@code limit} and what the owner
 * {@code used}. Too large for dataset bytes (delete datasets to make room); reached for now for active jobs.
 */
public class QuotaExceeded extends DomainException {

    QuotaExceeded(Kind kind, String quota, long limit, long used, String detail) {
        super(kind, "quota-exceeded", "Quota exceeded", detail);
        with("quota", quota).with("limit", limit).with("used", used);
    }

    public String quota() {
        return (String) facts().get("quota");
    }
}
