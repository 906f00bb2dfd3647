package dev.estimator.driver;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import dev.estimator.engine.DesignColumns;
import dev.estimator.engine.DesignException;
import dev.estimator.engine.DesignShape;
import dev.estimator.engine.DesignSpec;
import dev.estimator.engine.EncodedFeature;
import dev.estimator.engine.Frame;
import dev.estimator.engine.HoldoutAssignment;
import dev.estimator.engine.MissingPolicy;
import dev.estimator.engine.MissingValues;
import dev.estimator.engine.ModelKind;
import dev.estimator.engine.NoRowsLeftException;
import dev.estimator.engine.RowColumns;
import dev.estimator.engine.RowWriter;
import dev.estimator.engine.Standardization;
import dev.estimator.engine.TargetEncoding;
import dev.estimator.engine.WeightTotals;

/**
 * Builds a job's design blocks from its source with the engine's design steps, in three passes over the
 * source's blocks (persisted in between): the fills of {@code impute_mean} over all training rows, then the
 * standardization statistics and the prior weights' totals over all training (and validation) rows (each
 * block's merged in key order, which also numbers the blocks as partitions of SGD), then every
 * block written with the same encoding by {@link RowWriter}. Rows are held out by a seeded hash of their
 * stable key ({@link HoldoutAssignment#heldOutByKey}, {@link HoldoutAssignment#foldOfKey}), never by
 * partition.
 */
final class DesignBlocks {

    /**
     * The persisted blocks and what they are.
     *
     * @param totals the prior weights' totals over all blocks, merged in key order; null without weights
     */
    record Built(JavaRDD<DesignBlock> blocks, DesignShape shape, WeightTotals totals) {
    }

    private DesignBlocks() {
    }

    static Built build(Dataset<Row> data, List<SourceColumn> columns, DesignSpec spec) {
        List<String> files = new ArrayList<>(Arrays.stream(data.inputFiles()).map(DesignBlocks::path).toList());
        files.sort(Comparator.naturalOrder());
        Map<String, Integer> ranks = new java.util.HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            ranks.put(files.get(i), i);
        }
        int width = columns.size();
        String[] select = new String[width + 2];
        for (int c = 0; c < width; c++) {
            select[c] = ColumnScan.quote(columns.get(c).name());
        }
        select[width] = "_metadata.file_path";
        select[width + 1] = "_metadata.file_block_start";
        JavaRDD<RawBlock> raw = data.selectExpr(select).javaRDD()
                .mapPartitions(rows -> RawBlock.of(rows, columns, ranks))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            MissingValues.Fills fills = MissingValues.Fills.NONE;
            if (spec.missing() == MissingPolicy.IMPUTE_MEAN) {
                fills = inKeyOrder(raw.map(b -> new Keyed<>(b.key, Rows.of(b, columns, spec).tally())).collect())
                        .stream().map(Keyed::value).reduce(MissingValues.Tally::plus).orElseThrow().fills();
            }
            final MissingValues.Fills f = fills;
            List<Keyed<Counts>> keyed = inKeyOrder(raw.map(b -> new Keyed<>(b.key, Rows.of(b, columns, spec).counts(f)))
                    .collect());
            List<Counts> counts = keyed.stream().map(Keyed::value).toList();
            // the blocks' partitions of an epoch of SGD, in key order
            Map<BlockKey, Integer> partitions = new java.util.HashMap<>();
            for (Keyed<Counts> k : keyed) {
                partitions.put(k.key(), partitions.size());
            }
            Counts total = counts.stream().reduce(Counts::plus).orElse(Counts.NONE);
            if (total.kept == 0) {
                throw new NoRowsLeftException("no rows left to train on after applying missing="
                        + spec.missing().name().toLowerCase());
            }
            if (total.training == 0) {
                throw new DesignException("no training rows left after holding out validation rows");
            }
            WeightTotals totals = null;
            if (spec.weights() != null) {
                totals = counts.stream().map(Counts::weights).reduce(WeightTotals::plus).orElseThrow();
                // weights that add up to 0 fail here, as the local engine fails them, rather than in every task
                totals.trainingScale();
                totals.validationScale();
            }
            DesignColumns design = Rows.of(new RawBlock(null, 0, new double[width][0]), columns, spec).columns();
            List<EncodedFeature> encoded = new ArrayList<>();
            for (int k = 0; k < design.features().size(); k++) {
                Frame.Column c = design.features().get(k);
                encoded.add(c.isCategorical() ? Standardization.categorical(c.name(), c.levels(), spec.fitIntercept())
                        : Standardization.numeric(c.name(), spec.standardize() ? total.moments[k].statistics() : null,
                                spec.fitIntercept()));
            }
            int p = new RowWriter(design.features(), encoded, f, new double[0]).width();
            DesignShape shape = new DesignShape(p, (int) total.training, (int) total.validation,
                    (int) (total.rows - total.kept), spec.fitIntercept(), spec.model(), spec.target(), encoded,
                    spec.model() == ModelKind.MULTINOMIAL ? design.target().levels() : List.of(), spec.weights(),
                    spec.offset());
            JavaRDD<DesignBlock> blocks = raw.map(b -> Rows.of(b, columns, spec).write(encoded, f,
                    partitions.get(b.key))).persist(StorageLevel.MEMORY_AND_DISK());
            blocks.count();
            return new Built(blocks, shape, totals);
        } finally {
            raw.unpersist(false);
        }
    }

    /** A file's path without scheme and authority: Spark spells the same file differently in different places. */
    static String path(String file) {
        return new org.apache.hadoop.fs.Path(file).toUri().getPath();
    }

    static <T> List<Keyed<T>> inKeyOrder(List<Keyed<T>> parts) {
        List<Keyed<T>> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparing(Keyed::key));
        return sorted;
    }

    record Keyed<T>(BlockKey key, T value) implements Serializable {
    }

    /**
     * A block's rows through the first design steps: columns (by default neither the weights nor the offset),
     * the weights and offset (checked like features by the missing-value policy; a negative weight fails),
     * target, rows kept, and their holdout.
     */
    record Rows(RawBlock block, Frame frame, DesignColumns columns, RowColumns extras, double[] y, int[] training,
            int[] validation) {

        static Rows of(RawBlock block, List<SourceColumn> sourceColumns, DesignSpec spec) {
            Frame frame = block.frame(sourceColumns);
            RowColumns extras = new RowColumns(frame, spec);
            DesignColumns columns = DesignColumns.select(frame, spec);
            if (spec.features().isEmpty()) {
                columns = new DesignColumns(columns.target(),
                        columns.features().stream().filter(c -> !extras.contains(c.name())).toList());
            }
            double[] y = TargetEncoding.encode(columns.target(), spec.model());
            List<Frame.Column> checked = new ArrayList<>(columns.features());
            checked.addAll(extras.used());
            int[] kept = MissingValues.keptRows(frame.rows(), new DesignColumns(columns.target(), checked), y,
                    spec.missing());
            int[] train = new int[kept.length];
            int[] valid = new int[kept.length];
            int t = 0;
            int v = 0;
            DesignSpec.Holdout h = spec.holdout();
            for (int i : kept) {
                long key = block.key.row(i);
                boolean out = h.fraction() > 0.0 ? HoldoutAssignment.heldOutByKey(key, h.fraction(), spec.seed())
                        : h.folds() > 0 && HoldoutAssignment.foldOfKey(key, h.folds(), spec.seed()) == h.fold();
                if (out) {
                    valid[v++] = i;
                } else {
                    train[t++] = i;
                }
            }
            return new Rows(block, frame, columns, extras, y, Arrays.copyOf(train, t), Arrays.copyOf(valid, v));
        }

        /** What the fills of the features, then of the weights and offset, are computed from. */
        MissingValues.Tally tally() {
            List<Frame.Column> all = new ArrayList<>(columns.features());
            all.addAll(extras.used());
            return MissingValues.Tally.of(all, training);
        }

        Counts counts(MissingValues.Fills fills) {
            List<Frame.Column> features = columns.features();
            Standardization.Moments[] moments = new Standardization.Moments[features.size()];
            for (int k = 0; k < moments.length; k++) {
                moments[k] = features.get(k).isCategorical() ? Standardization.Moments.NONE
                        : Standardization.Moments.of(features.get(k).values(), training, fills.of(k));
            }
            double[] w = weights(fills);
            return new Counts(frame.rows(), training.length + validation.length, training.length, validation.length,
                    moments, w == null ? null : WeightTotals.of(w, training.length));
        }

        /** The weights of the training rows then the validation rows, a missing one filled (impute_mean). */
        private double[] weights(MissingValues.Fills fills) {
            return RowColumns.gather(extras.weights(), training, validation,
                    fills.of(columns.features().size()));
        }

        private double[] offsets(MissingValues.Fills fills) {
            return RowColumns.gather(extras.offset(), training, validation,
                    fills.of(columns.features().size() + (extras.weights() == null ? 0 : 1)));
        }

        DesignBlock write(List<EncodedFeature> encoded, MissingValues.Fills fills, int partition) {
            RowWriter writer = new RowWriter(columns.features(), encoded, fills, y);
            int n = training.length + validation.length;
            double[] x = new double[Math.multiplyExact(n, writer.width())];
            double[] out = new double[n];
            writer.write(validation, x, out, writer.write(training, x, out, 0));
            return new DesignBlock(block.key, partition, x, out, weights(fills), offsets(fills), writer.width(),
                    training.length, validation.length, frame.rows() - n);
        }
    }

    /** Rows of a block (or of all, merged in key order) and their training rows' moments per feature. */
    record Counts(long rows, long kept, long training, long validation, Standardization.Moments[] moments,
            WeightTotals weights) implements Serializable {

        static final Counts NONE = new Counts(0, 0, 0, 0, null, null);

        Counts plus(Counts o) {
            if (moments == null) {
                return o;
            }
            Standardization.Moments[] m = new Standardization.Moments[moments.length];
            for (int k = 0; k < m.length; k++) {
                m[k] = moments[k].plus(o.moments[k]);
            }
            return new Counts(rows + o.rows, kept + o.kept, training + o.training, validation + o.validation, m,
                    weights == null ? null : weights.plus(o.weights));
        }
    }
}
