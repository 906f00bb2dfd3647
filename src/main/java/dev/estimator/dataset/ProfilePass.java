package dev.estimator.dataset;

import java.io.Reader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The first pass over an upload: reads the header (or names the columns {@code c0, c1, ...}), checks every
 * record has as many fields, counts the rows and profiles each column. Memory is bounded by the number of
 * columns and the level limit, not by the rows.
 */
final class ProfilePass implements CsvScanner.RecordVisitor {

    /** The outcome: row count and the columns' metadata, in file order. */
    record Result(long rows, List<DatasetColumn> columns) {
    }

    private final UploadOptions options;
    private final int maxLevels;
    private ColumnProfile[] columns;
    private List<String> firstRecord = new ArrayList<>();
    private long line;
    private long firstLine;
    private long rows;

    private ProfilePass(UploadOptions options, int maxLevels) {
        this.options = options;
        this.maxLevels = maxLevels;
    }

    static Result run(Reader csv, UploadOptions options, int maxLevels) {
        ProfilePass pass = new ProfilePass(options, maxLevels);
        CsvScanner.scan(csv, options.delimiter(), pass);
        return pass.result();
    }

    @Override
    public void beginRecord(long startLine) {
        line = startLine;
    }

    @Override
    public void field(int index, char[] buf, int offset, int length) {
        if (columns == null) {
            firstRecord.add(new String(buf, offset, length));
        } else if (index < columns.length) {
            columns[index].accept(buf, offset, length, line);
        }
    }

    @Override
    public void endRecord(long startLine, int fieldCount) {
        if (columns == null) {
            firstLine = startLine;
            startColumns(firstRecord);
            if (options.header()) {
                firstRecord = null;
                return;
            }
            // Without a header the first record is data: replay it into the fresh profiles.
            for (int i = 0; i < columns.length; i++) {
                char[] value = firstRecord.get(i).toCharArray();
                columns[i].accept(value, 0, value.length, startLine);
            }
            firstRecord = null;
        } else if (fieldCount != columns.length) {
            throw CsvProblems.raggedRow(startLine, columns.length, fieldCount);
        }
        rows++;
    }

    private void startColumns(List<String> first) {
        List<String> names = new ArrayList<>(first.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < first.size(); i++) {
            String name = options.header() ? first.get(i) : "c" + i;
            if (name.isEmpty()) {
                throw CsvProblems.emptyHeaderName(i);
            }
            if (name.indexOf('\0') >= 0) {
                // PostgreSQL text cannot hold NUL; better a 400 now than a failed insert later.
                throw CsvProblems.invalidColumnName(i);
            }
            if (!seen.add(name)) {
                throw CsvProblems.duplicateHeaderName(name, i);
            }
            names.add(name);
        }
        Set<String> unknown = new TreeSet<>(options.categorical());
        unknown.removeAll(seen);
        if (!unknown.isEmpty()) {
            throw CsvProblems.invalidParameter("categorical", "no such column: " + String.join(", ", unknown));
        }
        columns = new ColumnProfile[names.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = new ColumnProfile(i, names.get(i), options.categorical().contains(names.get(i)), maxLevels);
        }
    }

    private Result result() {
        if (rows == 0) {
            // The line a first data row would have started on.
            throw CsvProblems.noDataRows(columns == null ? 1 : firstLine + 1);
        }
        List<DatasetColumn> summaries = new ArrayList<>(columns.length);
        for (ColumnProfile column : columns) {
            summaries.add(column.summary());
        }
        return new Result(rows, summaries);
    }
}
