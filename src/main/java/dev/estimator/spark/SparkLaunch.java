package dev.estimator.spark;

import java.util.List;
import java.util.Map;

/**
 * What to launch.
 *
 * @param name        DNS-safe and unique per job attempt or profiling run, e.g. {@code estimator-job-<id>-<attempt>}
 * @param arguments   the driver main's arguments, the command first (never credentials)
 * @param environment non-secret settings; secrets come from the launcher's own configuration
 */
public record SparkLaunch(String name, List<String> arguments, Map<String, String> environment) {

    public SparkLaunch {
        if (name == null || !name.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException("application name must be DNS-safe (lower case, digits, '-'): " + name);
        }
        arguments = List.copyOf(arguments);
        environment = Map.copyOf(environment);
    }
}
