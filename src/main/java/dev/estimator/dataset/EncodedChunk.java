package dev.estimator.dataset;

/** One row of {@code dataset_chunk}: {@code rowCount} rows in {@link ChunkCodec}'s layout. */
record EncodedChunk(int index, int rowCount, byte[] data) {
}
