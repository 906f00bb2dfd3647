package dev.estimator.dataset;

/** A dataset with what only this package needs: its chunk layout, encoded size and owner. */
record StoredDataset(Dataset dataset, int chunkRows, long storedBytes, String owner) {

    /** Stored chunks: none for a dataset by reference, whose rows stay at its source. */
    int chunkCount() {
        if (chunkRows == 0) {
            return 0;
        }
        return (int) ((dataset.rows() + chunkRows - 1) / chunkRows);
    }
}
