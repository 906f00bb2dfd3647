package dev.estimator.driver;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads rows {@code offset} to {@code offset + limit} of a dataset by reference, in its row order (parts in path
 * order as profiling recorded them, each part's rows in file order), reading only the parts that hold them. Where
 * Spark cut a part into several splits, a row's place in its file is only known once the splits before it are
 * counted, so each split sends its row count and its first rows (no more than the window could need) and the places
 * are worked out here.
 */
final class WindowReader {

    private WindowReader() {
    }

    /** A row's cells as text (null when missing), as profiling read them. */
    static List<List<String>> read(SparkSession spark, SourceFrames.Source source, List<DatasetStore.Part> parts,
            long offset, int limit) {
        long end = offset + limit;
        Map<String, long[]> wanted = new HashMap<>(); // path -> {first row of the file, rows the window needs}
        List<String> paths = new ArrayList<>();
        long fileStart = 0;
        for (DatasetStore.Part part : parts) {
            long fileEnd = fileStart + part.rows();
            if (fileEnd > offset && fileStart < end) {
                wanted.put(part.path(), new long[] {fileStart, Math.min(fileEnd, end) - fileStart});
                paths.add(part.path());
            }
            fileStart = fileEnd;
        }
        if (paths.isEmpty()) {
            return List.of();
        }
        Map<String, Long> needed = new HashMap<>();
        wanted.forEach((path, w) -> needed.put(path, w[1]));
        SourceFrames.Frame frame = SourceFrames.read(spark, source, paths);
        List<Piece> pieces = new ArrayList<>(frame.rows().javaRDD()
                .mapPartitions(new Cutter(frame.dataColumns(), source.csv(), source.csvHeader(), needed)).collect());
        pieces.sort(Comparator.comparing((Piece p) -> p.path).thenComparingLong(p -> p.blockStart));

        List<List<String>> window = new ArrayList<>();
        String file = null;
        long before = 0; // rows of this file in earlier splits
        for (Piece piece : pieces) {
            if (!piece.path.equals(file)) {
                file = piece.path;
                before = 0;
            }
            long first = wanted.get(piece.path)[0];
            for (int i = 0; i < piece.rows.size(); i++) {
                long row = first + before + i;
                if (row >= offset && row < end) {
                    window.add(piece.rows.get(i));
                }
            }
            before += piece.count;
        }
        return window;
    }

    /** One split: its row count and its first rows. */
    static final class Piece implements Serializable {
        private static final long serialVersionUID = 1L;
        final String path;
        final long blockStart;
        long count;
        final List<List<String>> rows = new ArrayList<>();

        Piece(String path, long blockStart) {
            this.path = path;
            this.blockStart = blockStart;
        }
    }

    private static final class Cutter implements FlatMapFunction<Iterator<Row>, Piece> {
        private static final long serialVersionUID = 1L;
        private final int dataColumns;
        private final boolean csv;
        private final boolean csvHeader;
        private final Map<String, Long> needed;

        Cutter(int dataColumns, boolean csv, boolean csvHeader, Map<String, Long> needed) {
            this.dataColumns = dataColumns;
            this.csv = csv;
            this.csvHeader = csvHeader;
            this.needed = new HashMap<>(needed);
        }

        @Override
        public Iterator<Piece> call(Iterator<Row> input) {
            List<Piece> pieces = new ArrayList<>();
            Piece current = null;
            long keep = 0;
            String[] cells = new String[dataColumns];
            while (input.hasNext()) {
                Row row = input.next();
                String path = row.getString(dataColumns + SourceFrames.PATH);
                long blockStart = row.getLong(dataColumns + SourceFrames.BLOCK_START);
                boolean first = current == null || current.blockStart != blockStart || !current.path.equals(path);
                if (first) {
                    current = new Piece(path, blockStart);
                    pieces.add(current);
                    keep = needed.getOrDefault(path, 0L);
                    if (csvHeader && blockStart == 0) {
                        continue; // the part's header
                    }
                }
                if (current.count < keep) {
                    for (int i = 0; i < dataColumns; i++) {
                        cells[i] = SourceCells.text(row.get(i));
                    }
                    if (first && csv && blockStart == 0) {
                        SourceCells.dropByteOrderMark(cells);
                    }
                    current.rows.add(java.util.Arrays.asList(cells.clone()));
                }
                current.count++;
            }
            return pieces.iterator();
        }
    }
}
