package dev.estimator.web;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.estimator.database.DatabaseOutage;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A request that fails because the database cannot be reached answers {@code 503} with {@code Retry-After} and a
 * problem body, wherever it fails: in a controller ({@link ProblemDetailsAdvice} sees it first), or before one (the
 * API key lookup of the security filters, which would otherwise end in the container's error page as a bare 500).
 * The filter hands the failure to the same advice, so the body is written in one place.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DatabaseOutages extends OncePerRequestFilter {

    /** Seconds a client should wait before trying again: about how long a connection request waits. */
    static final String RETRY_AFTER = "5";

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutages.class);

    private final HandlerExceptionResolver problems;

    DatabaseOutages(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException e) {
            if (!DatabaseOutage.unavailable(e) || response.isCommitted()) {
                throw e;
            }
            log.warn("Request {} {} failed, the database is unavailable: {}", request.getMethod(),
                    request.getRequestURI(), e.toString());
            response.resetBuffer();
            if (problems.resolveException(request, response, null, e) == null) {
                throw e;
            }
        }
    }
}
