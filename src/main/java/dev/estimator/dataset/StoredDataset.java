package dev.estimator.dataset;

/** A dataset with what only this package needs: its chunk layout, encoded size and owner. */
record StoredDataset(Dataset dataset, int chunkRows, long storedBytes, String owner) {

    int chunkCount() {
        return (int) ((dataset.rows() + chunkRows - 1) / chunkRows);
    }
}
