package dev.estimator.driver;

import java.util.List;
import java.util.Set;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import dev.estimator.engine.FitResult;
import dev.estimator.engine.Trainer;
import dev.estimator.engine.TrainingListener;
import dev.estimator.engine.TrainingOutcome;
import dev.estimator.engine.TrainingPlan;

/**
 * A job on Spark: the source read, its design blocks built and persisted, the engine's {@link Trainer} run over
 * their sums, and the engine's result computed from the blocks' merged result sums.
 */
final class SparkTraining implements AutoCloseable {

    /** Most levels a categorical column may have, as for uploads. */
    static final int MAX_LEVELS = 1000;

    private final DesignBlocks.Built built;
    private final SparkSums sums;
    private final TrainingPlan plan;

    private SparkTraining(DesignBlocks.Built built, SparkSums sums, TrainingPlan plan) {
        this.built = built;
        this.sums = sums;
        this.plan = plan;
    }

    static SparkTraining prepare(SparkSession spark, Source source, Set<String> categorical, TrainingPlan plan) {
        Dataset<Row> data = source.read(spark);
        List<String> names = columns(data, plan);
        List<SourceColumn> columns = ColumnScan.scan(data, names, categorical, source.csv(), MAX_LEVELS);
        DesignBlocks.Built built = DesignBlocks.build(data, columns, plan.design());
        SparkSums sums = new SparkSums(JavaSparkContext.fromSparkContext(spark.sparkContext()), built.blocks(),
                built.shape(), plan.training(), built.totals());
        return new SparkTraining(built, sums, plan);
    }

    /**
     * The target, then the features (every other column when the spec names none), then the weights and offset
     * columns.
     */
    private static List<String> columns(Dataset<Row> data, TrainingPlan plan) {
        String target = plan.design().target();
        List<String> all = List.of(data.columns());
        if (!all.contains(target)) {
            throw new dev.estimator.engine.DesignException("target column '" + target + "' does not exist");
        }
        List<String> features = plan.design().features().isEmpty()
                ? all.stream().filter(c -> !c.equals(target)).toList() : plan.design().features();
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        out.add(target);
        for (String f : features) {
            if (!all.contains(f)) {
                throw new dev.estimator.engine.DesignException("feature column '" + f + "' does not exist");
            }
            if (!out.contains(f)) {
                out.add(f);
            }
        }
        String[][] extras = {{"weights", plan.design().weights()}, {"offset", plan.design().offset()}};
        for (String[] e : extras) {
            if (e[1] == null) {
                continue;
            }
            if (!all.contains(e[1])) {
                throw new dev.estimator.engine.DesignException(e[0] + " column '" + e[1] + "' does not exist");
            }
            if (!out.contains(e[1])) {
                out.add(e[1]);
            }
        }
        return out;
    }

    Trainer trainer() {
        return new Trainer(built.shape(), plan.training(), sums, sums);
    }

    DesignBlocks.Built built() {
        return built;
    }

    TrainingOutcome run(Trainer trainer, TrainingListener listener) {
        return trainer.run(listener);
    }

    FitResult result(TrainingOutcome outcome) {
        return FitResult.of(built.shape(), plan.training(), outcome, sums.result(outcome.params()));
    }

    @Override
    public void close() {
        built.blocks().unpersist(false);
    }
}
