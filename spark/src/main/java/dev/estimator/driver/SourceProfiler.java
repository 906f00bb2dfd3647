package dev.estimator.driver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.spark.sql.SparkSession;

import dev.estimator.engine.ColumnSummary;

/**
 * Profiles a dataset by reference in one read: each split is profiled where it is read ({@link SplitProfile}), the
 * split profiles are put in the dataset's row order (file path, then offset in the file) and merged in that order
 * into one {@link ColumnSummary} per column, so the outcome does not depend on how Spark partitioned the files and
 * equals an upload of the same rows (every count, extreme, type and level exactly; mean and standard deviation to
 * rounding, and exactly when the data is one split). Column names follow the upload's rules too.
 */
final class SourceProfiler {

    /** The outcome: the dataset READY with these columns and parts, or FAILED with a code and message. */
    sealed interface Outcome permits Ready, Failed {
    }

    record Ready(long rows, List<DatasetStore.Column> columns, List<DatasetStore.Part> parts) implements Outcome {
    }

    record Failed(String code, String message) implements Outcome {
    }

    private SourceProfiler() {
    }

    static Outcome profile(SparkSession spark, SourceFrames.Source source, List<String> categorical, int maxLevels) {
        SourceFrames.Frame frame = SourceFrames.read(spark, source);
        int width = frame.dataColumns();
        List<SplitProfile> splits = new ArrayList<>(frame.rows().javaRDD()
                .mapPartitions(new SplitProfile.Profiler(width, frame.names(), new HashSet<>(categorical),
                        source.csvHeader(), maxLevels))
                .collect());
        splits.sort(Comparator.comparing((SplitProfile s) -> s.path).thenComparingLong(s -> s.blockStart));

        List<String> names = frame.names();
        if (source.csvHeader()) {
            if (splits.isEmpty()) {
                return new Failed("NO_DATA_ROWS", "the source has no rows");
            }
            String[] header = splits.get(0).header;
            for (SplitProfile split : splits) {
                if (split.header != null && !Arrays.equals(split.header, header)) {
                    return new Failed("INVALID_SOURCE", "the header of " + split.path + " differs from that of "
                            + splits.get(0).path + ": every part must start with the same header");
                }
            }
            names = Arrays.stream(header).map(n -> n == null ? "" : n).toList();
        }
        Failed invalid = checkNames(names, categorical);
        if (invalid != null) {
            return invalid;
        }

        ColumnSummary[] totals = new ColumnSummary[width];
        for (int i = 0; i < width; i++) {
            totals[i] = new ColumnSummary(categorical.contains(names.get(i)), maxLevels);
        }
        Map<String, long[]> files = new LinkedHashMap<>();
        long rows = 0;
        for (SplitProfile split : splits) {
            if (split.tooManyLevels >= 0) {
                return tooManyLevels(names.get(split.tooManyLevels), maxLevels);
            }
            for (int i = 0; i < width; i++) {
                if (!totals[i].merge(split.columns[i])) {
                    return tooManyLevels(names.get(i), maxLevels);
                }
            }
            rows += split.rows;
            long[] file = files.computeIfAbsent(split.path, p -> new long[] {0, split.fileSize});
            file[0] += split.rows;
        }
        if (rows == 0) {
            return new Failed("NO_DATA_ROWS", "the source has no data rows");
        }
        List<DatasetStore.Column> columns = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            ColumnSummary s = totals[i];
            columns.add(new DatasetStore.Column(i, names.get(i), s.numeric(), s.missing(), s.min(), s.max(), s.mean(),
                    s.std(), s.levels()));
        }
        List<DatasetStore.Part> parts = new ArrayList<>();
        files.forEach((path, counts) -> parts.add(new DatasetStore.Part(path, counts[0], counts[1])));
        return new Ready(rows, columns, parts);
    }

    /** An upload's rules for column names, and the categorical columns must exist. */
    private static Failed checkNames(List<String> names, List<String> categorical) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.isEmpty()) {
                return new Failed("INVALID_SOURCE", "column " + (i + 1) + " has an empty name");
            }
            if (name.indexOf('\0') >= 0) {
                return new Failed("INVALID_SOURCE", "column " + (i + 1) + "'s name contains a NUL character");
            }
            if (!seen.add(name)) {
                return new Failed("INVALID_SOURCE", "column name '" + name + "' appears twice");
            }
        }
        Set<String> unknown = new TreeSet<>(categorical);
        unknown.removeAll(seen);
        if (!unknown.isEmpty()) {
            return new Failed("INVALID_SOURCE", "categorical: no such column: " + String.join(", ", unknown));
        }
        return null;
    }

    private static Failed tooManyLevels(String column, int maxLevels) {
        return new Failed("TOO_MANY_LEVELS", "categorical column '" + column + "' has more than " + maxLevels
                + " distinct values");
    }
}
