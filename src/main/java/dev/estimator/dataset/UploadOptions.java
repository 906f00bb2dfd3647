package dev.estimator.dataset;

import java.util.Set;

/**
 * How to read an upload: the dataset's name, whether the first record is a header, the field delimiter and
 * the columns to type as categorical whatever they look like.
 */
record UploadOptions(String name, boolean header, char delimiter, Set<String> categorical) {

    UploadOptions {
        categorical = Set.copyOf(categorical);
    }
}
