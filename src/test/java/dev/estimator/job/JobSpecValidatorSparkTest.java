package dev.estimator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.estimator.dataset.Dataset;
import dev.estimator.dataset.DatasetColumn;
import dev.estimator.dataset.DatasetService;
import dev.estimator.dataset.DatasetSource;
import dev.estimator.dataset.DatasetStatus;
import dev.estimator.domain.FieldError;
import dev.estimator.security.Caller;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a job on Spark may ask for, without Spark or a database: the same spec as a local job, refused only where
 * it would be refused locally (the engine's own checks stay: a weights column that is categorical, gamma on a
 * target ≤ 0).
 */
class JobSpecValidatorSparkTest {

    private static final UUID ID = UUID.fromString("00000000-0000-4000-8000-00000000000a");
    private static final Caller CALLER = Caller.of("team");

    private final JobSpecValidator validator;

    JobSpecValidatorSparkTest() {
        Dataset external = new Dataset(ID, "claims", 10_000, 0, null, Instant.EPOCH, List.of(
                DatasetColumn.numeric(0, "claims", 0, 0.0, 9.0, 1.0, 1.0),
                DatasetColumn.numeric(1, "age", 0, 18.0, 90.0, 40.0, 10.0),
                DatasetColumn.categorical(2, "region", 0, List.of("east", "north")),
                DatasetColumn.numeric(3, "exposure", 0, 0.1, 3.0, 1.0, 0.5),
                DatasetColumn.numeric(4, "w", 0, 0.0, 3.0, 1.0, 0.5)),
                DatasetStatus.READY, new DatasetSource("file:/data/claims/", DatasetSource.Format.PARQUET, null, null),
                null);
        DatasetService datasets = mock(DatasetService.class);
        given(datasets.find(eq(ID), any())).willReturn(Optional.of(external));
        SparkRuns spark = mock(SparkRuns.class);
        given(spark.available()).willReturn(true);
        validator = new JobSpecValidator(datasets, spark, 1000);
    }

    private JobSpec validate(String json) {
        return validator.validate(JsonMapper.builder().build().readValue(json, JobSpec.class), CALLER);
    }

    @Test
    void stochasticAlgorithmsWeightsAndOffsetsTrainOnSpark() {
        for (String optimizer : List.of("""
                {"algorithm": "sgd"}""", """
                {"algorithm": "minibatch", "batchSize": 512}""", """
                {"algorithm": "sgd", "parallelMode": "model_averaging", "update": "adam"}""", """
                {"algorithm": "minibatch", "parallelMode": "model_averaging"}""")) {
            JobSpec spec = validate("""
                    {"datasetId": "%s", "target": "claims", "model": "poisson", "features": ["age", "region"],
                     "weights": "w", "offset": "exposure", "optimizer": %s}""".formatted(ID, optimizer));
            assertThat(spec.engine()).isEqualTo("spark");
            assertThat(spec.weights()).isEqualTo("w");
            assertThat(spec.offset()).isEqualTo("exposure");
        }
    }

    @Test
    void whatIsRefusedLocallyIsRefusedOnSparkNamingTheField() {
        InvalidSpec refused = catchThrowableOfType(InvalidSpec.class, () -> validate("""
                {"datasetId": "%s", "target": "claims", "model": "gamma", "weights": "region",
                 "optimizer": {"algorithm": "gd", "parallelMode": "model_averaging"}}""".formatted(ID)));
        assertThat(refused.violations()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("target", "weights", "optimizer.parallelMode");
    }
}
