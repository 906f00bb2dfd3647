package dev.estimator.security;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.estimator.domain.Unavailable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * 401 and 403 from the security filters, in the problem style of the rest of the API: the filters hand the
 * exception to Spring MVC's exception resolver, whose one advice writes every problem body. The 401 carries
 * {@code WWW-Authenticate: Bearer} (with {@code error="invalid_token"} when a credential was sent); neither ever
 * echoes the credential. A credential that could not be checked at all (the identity provider's signing keys could
 * not be read in time, say) is not the client's fault: 503 with {@code Retry-After}, not a 401 and not a 500.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final HandlerExceptionResolver problems;

    SecurityProblems(HandlerExceptionResolver problems) {
        this.problems = problems;
    }

    /** Seconds a client waits before trying again when credentials could not be checked. */
    static final int RETRY_AFTER_SECONDS = 5;

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex) {
        if (ex instanceof AuthenticationServiceException) {
            Unavailable unavailable = new Unavailable("credentials-unverifiable", "Credentials cannot be checked",
                    "the credential could not be checked: the identity provider's signing keys or the key store "
                            + "did not answer in time; try again shortly");
            unavailable.retryAfter(RETRY_AFTER_SECONDS);
            problems.resolveException(request, response, null, unavailable);
            return;
        }
        bearer.commence(request, response, ex);
        problems.resolveException(request, response, null, ex);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex) {
        problems.resolveException(request, response, null, ex);
    }
}
