package dev.estimator.dataset;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import dev.estimator.spark.SparkProperties;
import dev.estimator.domain.FieldError;
import dev.estimator.domain.InvalidInput;
import dev.estimator.domain.NotEnabled;

/**
 * Registers a dataset by reference: checks the request (the source within the allowed prefixes, never with
 * credentials), stores it {@code PROFILING} for its owner, and has {@link DatasetProfiler} start its profiling run.
 */
@Service
class DatasetRegistrar {

    private static final Logger log = LoggerFactory.getLogger(DatasetRegistrar.class);

    private final DatasetRepository repository;
    private final SparkProperties properties;
    private final DatasetProfiler profiler;
    private final Clock clock;

    DatasetRegistrar(DatasetRepository repository, SparkProperties properties, DatasetProfiler profiler,
            ObjectProvider<Clock> clock) {
        this.repository = repository;
        this.properties = properties;
        this.profiler = profiler;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /**
     * @throws NotEnabled when no source prefixes are configured; InvalidInput naming every invalid field
     */
    Dataset register(RegistrationRequest request, String owner) {
        if (properties.sources().isEmpty() || !properties.enabled()) {
            throw new NotEnabled("references-disabled", "Datasets by reference are off",
                    "this service reads no sources: its operator allows them with estimator.spark.sources and "
                            + "estimator.spark.launcher");
        }
        List<FieldError> errors = new ArrayList<>();
        DatasetSource source = source(request.source(), errors);
        List<String> categorical = categorical(request.categorical(), errors);
        String name = name(request.name(), source, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInput("the dataset registration has invalid fields", errors);
        }
        Dataset dataset = new Dataset(UUID.randomUUID(), name, 0, 0, null,
                clock.instant().truncatedTo(ChronoUnit.MICROS), List.of(), DatasetStatus.PROFILING, source, null);
        repository.insertReference(dataset, owner, categorical);
        // The URI is not logged: the id leads to it for those who may see it.
        log.info("Registered dataset {} '{}' by reference ({}); profiling it", dataset.id(), dataset.name(),
                source.format().apiName());
        profiler.start(dataset.id());
        return dataset;
    }

    private DatasetSource source(RegistrationRequest.SourceRequest request, List<FieldError> errors) {
        if (request == null) {
            errors.add(new FieldError("source", "is required"));
            return null;
        }
        String uri = request.uri();
        if (uri == null || uri.isBlank()) {
            errors.add(new FieldError("source.uri", "is required"));
        } else {
            checkUri(uri, errors);
        }
        DatasetSource.Format format = null;
        if (request.format() == null) {
            errors.add(new FieldError("source.format", "is required: parquet or csv"));
        } else {
            try {
                format = DatasetSource.Format.valueOf(request.format().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("source.format", "must be parquet or csv"));
            }
        }
        Character delimiter = null;
        if (format == DatasetSource.Format.PARQUET) {
            if (request.header() != null) {
                errors.add(new FieldError("source.header", "applies to csv only"));
            }
            if (request.delimiter() != null) {
                errors.add(new FieldError("source.delimiter", "applies to csv only"));
            }
        } else if (request.delimiter() != null) {
            String d = request.delimiter();
            if (d.length() != 1 || d.charAt(0) == '"' || d.charAt(0) == '\r' || d.charAt(0) == '\n') {
                errors.add(new FieldError("source.delimiter", "must be one character other than a quote or a line break"));
            } else {
                delimiter = d.charAt(0);
            }
        }
        if (!errors.isEmpty() || format == null) {
            return null;
        }
        return new DatasetSource(uri, format, request.header(), delimiter);
    }

    /** A URI Spark can read, within an allowed prefix, with no credentials and no dot segments to climb out. */
    private void checkUri(String uri, List<FieldError> errors) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            errors.add(new FieldError("source.uri", "is not a valid URI"));
            return;
        }
        if (!parsed.isAbsolute() || parsed.isOpaque()) {
            errors.add(new FieldError("source.uri", "must be an absolute URI such as s3a://bucket/path/"));
            return;
        }
        if (parsed.getRawUserInfo() != null || parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            // Storage credentials belong in the launcher's configuration, never in a dataset's reference.
            errors.add(new FieldError("source.uri", "must not carry user info, a query or a fragment"));
            return;
        }
        String path = parsed.getRawPath() == null ? "" : parsed.getRawPath();
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..") || segment.equalsIgnoreCase("%2e")
                    || segment.equalsIgnoreCase("%2e%2e")) {
                errors.add(new FieldError("source.uri", "must not contain . or .. segments"));
                return;
            }
        }
        if (properties.sources().stream().noneMatch(uri::startsWith)) {
            errors.add(new FieldError("source.uri", "must start with one of the allowed prefixes: "
                    + String.join(", ", properties.sources())));
        }
    }

    private static List<String> categorical(List<String> names, List<FieldError> errors) {
        if (names == null) {
            return List.of();
        }
        var seen = new HashSet<String>();
        for (String name : names) {
            if (name == null || name.isEmpty()) {
                errors.add(new FieldError("categorical", "column names must not be empty"));
                return List.of();
            }
            seen.add(name);
        }
        return List.copyOf(seen);
    }

    private static String name(String requested, DatasetSource source, List<FieldError> errors) {
        if (requested != null) {
            String name = requested.strip();
            if (name.isEmpty() || name.length() > DatasetUploadController.MAX_NAME_LENGTH || name.indexOf('\0') >= 0) {
                errors.add(new FieldError("name", "must be 1 to " + DatasetUploadController.MAX_NAME_LENGTH
                        + " characters"));
            }
            return name;
        }
        if (source == null) {
            return DatasetUploadController.DEFAULT_NAME;
        }
        String[] segments = URI.create(source.uri()).getPath().split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            if (!segments[i].isEmpty()) {
                String name = segments[i];
                return name.length() > DatasetUploadController.MAX_NAME_LENGTH
                        ? name.substring(0, DatasetUploadController.MAX_NAME_LENGTH) : name;
            }
        }
        return DatasetUploadController.DEFAULT_NAME;
    }
}
