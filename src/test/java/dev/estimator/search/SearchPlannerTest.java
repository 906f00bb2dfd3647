package dev.estimator.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.estimator.dataset.Dataset;
import dev.estimator.dataset.DatasetService;
import dev.estimator.domain.FieldError;
import dev.estimator.domain.InvalidInput;
import dev.estimator.job.InvalidSpec;
import dev.estimator.job.JobService;
import dev.estimator.job.JobSpec;
import dev.estimator.security.Caller;
import tools.jackson.databind.json.JsonMapper;

/**
 * The planner without a Spring context: the job service's validation is a stand-in that refuses what a test says,
 * so each test sees how the planner names the job spec's violations within the search request.
 */
class SearchPlannerTest {

    static final Caller OWNER = Caller.of("team");
    static final String DATASET = UUID.randomUUID().toString();

    JobService jobs = mock(JobService.class);
    DatasetService datasets = mock(DatasetService.class);
    SearchPlanner planner;

    @BeforeEach
    void planner() {
        planner = new SearchPlanner(jobs, datasets, new GridPaths(JsonMapper.builder().build()),
                new SearchProperties(50, Duration.ofSeconds(1)));
        when(jobs.validate(any(), any())).thenAnswer(call -> call.getArgument(0));
        when(datasets.find(any(), any())).thenReturn(Optional.of(new Dataset(UUID.fromString(DATASET), "d", 100, 1,
                "", Instant.EPOCH, List.of())));
    }

    static JobSpec base() {
        return new JobSpec(DATASET, null, "y", null, null, null, null, null, null, null, null, null,
                new JobSpec.Optimizer(null, null, 0.1, null, null, null, null, null, null),
                new JobSpec.Validation(null, 10, null, null), null, 42L, null);
    }

    static SearchRequest request(Map<String, List<Object>> grid, Integer folds) {
        return new SearchRequest("s", base(), grid, folds, null, null);
    }

    @Test
    void aValidSearchIsPlannedWithItsDefaultsAndEveryCombination() {
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        grid.put("optimizer.learningRate", List.of(0.01, 0.1));
        grid.put("regularization.l2", List.of(0.0, 1.0, 10.0));

        SearchPlan plan = planner.plan(request(grid, null), OWNER);

        assertThat(plan.folds()).isEqualTo(SearchPlanner.DEFAULT_FOLDS);
        assertThat(plan.metric()).isEqualTo(SearchMetric.LOSS);
        assertThat(plan.candidates()).hasSize(6);
        assertThat(plan.candidates().get(1)).containsEntry("optimizer.learningRate", 0.01)
                .containsEntry("regularization.l2", 1.0);
        JobSpec fold = plan.foldSpec(new GridPaths(JsonMapper.builder().build()), 5, 3);
        assertThat(fold.optimizer().learningRate()).isEqualTo(0.1);
        assertThat(fold.regularization().l2()).isEqualTo(10.0);
        assertThat(fold.validation().folds()).isEqualTo(5);
        assertThat(fold.validation().fold()).isEqualTo(3);
    }

    @Test
    void theBaseSpecsViolationsAreNamedUnderBase() {
        when(jobs.validate(argThat(s -> s != null && s.validation().folds() == null), any()))
                .thenThrow(new InvalidSpec("bad", List.of(new FieldError("optimizer.learningRate",
                        "must be greater than 0"), new FieldError("target", "unknown column 'y'"))));

        assertThatThrownBy(() -> planner.plan(request(Map.of("regularization.l2", List.of(1.0)), 3), OWNER))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.violations()).containsExactly(
                        new FieldError("base.optimizer.learningRate", "must be greater than 0"),
                        new FieldError("base.target", "unknown column 'y'")));
    }

    @Test
    void aGridValueTheJobSpecRefusesIsNamedByItsIndexWithTheSpecsMessage() {
        when(jobs.validate(argThat(s -> s != null && s.regularization() != null
                && Double.valueOf(-1.0).equals(s.regularization().l2())), any()))
                .thenThrow(new InvalidSpec("bad", List.of(new FieldError("regularization.l2", "must be 0 or more"))));

        assertThatThrownBy(() -> planner.plan(request(Map.of("regularization.l2", List.of(1.0, -1.0)), 3), OWNER))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.violations()).containsExactly(
                        new FieldError("grid.regularization.l2[1]", "must be 0 or more (got -1.0)")));
    }

    @Test
    void pathsTypesAndFoldsAreCheckedBeforeAnyJobSpecIs() {
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        grid.put("optimizer.speed", List.of(1));
        grid.put("seed", List.of(1, 2));
        grid.put("optimizer.partitions", List.of(2, 1.5));
        grid.put("optimizer.update", List.of("adam", "adam"));

        assertThatThrownBy(() -> planner.plan(request(grid, 101), OWNER))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.violations())
                        .extracting(FieldError::field).containsExactly("folds", "grid.optimizer.speed", "grid.seed",
                                "grid.optimizer.partitions[1]", "grid.optimizer.update[1]"));
    }

    @Test
    void theGridPathsAreTheJobSpecsNumericAndEnumFieldsLessTheSearchsOwn() {
        assertThat(GridPaths.PATHS).containsOnlyKeys("model", "missing", "huberDelta", "regularization.l2",
                "regularization.l1", "optimizer.algorithm", "optimizer.update", "optimizer.learningRate",
                "optimizer.schedule", "optimizer.batchSize", "optimizer.maxIterations", "optimizer.tolerance",
                "optimizer.partitions", "optimizer.parallelMode", "validation.patience", "maxRuntimeSeconds");
        assertThat(GridPaths.PATHS.get("optimizer.batchSize")).isEqualTo(GridPaths.Kind.INTEGER);
        assertThat(GridPaths.PATHS.get("huberDelta")).isEqualTo(GridPaths.Kind.NUMBER);
        assertThat(GridPaths.PATHS.get("optimizer.update")).isEqualTo(GridPaths.Kind.CHOICE);
        assertThat(GridPaths.pathProblem("seed")).startsWith("cannot be varied");
        assertThat(GridPaths.pathProblem("target")).startsWith("is not a numeric or enum field");
    }
}
