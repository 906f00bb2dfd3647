package dev.estimator.security;

/** How requests authenticate ({@code estimator.security.mode}). */
public enum SecurityMode {
    /** {@code Authorization: Bearer <API key>}; keys are created through {@code /api/v1/keys} or configured. */
    API_KEY,
    /** {@code Authorization: Bearer <JWT>} from an OAuth2 issuer; the owner is the token's {@code sub}. */
    JWT,
    /** No authentication at all: every request is an administrator. Only when set explicitly. */
    NONE
}
