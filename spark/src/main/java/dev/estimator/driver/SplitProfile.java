package dev.estimator.driver;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

import dev.estimator.engine.ColumnSummary;

/**
 * The profile of one file split (rows of one file from one start offset, in file order): its rows and one
 * {@link ColumnSummary} per column, and for a CSV with headers the header record that opened the file.
 */
final class SplitProfile implements Serializable {

    private static final long serialVersionUID = 1L;

    final String path;
    final long blockStart;
    final long fileSize;
    long rows;
    String[] header;
    final ColumnSummary[] columns;
    /** The first column found to have too many levels, or -1. */
    int tooManyLevels = -1;

    private SplitProfile(String path, long blockStart, long fileSize, int columnCount) {
        this.path = path;
        this.blockStart = blockStart;
        this.fileSize = fileSize;
        this.columns = new ColumnSummary[columnCount];
    }

    /** Profiles each partition's rows, one profile per split it holds. */
    static final class Profiler implements FlatMapFunction<Iterator<Row>, SplitProfile> {

        private static final long serialVersionUID = 1L;

        private final int dataColumns;
        private final List<String> names;
        private final Set<String> categorical;
        private final boolean csvHeader;
        private final int maxLevels;

        /**
         * @param names names of the columns when they do not come from each file's header
         */
        Profiler(int dataColumns, List<String> names, Set<String> categorical, boolean csvHeader, int maxLevels) {
            this.dataColumns = dataColumns;
            this.names = List.copyOf(names);
            this.categorical = Set.copyOf(categorical);
            this.csvHeader = csvHeader;
            this.maxLevels = maxLevels;
        }

        @Override
        public Iterator<SplitProfile> call(Iterator<Row> rows) {
            List<SplitProfile> splits = new ArrayList<>();
            SplitProfile current = null;
            String[] cells = new String[dataColumns];
            while (rows.hasNext()) {
                Row row = rows.next();
                String path = row.getString(dataColumns + SourceFrames.PATH);
                long blockStart = row.getLong(dataColumns + SourceFrames.BLOCK_START);
                boolean first = current == null || current.blockStart != blockStart || !current.path.equals(path);
                for (int i = 0; i < dataColumns; i++) {
                    cells[i] = SourceCells.text(row.get(i));
                }
                if (first) {
                    current = new SplitProfile(path, blockStart, row.getLong(dataColumns + SourceFrames.FILE_SIZE),
                            dataColumns);
                    splits.add(current);
                    if (blockStart == 0 && cells.length > 0 && cells[0] != null && cells[0].startsWith("\uFEFF")) {
                        cells[0] = cells[0].substring(1); // a UTF-8 byte order mark, as an upload allows
                    }
                    List<String> columnNames = names;
                    if (csvHeader && blockStart == 0) {
                        current.header = cells.clone();
                        columnNames = java.util.Arrays.asList(current.header);
                    }
                    for (int i = 0; i < dataColumns; i++) {
                        current.columns[i] = new ColumnSummary(categorical.contains(columnNames.get(i)), maxLevels);
                    }
                    if (current.header != null) {
                        continue;
                    }
                }
                current.rows++;
                for (int i = 0; i < dataColumns; i++) {
                    if (!current.columns[i].accept(cells[i]) && current.tooManyLevels < 0) {
                        current.tooManyLevels = i;
                    }
                }
            }
            return splits.iterator();
        }
    }
}
