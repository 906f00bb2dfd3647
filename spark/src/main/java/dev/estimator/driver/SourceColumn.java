package dev.estimator.driver;

import java.io.Serializable;
import java.util.List;

/** A column the driver reads: numeric, or categorical with its levels in {@link String#compareTo} order. */
record SourceColumn(String name, boolean categorical, List<String> levels) implements Serializable {

    SourceColumn {
        levels = List.copyOf(levels);
    }
}
