package dev.estimator;

import java.net.http.HttpRequest;

/**
 * The administrator key of the test suite. src/test/resources/application.properties provisions it by its
 * SHA-256 ({@code estimator.security.keys[0]}), as a deployment provisions keys from a Secret; every test
 * request authenticates with it unless the test is about another caller.
 */
public final class TestKeys {

    /** Known to anyone who reads this file: never configure its hash outside tests. */
    public static final String ADMIN = "est_test-suite-administrator-key-not-for-any-real-deployment";
    /** The owner of what the test administrator creates. */
    public static final String ADMIN_OWNER = "test-admin";

    private TestKeys() {
    }

    public static String bearer(String key) {
        return "Bearer " + key;
    }

    /** The request with the test administrator's {@code Authorization} header. */
    public static HttpRequest.Builder asAdmin(HttpRequest.Builder request) {
        return request.header("Authorization", bearer(ADMIN));
    }

    /** The same request (method, body, headers) with the test administrator's {@code Authorization} header. */
    public static HttpRequest asAdmin(HttpRequest request) {
        return asAdmin(HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase("Authorization")))
                .build();
    }
}
