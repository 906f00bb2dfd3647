package dev.estimator.spark;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code estimator.spark.*}: whether and how jobs on datasets by reference run on Spark.
 *
 * @param launcher {@code local} or {@code kubernetes}; unset means Spark is off
 * @param sources  URI prefixes a dataset's source may start with; none means no dataset by reference
 * @param local    the {@code local} launcher's settings
 * @param callbackHost the address a job's driver reports to (the service listens there on a port of its own
 *                 per run): loopback for the local launcher; this instance's address reachable from the cluster
 *                 (e.g. the pod IP) for Kubernetes
 */
@ConfigurationProperties("estimator.spark")
public record SparkProperties(String launcher, @DefaultValue List<String> sources, @DefaultValue Local local,
        @DefaultValue("127.0.0.1") String callbackHost) {

    public SparkProperties {
        sources = sources == null ? List.of() : sources.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public boolean enabled() {
        return launcher != null && !launcher.isBlank();
    }

    /**
     * @param master       Spark's master URL for the child JVM
     * @param driverFolder the driver jar and its runtime jars; unset means {@code spark-driver} beside the
     *                     service's jar (or beside {@code target/classes} in a build)
     * @param java         the {@code java} to run; unset means the service's own
     * @param jvmOptions   extra options for the child JVM, e.g. {@code -Xmx8g}
     */
    public record Local(@DefaultValue("local[*]") String master, Path driverFolder, Path java,
            @DefaultValue List<String> jvmOptions) {
    }
}
