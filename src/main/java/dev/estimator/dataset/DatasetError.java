package dev.estimator.dataset;

/**
 * Why a dataset is {@link DatasetStatus#FAILED}: a stable code ({@code SOURCE_UNREADABLE}, {@code NO_DATA_ROWS},
 * {@code TOO_MANY_LEVELS}, {@code INVALID_SOURCE}, {@code INTERNAL}) and a message for people.
 */
public record DatasetError(String code, String message) {
}
