package dev.estimator.spark;

import java.util.List;
import java.util.Map;

/**
 * What to run: a DNS-safe name unique per run (e.g. {@code estimator-job-<id>-<attempt>}), the driver main's
 * arguments (never credentials) and non-secret settings; secrets come from the launcher's configuration.
 */
public record SparkLaunch(String name, List<String> arguments, Map<String, String> environment) {
}
