package dev.estimator.web;

import org.springframework.http.converter.HttpMessageNotReadableException;

import java.util.Collection;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
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
        if (cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            // Jackson's own message names Java types and its coercion settings; the client needs the JSON shape
            String field = path(ex);
            String expected = "expected " + shape(mismatch.getTargetType());
            return "body".equals(field) ? "the request body must be a JSON object" : "invalid value for '" + field
                    + "': " + expected;
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

    /** The JSON a field of this Java type takes, in the client's words. */
    private static String shape(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class
                || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "another kind of value";
    }
}
