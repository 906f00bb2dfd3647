package dev.estimator.domain;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, shaped like Spring Data's {@code PagedModel} so clients see the same JSON for every
 * paged resource: {@code {"content": [...], "page": {"number", "size", "totalElements", "totalPages"}}}.
 */
public record PageResponse<T>(List<T> content, PageMetadata page) {

    public PageResponse {
        content = List.copyOf(content);
    }

    /** A page {@code number} (0-based) of {@code size} items out of {@code totalElements}. */
    public static <T> PageResponse<T> of(List<T> content, int number, int size, long totalElements) {
        long totalPages = size <= 0 ? 0 : (totalElements + size - 1) / size;
        return new PageResponse<>(content, new PageMetadata(number, size, totalElements, totalPages));
    }

    /** The same page with each item converted, e.g. from a stored record to its response view. */
    public <R> PageResponse<R> map(Function<? super T, ? extends R> mapper) {
        return new PageResponse<>(content.stream().<R>map(mapper).toList(), page);
    }

    public record PageMetadata(int number, int size, long totalElements, long totalPages) {
    }
}
