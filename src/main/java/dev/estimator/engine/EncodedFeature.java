package dev.estimator.engine;

import java.util.List;

/**
 * How one source column became design columns: a numeric column is one column, standardized with
 * {@code center}/{@code scale}; a categorical column is one indicator per level in
 * {@code levels[firstLevel …]} (the first level is the baseline when there is an intercept).
 */
public record EncodedFeature(String column, boolean categorical, List<String> levels, int firstLevel,
        double center, double scale) implements java.io.Serializable {

    public EncodedFeature {
        levels = levels == null ? List.of() : List.copyOf(levels);
    }

    public int width() {
        return categorical ? levels.size() - firstLevel : 1;
    }

    /** Name of the design column {@code k} of this feature: {@code column} or {@code column=level}. */
    public String name(int k) {
        return categorical ? column + "=" + levels.get(firstLevel + k) : column;
    }
}
