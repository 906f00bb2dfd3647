package dev.estimator.dataset;

/** A dataset with the storage details only this package needs: its chunk layout and encoded size. */
record StoredDataset(Dataset dataset, int chunkRows, long storedBytes) {

    int chunkCount() {
        return (int) ((dataset.rows() + chunkRows - 1) / chunkRows);
    }
}
