package dev.estimator.dataset;

import java.util.Objects;

/**
 * Where the rows of a dataset registered by reference live: a directory (or file) URI as Spark reads it, its
 * format ({@code parquet} or {@code csv}) and, for CSV, whether every part starts with a header and the
 * delimiter. {@code header} and {@code delimiter} are null for Parquet. The URI never carries credentials
 * (registration refuses user info); those come from the Spark launcher's configuration.
 */
public record DatasetSource(String uri, Format format, Boolean header, Character delimiter) {

    /** The formats Spark reads for us. */
    public enum Format {
        PARQUET, CSV;

        public String apiName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public DatasetSource {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(format, "format");
        if (format == Format.PARQUET) {
            header = null;
            delimiter = null;
        } else {
            header = header == null ? Boolean.TRUE : header;
            delimiter = delimiter == null ? ',' : delimiter;
        }
    }
}
