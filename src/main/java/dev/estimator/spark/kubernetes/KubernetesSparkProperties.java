package dev.estimator.spark.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code estimator.spark.kubernetes.*}: how the {@code kubernetes} launcher writes a {@code SparkApplication} for the
 * Spark operator. Read only when {@code estimator.spark.launcher=kubernetes}. Credentials are never values here,
 * only the names of Kubernetes Secrets (and keys in them) that the driver and executors read as environment.
 *
 * @param namespace           where the applications are created (a namespace the operator watches); unset means
 *                            the client's own (in a pod: the pod's namespace)
 * @param image               the driver image ({@code spark/Dockerfile}); required
 * @param executorImage       the executors' image; unset means {@code image}
 * @param imagePullPolicy     {@code Always}, {@code IfNotPresent} or {@code Never}
 * @param imagePullSecrets    Secrets for pulling the images from a private registry
 * @param mainApplicationFile the driver jar inside the image, as Spark names it ({@code local://} is a path in the image)
 * @param classPath           the driver's runtime jars inside the image, added to the driver's and executors' class
 *                            path ({@code spark.driver.extraClassPath}, {@code spark.executor.extraClassPath})
 * @param sparkVersion        the image's Spark version (the operator requires it)
 * @param serviceAccount      the driver pod's service account, which must be allowed to create the executor pods;
 *                            unset means the namespace's default
 * @param driver              the driver pod's size
 * @param executor            the executors' number and size
 * @param sparkConf           further Spark properties, e.g. {@code spark.hadoop.fs.s3a.endpoint}; never credentials
 * @param storageSecret       the Secret whose keys give the driver and executors their storage credentials
 * @param databaseSecret      the Secret and key holding the database password the driver writes progress with
 * @param timeToLive          how long the operator keeps a finished application before deleting it; zero keeps it
 * @param labels              further labels of each application
 */
@ConfigurationProperties("estimator.spark.kubernetes")
public record KubernetesSparkProperties(
        String namespace,
        String image,
        String executorImage,
        @DefaultValue("IfNotPresent") String imagePullPolicy,
        @DefaultValue List<String> imagePullSecrets,
        @DefaultValue("local:///opt/estimator/estimator-spark-driver.jar") String mainApplicationFile,
        @DefaultValue("/opt/estimator/lib/*") String classPath,
        @DefaultValue("4.2.0") String sparkVersion,
        String serviceAccount,
        @DefaultValue Driver driver,
        @DefaultValue Executor executor,
        @DefaultValue Map<String, String> sparkConf,
        @DefaultValue StorageSecret storageSecret,
        @DefaultValue DatabaseSecret databaseSecret,
        @DefaultValue("1h") Duration timeToLive,
        @DefaultValue Map<String, String> labels) {

    public KubernetesSparkProperties {
        require(image != null && !image.isBlank(), "image (the driver image) must be set");
        require(List.of("Always", "IfNotPresent", "Never").contains(imagePullPolicy),
                "image-pull-policy must be Always, IfNotPresent or Never");
        require(mainApplicationFile != null && !mainApplicationFile.isBlank(), "main-application-file must be set");
        require(timeToLive != null && !timeToLive.isNegative(), "time-to-live must be 0 or more");
        require(databaseSecret.name() != null && !databaseSecret.name().isBlank(),
                "database-secret.name must name the Secret with the database password for the driver");
        imagePullSecrets = List.copyOf(imagePullSecrets);
        sparkConf = Map.copyOf(sparkConf);
        labels = Map.copyOf(labels);
        for (String key : sparkConf.keySet()) {
            // Spark reads credentials from its properties too; those belong in a Secret, not in the resource.
            require(!looksSecret(key), "spark-conf." + key + " looks like a credential: give it through storage-secret");
        }
    }

    /** The executors' image. */
    public String executorImageOrDefault() {
        return executorImage != null && !executorImage.isBlank() ? executorImage : image;
    }

    /**
     * @param cores       {@code spark.driver.cores}
     * @param memory      {@code spark.driver.memory}, e.g. {@code 2g}
     * @param javaOptions further JVM options (the Vector API module is always added)
     */
    public record Driver(@DefaultValue("1") int cores, @DefaultValue("2g") String memory, String javaOptions) {
        public Driver {
            require(cores >= 1, "driver.cores must be at least 1");
            require(memory != null && !memory.isBlank(), "driver.memory must be set");
        }
    }

    /**
     * @param instances   executors of each application
     * @param cores       cores of each executor (tasks it runs at once)
     * @param memory      heap of each executor, e.g. {@code 4g}
     * @param javaOptions further JVM options (the Vector API module is always added)
     */
    public record Executor(@DefaultValue("2") int instances, @DefaultValue("1") int cores,
            @DefaultValue("4g") String memory, String javaOptions) {
        public Executor {
            require(instances >= 1, "executor.instances must be at least 1");
            require(cores >= 1, "executor.cores must be at least 1");
            require(memory != null && !memory.isBlank(), "executor.memory must be set");
        }
    }

    /**
     * @param name the Secret; unset means none (e.g. storage reached through the pods' own cloud identity)
     * @param keys its keys, each given to the driver and executors as the environment variable of the same name
     *             (Hadoop's S3A connector reads {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY})
     */
    public record StorageSecret(String name,
            @DefaultValue({"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}) List<String> keys) {
        public StorageSecret {
            keys = List.copyOf(keys);
            for (String key : keys) {
                require(key.matches("[A-Za-z_][A-Za-z0-9_]*"), "storage-secret.keys: " + key
                        + " is not an environment variable name");
            }
        }

        public boolean configured() {
            return name != null && !name.isBlank();
        }
    }

    /**
     * @param name the Secret (in the applications' namespace)
     * @param key  the password's key in it
     */
    public record DatabaseSecret(String name, @DefaultValue("password") String key) {
    }

    /** Spark and Hadoop properties that carry credentials ({@code fs.s3a.secret.key}, {@code spark.authenticate.secret}…). */
    static boolean looksSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.endsWith("session.token") || k.endsWith("oauthtoken")
                || k.matches(".*\\.(access|account|private)\\.key(\\..*)?");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("estimator.spark.kubernetes." + message);
        }
    }
}
