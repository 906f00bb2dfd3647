package dev.estimator.dataset;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.estimator.engine.Frame;

/**
 * Builds a {@link Frame} from a dataset's chunks. Chunks are fetched a batch at a time (about
 * {@code batchBytes}) and copied straight into the column arrays, so loading needs the frame plus one
 * batch of encoded bytes, never the whole dataset twice.
 */
@Component
class FrameLoader {

    private final ChunkRepository chunks;
    private final DatasetProperties properties;

    FrameLoader(ChunkRepository chunks, DatasetProperties properties) {
        this.chunks = chunks;
        this.properties = properties;
    }

    Frame load(StoredDataset stored) {
        Dataset dataset = stored.dataset();
        if (dataset.rows() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("dataset " + dataset.id() + " has too many rows for one frame");
        }
        int rows = (int) dataset.rows();
        int columnCount = dataset.columns().size();
        double[][] values = new double[columnCount][rows];
        long chunkBytes = Math.max(1L, 8L * stored.chunkRows() * columnCount);
        int chunksPerBatch = (int) Math.max(1, properties.batchBytes().toBytes() / chunkBytes);
        int chunkCount = stored.chunkCount();
        int[] nextRow = {0};
        int[] nextChunk = {0};
        for (int from = 0; from < chunkCount; from += chunksPerBatch) {
            int to = Math.min(chunkCount, from + chunksPerBatch);
            chunks.read(dataset.id(), from, to, (index, rowCount, data) -> {
                if (index != nextChunk[0] || nextRow[0] + rowCount > rows
                        || data.length != 8L * rowCount * columnCount) {
                    throw new IllegalStateException("chunk " + index + " of dataset " + dataset.id()
                            + " does not fit its metadata");
                }
                DoubleBuffer chunk = ChunkCodec.view(data);
                for (int c = 0; c < columnCount; c++) {
                    ChunkCodec.decodeColumn(chunk, rowCount, c, values[c], nextRow[0]);
                }
                nextRow[0] += rowCount;
                nextChunk[0]++;
            });
        }
        if (nextRow[0] != rows) {
            // The dataset was deleted while we read it, or its chunks are incomplete.
            throw new DatasetNotFoundException(dataset.id());
        }
        List<Frame.Column> columns = new ArrayList<>(columnCount);
        for (DatasetColumn column : dataset.columns()) {
            double[] v = values[column.index()];
            columns.add(column.isCategorical()
                    ? Frame.Column.categorical(column.name(), v, column.levels())
                    : Frame.Column.numeric(column.name(), v));
        }
        return new Frame(rows, columns);
    }
}
