package dev.estimator.dataset;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.estimator.web.ApiException;

/** Parses dataset ids from paths strictly: {@code UUID.fromString} also takes forms like {@code 1-2-3-4-5}. */
final class DatasetIds {

    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private DatasetIds() {
    }

    static UUID parse(String id) {
        if (id == null || !UUID_FORM.matcher(id).matches()) {
            throw ApiException.invalid("'" + id + "' is not a dataset id (a UUID)",
                    List.of(new ApiException.FieldError("id", "not a UUID")));
        }
        return UUID.fromString(id);
    }
}
