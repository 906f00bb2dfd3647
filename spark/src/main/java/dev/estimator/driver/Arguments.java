package dev.estimator.driver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code --name value} pairs of the driver's command line. */
public record Arguments(Map<String, String> values) {

    public static Arguments parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            values.put(args[i].substring(2), args[++i]);
        }
        return new Arguments(Map.copyOf(values));
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public String require(String name) {
        return get(name).orElseThrow(() -> new IllegalArgumentException("--" + name + " is required"));
    }
}
