package dev.estimator.search;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.estimator.web.ApiException;

/** Parses ids strictly: {@code UUID.fromString} also accepts forms like {@code 1-2-3-4-5}. */
final class SearchIds {

    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private SearchIds() {
    }

    /** @throws ApiException 400 when the text is not a UUID */
    static UUID parse(String text) {
        if (text == null || !UUID_FORM.matcher(text).matches()) {
            throw ApiException.invalid("'" + text + "' is not a valid id (a UUID)",
                    List.of(new ApiException.FieldError("id", "not a UUID")));
        }
        return UUID.fromString(text);
    }
}
