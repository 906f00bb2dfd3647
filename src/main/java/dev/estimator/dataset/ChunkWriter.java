package dev.estimator.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Sends encoded chunks to the database in JDBC batches of about {@code batchBytes}: several narrow chunks
 * share one round trip, while a wide chunk goes alone so that no more than a batch's worth of encoded data
 * is held at once.
 */
final class ChunkWriter {

    private final ChunkRepository chunks;
    private final UUID datasetId;
    private final long batchBytes;
    private final List<EncodedChunk> pending = new ArrayList<>();
    private long pendingBytes;
    private long writtenBytes;

    ChunkWriter(ChunkRepository chunks, UUID datasetId, long batchBytes) {
        this.chunks = chunks;
        this.datasetId = datasetId;
        this.batchBytes = batchBytes;
    }

    void write(EncodedChunk chunk) {
        pending.add(chunk);
        pendingBytes += chunk.data().length;
        if (pendingBytes >= batchBytes) {
            flush();
        }
    }

    void flush() {
        if (!pending.isEmpty()) {
            chunks.insert(datasetId, pending);
            writtenBytes += pendingBytes;
            pending.clear();
            pendingBytes = 0;
        }
    }

    /** Encoded bytes written so far. */
    long writtenBytes() {
        return writtenBytes;
    }
}
