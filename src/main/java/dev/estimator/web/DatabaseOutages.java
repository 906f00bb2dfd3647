package dev.estimator.web;

import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request that fails because the database cannot be reached answers {@code 503} with {@code Retry-After} and a
 * problem body, wherever it fails: in a controller, or before one (the API key lookup of the security filters,
 * which would otherwise end in the container's error page as a bare 500).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DatabaseOutages extends OncePerRequestFilter {

    /** Seconds a client should wait before trying again: about how long a connection request waits. */
    static final String RETRY_AFTER = "5";

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutages.class);

    private final JsonMapper json;

    DatabaseOutages(JsonMapper json) {
        this.json = json;
    }

    /**
     * Whether the exception says the database could not be reached, or lost the connection mid-statement, rather
     * than refusing a statement (a constraint, a bug), which no retry mends.
     */
    public static boolean unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException || t instanceof TransactionException) {
                return true;
            }
            // SQL state class 08: connection exception
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    static ApiException problem() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
                "the database cannot be reached at the moment; try again shortly")
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException e) {
            if (!unavailable(e) || response.isCommitted()) {
                throw e;
            }
            log.warn("Request {} {} failed, the database is unavailable: {}", request.getMethod(),
                    request.getRequestURI(), e.toString());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", ApiException.TYPE_BASE + "database-unavailable");
            body.put("title", "Database unavailable");
            body.put("status", HttpStatus.SERVICE_UNAVAILABLE.value());
            body.put("detail", "the database cannot be reached at the moment; try again shortly");
            body.put("instance", request.getRequestURI());
            response.resetBuffer();
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getOutputStream().write(json.writeValueAsBytes(body));
        }
    }
}
