package dev.estimator.dataset;

/** One part (file) of a dataset by reference: its path as Spark named it, its rows and its bytes. */
record DatasetPart(String path, long rows, long sizeBytes) {
}
