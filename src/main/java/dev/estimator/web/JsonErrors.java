package dev.estimator.web;

import org.springframework.http.converter.HttpMessageNotReadableException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns Jackson's parse failures into messages that name the offending JSON field. */
final class JsonErrors {

    private JsonErrors() {
    }

    static String path(HttpMessageNotReadableException ex) {
        if (ex.getCause() instanceof JacksonException jackson) {
            String path = jackson.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                    .orElse("body");
            return path;
        }
        return "body";
    }

    static String describe(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + path(ex) + "'";
        }
        if (cause instanceof JacksonException jackson) {
            String field = path(ex);
            String message = jackson.getOriginalMessage();
            if (message != null && message.length() > 200) {
                message = message.substring(0, 200);
            }
            return "body".equals(field) ? "malformed JSON: " + message
                    : "invalid value for '" + field + "': " + message;
        }
        return "the request body is missing or is not readable";
    }
}
