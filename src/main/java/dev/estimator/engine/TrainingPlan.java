package dev.estimator.engine;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A design and a training config as one line of text, so a program elsewhere (a cluster driver) trains exactly
 * what the service planned without a mapping of its own: {@link #encode()} gives URL-safe Base64 of
 * {@code key=value} lines; {@link #decode} reads them back into equal records.
 */
public record TrainingPlan(DesignSpec design, TrainingConfig training) {

    public String encode() {
        Properties p = new Properties();
        p.setProperty("target", design.target());
        p.setProperty("features", String.valueOf(design.features().size()));
        for (int i = 0; i < design.features().size(); i++) {
            p.setProperty("feature." + i, design.features().get(i));
        }
        p.setProperty("model", design.model().name());
        p.setProperty("fitIntercept", String.valueOf(design.fitIntercept()));
        p.setProperty("standardize", String.valueOf(design.standardize()));
        p.setProperty("missing", design.missing().name());
        p.setProperty("holdout.fraction", Double.toString(design.holdout().fraction()));
        p.setProperty("holdout.folds", String.valueOf(design.holdout().folds()));
        p.setProperty("holdout.fold", String.valueOf(design.holdout().fold()));
        p.setProperty("seed", String.valueOf(design.seed()));
        if (design.weights() != null) {
            p.setProperty("weights", design.weights());
        }
        if (design.offset() != null) {
            p.setProperty("offset", design.offset());
        }
        TrainingConfig t = training;
        p.setProperty("huberDelta", Double.toString(t.huberDelta()));
        p.setProperty("l1", Double.toString(t.l1()));
        p.setProperty("l2", Double.toString(t.l2()));
        p.setProperty("algorithm", t.algorithm().name());
        p.setProperty("update", t.update().name());
        p.setProperty("learningRate", Double.toString(t.learningRate()));
        p.setProperty("schedule", t.schedule().name());
        p.setProperty("batchSize", String.valueOf(t.batchSize()));
        p.setProperty("maxIterations", String.valueOf(t.maxIterations()));
        p.setProperty("tolerance", Double.toString(t.tolerance()));
        p.setProperty("partitions", String.valueOf(t.partitions()));
        p.setProperty("parallelMode", t.parallelMode().name());
        p.setProperty("patience", String.valueOf(t.patience()));
        p.setProperty("trainingSeed", String.valueOf(t.seed()));
        p.setProperty("maxRuntimeNanos", String.valueOf(t.maxRuntimeNanos()));
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toString().getBytes(UTF_8));
    }

    /** @throws IllegalArgumentException on text that {@link #encode()} did not write */
    public static TrainingPlan decode(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(Base64.getUrlDecoder().decode(text), UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            List<String> features = new ArrayList<>();
            int count = Integer.parseInt(get(p, "features"));
            for (int i = 0; i < count; i++) {
                features.add(get(p, "feature." + i));
            }
            ModelKind model = ModelKind.valueOf(get(p, "model"));
            DesignSpec design = new DesignSpec(get(p, "target"), features, model,
                    Boolean.parseBoolean(get(p, "fitIntercept")), Boolean.parseBoolean(get(p, "standardize")),
                    MissingPolicy.valueOf(get(p, "missing")),
                    new DesignSpec.Holdout(Double.parseDouble(get(p, "holdout.fraction")),
                            Integer.parseInt(get(p, "holdout.folds")), Integer.parseInt(get(p, "holdout.fold"))),
                    Long.parseLong(get(p, "seed")), p.getProperty("weights"), p.getProperty("offset"));
            TrainingConfig training = TrainingConfig.builder(model)
                    .huberDelta(Double.parseDouble(get(p, "huberDelta")))
                    .l1(Double.parseDouble(get(p, "l1")))
                    .l2(Double.parseDouble(get(p, "l2")))
                    .algorithm(Algorithm.valueOf(get(p, "algorithm")))
                    .update(UpdateKind.valueOf(get(p, "update")))
                    .learningRate(Double.parseDouble(get(p, "learningRate")))
                    .schedule(ScheduleKind.valueOf(get(p, "schedule")))
                    .batchSize(Integer.parseInt(get(p, "batchSize")))
                    .maxIterations(Integer.parseInt(get(p, "maxIterations")))
                    .tolerance(Double.parseDouble(get(p, "tolerance")))
                    .partitions(Integer.parseInt(get(p, "partitions")))
                    .parallelMode(ParallelMode.valueOf(get(p, "parallelMode")))
                    .patience(Integer.parseInt(get(p, "patience")))
                    .seed(Long.parseLong(get(p, "trainingSeed")))
                    .maxRuntimeNanos(Long.parseLong(get(p, "maxRuntimeNanos")))
                    .build();
            return new TrainingPlan(design, training);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a training plan: " + e.getMessage(), e);
        }
    }

    private static String get(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v;
    }
}
