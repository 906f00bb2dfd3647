package dev.estimator.job;

/** The stored result (as the API shows it) and model (what predictions need) of a SUCCEEDED job, as JSON. */
record StoredResult(String result, String model) {
}
