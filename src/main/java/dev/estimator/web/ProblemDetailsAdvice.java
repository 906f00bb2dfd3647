package dev.estimator.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
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

/**
 * Renders every error as {@code application/problem+json}: our own {@link ApiException}s, Spring MVC's
 * standard exceptions (unsupported media type, unreadable body, …) and, as a last resort, anything
 * unexpected as a 500 without a stack trace.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApi(ApiException ex, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
        body.setType(ex.type());
        body.setTitle(ex.title());
        ex.properties().forEach(body::setProperty);
        return handleExceptionInternal(ex, body, ex.headers(), ex.status(), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> handleTypeMismatch(MethodArgumentTypeMismatchException ex, WebRequest request) {
        String detail = "parameter '" + ex.getName() + "' has an invalid value '" + ex.getValue() + "'";
        ApiException api = ApiException.invalid(detail,
                List.of(new ApiException.FieldError(ex.getName(), "invalid value '" + ex.getValue() + "'")));
        return handleApi(api, request);
    }

    /** A multipart body the container could not parse (truncated, bad boundary): the client's fault. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> handleMultipart(MultipartException ex, WebRequest request) {
        return handleApi(new ApiException(HttpStatus.BAD_REQUEST, "invalid-multipart", "Invalid multipart body",
                "the multipart/form-data body could not be read"), request);
    }

    /** The container's multipart size limit, rendered like the upload limit of the dataset API. */
    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleApi(new ApiException(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large",
                "the upload exceeds the size limit"), request);
    }

    /** A multipart body without the part an endpoint reads (the dataset upload's {@code file}): name it. */
    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(MissingServletRequestPartException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String part = ex.getRequestPartName();
        return handleApi(ApiException.invalid("the multipart/form-data body has no part '" + part + "'",
                List.of(new ApiException.FieldError(part, "is required"))), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        if (DatabaseOutages.unavailable(ex)) {
            return handleApi(DatabaseOutages.problem(), request);
        }
        log.error("Unexpected error", ex);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An internal error occurred");
        body.setType(URI.create(ApiException.TYPE_BASE + "internal"));
        body.setTitle("Internal error");
        return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors().forEach(e ->
                errors.add(new ApiException.FieldError(e.getField(), e.getDefaultMessage())));
        ex.getBindingResult().getGlobalErrors().forEach(e ->
                errors.add(new ApiException.FieldError(e.getObjectName(), e.getDefaultMessage())));
        return handleApi(ApiException.invalid("the request has invalid fields", errors), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = JsonErrors.describe(ex);
        return handleApi(ApiException.invalid(detail,
                List.of(new ApiException.FieldError(JsonErrors.path(ex), detail))), request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getInstance() == null && request instanceof ServletWebRequest servlet) {
                problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
            }
            if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
                problem.setType(URI.create(ApiException.TYPE_BASE + "http-" + statusCode.value()));
            }
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }
}
