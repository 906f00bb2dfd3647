package dev.estimator.domain;

/**
 * The page size of every list: a size over {@link #MAX} is served as {@code MAX} (the response's
 * {@code page.size} says so), as Spring Data and Google's AIP-158 do, rather than refused.
 */
public final class PageSize {

    public static final int MAX = 100;
    public static final String DESCRIPTION = "Items per page, 1 or more; a size over " + MAX + " is served as "
            + MAX + " (page.size is the size used)";

    private PageSize() {
    }

    /** The size to serve for a requested one of 1 or more. */
    public static int clamp(int requested) {
        return Math.min(requested, MAX);
    }
}
