package dev.estimator.job;

import dev.estimator.engine.Algorithm;
import dev.estimator.engine.DesignSpec;
import dev.estimator.engine.MissingPolicy;
import dev.estimator.engine.ModelKind;
import dev.estimator.engine.ParallelMode;
import dev.estimator.engine.ScheduleKind;
import dev.estimator.engine.TrainingConfig;
import dev.estimator.engine.UpdateKind;

/** What the engine needs to run a validated, defaults-filled {@link JobSpec}. */
record JobPlan(DesignSpec design, TrainingConfig training) {

    static JobPlan of(JobSpec spec) {
        ModelKind model = SpecEnums.of(ModelKind.class, spec.model());
        JobSpec.Validation v = spec.validation();
        DesignSpec.Holdout holdout = v.folds() != null ? DesignSpec.Holdout.fold(v.folds(), v.fold())
                : DesignSpec.Holdout.fraction(v.fraction());
        DesignSpec design = new DesignSpec(spec.target(), spec.features(), model, spec.fitIntercept(),
                spec.standardize(), SpecEnums.of(MissingPolicy.class, spec.missing()), holdout, spec.seed(),
                spec.weights(), spec.offset());
        JobSpec.Optimizer o = spec.optimizer();
        TrainingConfig training = TrainingConfig.builder(model)
                .huberDelta(spec.huberDelta())
                .l1(spec.regularization().l1())
                .l2(spec.regularization().l2())
                .algorithm(SpecEnums.of(Algorithm.class, o.algorithm()))
                .update(SpecEnums.of(UpdateKind.class, o.update()))
                .learningRate(o.learningRate())
                .schedule(SpecEnums.of(ScheduleKind.class, o.schedule()))
                .batchSize(o.batchSize())
                .maxIterations(o.maxIterations())
                .tolerance(o.tolerance())
                .partitions(o.partitions())
                .parallelMode(SpecEnums.of(ParallelMode.class, o.parallelMode()))
                .patience(v.patience())
                .seed(spec.seed())
                .maxRuntimeNanos(runtimeNanos(spec.maxRuntimeSeconds()))
                .build();
        return new JobPlan(design, training);
    }

    /** 0 means no limit; a huge limit saturates rather than overflowing. */
    private static long runtimeNanos(Double seconds) {
        if (seconds == null) {
            return 0L;
        }
        return Math.max(1L, (long) Math.ceil(Math.min(seconds * 1e9, (double) Long.MAX_VALUE)));
    }
}
