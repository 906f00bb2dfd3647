package dev.estimator.dataset;

import java.util.List;

import dev.estimator.domain.DomainException;
import dev.estimator.domain.DomainException.Kind;
import dev.estimator.domain.FieldError;
import dev.estimator.domain.InvalidInput;

/**
 * The client errors of an upload, each with its own stable problem type. CSV errors carry {@code line}
 * (1-based line of the file, the header being line 1) and, where one column is at fault, {@code column}
 * (its name) and {@code columnIndex} (0-based), so a client can point at the cell to fix.
 */
final class CsvProblems {

    private CsvProblems() {
    }

    static DomainException raggedRow(long line, int expected, int actual) {
        return csv("csv-ragged-row", "Ragged CSV row",
                "line " + line + " has " + actual + " fields, expected " + expected, line)
                .with("expectedFields", expected).with("actualFields", actual);
    }

    static DomainException unterminatedQuote(long line) {
        return csv("csv-unterminated-quote", "Unterminated quoted field",
                "the quoted field starting in the record on line " + line + " is never closed", line);
    }

    static DomainException malformed(long line, String reason) {
        return csv("csv-malformed", "Malformed CSV", "line " + line + ": " + reason, line);
    }

    static DomainException emptyHeaderName(int columnIndex) {
        return csv("csv-empty-column-name", "Empty column name",
                "header column " + (columnIndex + 1) + " has an empty name", 1)
                .with("column", "").with("columnIndex", columnIndex);
    }

    static DomainException invalidColumnName(int columnIndex) {
        return csv("csv-invalid-column-name", "Invalid column name",
                "header column " + (columnIndex + 1) + " contains a NUL character", 1)
                .with("columnIndex", columnIndex);
    }

    static DomainException duplicateHeaderName(String name, int columnIndex) {
        return csv("csv-duplicate-column-name", "Duplicate column name",
                "header column " + (columnIndex + 1) + " repeats the name '" + name + "'", 1)
                .with("column", name).with("columnIndex", columnIndex);
    }

    static DomainException noDataRows(long line) {
        return csv("csv-no-rows", "No data rows", "the CSV has no data rows", line);
    }

    static DomainException tooManyLevels(String column, int columnIndex, int maxLevels, long line) {
        return csv("csv-too-many-levels", "Too many categorical levels",
                "categorical column '" + column + "' has more than " + maxLevels
                        + " distinct values; the first value over the limit is on line " + line, line)
                .with("column", column).with("columnIndex", columnIndex).with("maxLevels", maxLevels);
    }

    static DomainException invalidUtf8(long line) {
        return csv("csv-invalid-utf8", "Invalid UTF-8",
                "line " + line + " is not valid UTF-8; upload the CSV encoded as UTF-8", line);
    }

    static DomainException tooLarge(long maxBytes) {
        return new UploadRefused(Kind.TOO_LARGE, "upload-too-large", "Upload too large",
                "the upload exceeds the limit of " + maxBytes + " bytes")
                .with("maxBytes", maxBytes);
    }

    static DomainException interrupted() {
        return new UploadRefused(Kind.INVALID, "upload-interrupted", "Upload interrupted",
                "the request body could not be read to its end");
    }

    static DomainException invalidParameter(String parameter, String message) {
        return new InvalidInput("parameter '" + parameter + "': " + message,
                List.of(new FieldError(parameter, message)));
    }

    private static DomainException csv(String kind, String title, String detail, long line) {
        return new UploadRefused(Kind.INVALID, kind, title, detail).with("line", line);
    }
}
