package dev.estimator.job;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.estimator.web.ApiException;

/** Parses ids strictly: {@code UUID.fromString} also accepts forms like {@code 1-2-3-4-5}. */
final class JobIds {

    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private JobIds() {
    }

    static boolean isUuid(String text) {
        return text != null && UUID_FORM.matcher(text).matches();
    }

    /** @throws ApiException 400 naming {@code field} when the text is not a UUID */
    static UUID parse(String field, String text) {
        if (!isUuid(text)) {
            throw ApiException.invalid("'" + text + "' is not a valid " + field + " (a UUID)",
                    List.of(new ApiException.FieldError(field, "not a UUID")));
        }
        return UUID.fromString(text);
    }
}
