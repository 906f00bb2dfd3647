package dev.estimator.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.estimator.database.DatabaseOutage;
import dev.estimator.domain.DomainException;
import dev.estimator.domain.FieldError;
import dev.estimator.domain.InvalidInput;

/**
 * The one place where errors become {@code application/problem+json} (RFC 9457), each kind with a stable
 * {@code type} URI ({@value #TYPE_BASE} and a code) and a fixed title: the domain errors of every feature
 * ({@link DomainException}, by its {@link DomainException.Kind}), Spring MVC's standard exceptions (unsupported
 * media type, unreadable body, …), the security filters' 401 and 403 and a database outage before a controller
 * (the filters hand them here through the {@code HandlerExceptionResolver}), and, as a last resort, anything
 * unexpected as a 500 without a stack trace. Every body goes through {@link #write}.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    static final String TYPE_BASE = "https://estimator.dev/problems/";

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(DomainException.class)
    ResponseEntity<Object> handleDomain(DomainException ex, WebRequest request) {
        HttpHeaders headers = new HttpHeaders();
        if (ex.retryAfterSeconds() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(ex.retryAfterSeconds()));
        }
        return write(ex, status(ex.kind()), ex.code(), ex.title(), ex.getMessage(), ex.facts(), headers, request);
    }

    static HttpStatus status(DomainException.Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case LIMIT_REACHED -> HttpStatus.TOO_MANY_REQUESTS;
            case NOT_ENABLED -> HttpStatus.FORBIDDEN;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    /** From the security filters' entry point: no credential, or one that is not valid. */
    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<Object> handleUnauthenticated(AuthenticationException ex, WebRequest request) {
        String detail = ex instanceof OAuth2AuthenticationException
                ? "the bearer credential is not valid (unknown, revoked, expired or malformed)"
                : "this request needs 'Authorization: Bearer <credential>'";
        return write(ex, HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required", detail, Map.of(),
                new HttpHeaders(), request);
    }

    /** From the security filters' access-denied handler: a user credential on an administrators' endpoint. */
    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> handleForbidden(AccessDeniedException ex, WebRequest request) {
        return write(ex, HttpStatus.FORBIDDEN, "forbidden", "Administrators only",
                "this endpoint is for administrator credentials", Map.of(), new HttpHeaders(), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> handleTypeMismatch(MethodArgumentTypeMismatchException ex, WebRequest request) {
        String detail = "parameter '" + ex.getName() + "' has an invalid value '" + ex.getValue() + "'";
        return handleDomain(new InvalidInput(detail,
                List.of(new FieldError(ex.getName(), "invalid value '" + ex.getValue() + "'"))), request);
    }

    /** A multipart body the container could not parse (truncated, bad boundary): the client's fault. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> handleMultipart(MultipartException ex, WebRequest request) {
        return write(ex, HttpStatus.BAD_REQUEST, "invalid-multipart", "Invalid multipart body",
                "the multipart/form-data body could not be read", Map.of(), new HttpHeaders(), request);
    }

    /** The container's multipart size limit, rendered like the upload limit of the dataset API. */
    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return write(ex, HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large",
                "the upload exceeds the size limit", Map.of(), new HttpHeaders(), request);
    }

    /** A multipart body without the part an endpoint reads (the dataset upload's {@code file}): name it. */
    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(MissingServletRequestPartException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String part = ex.getRequestPartName();
        return handleDomain(new InvalidInput("the multipart/form-data body has no part '" + part + "'",
                List.of(new FieldError(part, "is required"))), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        if (DatabaseOutage.unavailable(ex)) {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, DatabaseOutages.RETRY_AFTER);
            return write(ex, HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
                    "the database cannot be reached at the moment; try again shortly", Map.of(), headers, request);
        }
        log.error("Unexpected error", ex);
        return write(ex, HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "An internal error occurred", Map.of(), new HttpHeaders(), request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors().forEach(e ->
                errors.add(new FieldError(e.getField(), e.getDefaultMessage())));
        ex.getBindingResult().getGlobalErrors().forEach(e ->
                errors.add(new FieldError(e.getObjectName(), e.getDefaultMessage())));
        return handleDomain(new InvalidInput("the request has invalid fields", errors), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = JsonErrors.describe(ex);
        return handleDomain(new InvalidInput(detail, List.of(new FieldError(JsonErrors.path(ex), detail))), request);
    }

    /** The problem writer: a body with a stable type URI, a fixed title and the facts, and the headers. */
    private ResponseEntity<Object> write(Exception ex, HttpStatus status, String code, String title, String detail,
            Map<String, Object> facts, HttpHeaders headers, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create(TYPE_BASE + code));
        body.setTitle(title);
        facts.forEach(body::setProperty);
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getInstance() == null && request instanceof ServletWebRequest servlet) {
                problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
            }
            if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
                problem.setType(URI.create(TYPE_BASE + "http-" + statusCode.value()));
            }
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }
}
