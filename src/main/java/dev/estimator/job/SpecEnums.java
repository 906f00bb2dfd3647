package dev.estimator.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The API spells engine enums in lower case ({@code impute_mean}, {@code model_averaging}). */
final class SpecEnums {

    private SpecEnums() {
    }

    static <E extends Enum<E>> Optional<E> parse(Class<E> type, String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Like {@link #parse} for a value already validated. */
    static <E extends Enum<E>> E of(Class<E> type, String text) {
        return parse(type, text).orElseThrow(() -> new IllegalArgumentException("unknown " + type.getSimpleName()
                + " '" + text + "'"));
    }

    static String spell(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** "one of a, b, c" for error messages. */
    static String choices(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(SpecEnums::spell)
                .collect(Collectors.joining(", ", "one of ", ""));
    }
}
