package dev.estimator.domain;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Parses the API's ids (UUIDs) strictly: {@code UUID.fromString} also accepts forms like {@code 1-2-3-4-5}. */
public final class Ids {

    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {
    }

    public static boolean isUuid(String text) {
        return text != null && UUID_FORM.matcher(text).matches();
    }

    /** @throws InvalidInput naming {@code field} when the text is not a UUID */
    public static UUID parse(String field, String text) {
        if (!isUuid(text)) {
            throw new InvalidInput("'" + text + "' is not a valid " + field + " (a UUID)",
                    List.of(new FieldError(field, "not a UUID")));
        }
        return UUID.fromString(text);
    }
}
