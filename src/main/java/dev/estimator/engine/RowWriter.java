package dev.estimator.engine;

import java.util.List;

/**
 * The last design-matrix step: writes frame rows as design rows — numeric values standardized
 * ({@code (v − center)/scale}), categorical codes one-hot, missing values replaced by their fill — with their
 * targets. Works on any block of rows given the encoding and fills, which may come from statistics over
 * other blocks.
 */
public final class RowWriter {

    private final List<Frame.Column> features;
    private final List<EncodedFeature> encoded;
    private final MissingValues.Fills fills;
    private final double[] y;
    private final int p;

    /**
     * @param features the source columns, in the order of {@code encoded}
     * @param y        the encoded target ({@link TargetEncoding})
     */
    public RowWriter(List<Frame.Column> features, List<EncodedFeature> encoded, MissingValues.Fills fills, double[] y) {
        if (features.size() != encoded.size()) {
            throw new IllegalArgumentException(features.size() + " columns but " + encoded.size() + " encodings");
        }
        this.features = List.copyOf(features);
        this.encoded = List.copyOf(encoded);
        this.fills = fills;
        this.y = y;
        int width = 0;
        for (EncodedFeature e : encoded) {
            width += e.width();
        }
        this.p = width;
    }

    /** Design columns a row. */
    public int width() {
        return p;
    }

    /** A new block of the given frame rows, in that order. */
    public DenseBlock block(int[] rows) {
        double[] x = new double[Math.multiplyExact(rows.length, p)];
        double[] out = new double[rows.length];
        write(rows, x, out, 0);
        return new DenseBlock(x, out, p);
    }

    /**
     * Writes the frame rows {@code rows} as design rows {@code at, at + 1, …} of the row-major {@code x}
     * ({@link #width()} values a row, zero where written) and their targets to {@code yOut}; returns the row
     * after the last one written.
     */
    public int write(int[] rows, double[] x, double[] yOut, int at) {
        int col = 0;
        for (int f = 0; f < features.size(); f++) {
            double[] v = features.get(f).values();
            EncodedFeature e = encoded.get(f);
            double fillValue = fills.of(f);
            if (e.categorical()) {
                int first = e.firstLevel();
                int width = e.width();
                for (int r = 0; r < rows.length; r++) {
                    double code = v[rows[r]];
                    if (Double.isNaN(code)) {
                        code = fillValue;
                    }
                    int level = (int) code - first;
                    if (level >= 0 && level < width) {
                        x[(at + r) * p + col + level] = 1.0;
                    }
                }
                col += width;
            } else {
                double c = e.center();
                double inv = 1.0 / e.scale();
                for (int r = 0; r < rows.length; r++) {
                    double value = v[rows[r]];
                    if (Double.isNaN(value)) {
                        value = fillValue;
                    }
                    x[(at + r) * p + col] = (value - c) * inv;
                }
                col += 1;
            }
        }
        for (int r = 0; r < rows.length; r++) {
            yOut[at + r] = y[rows[r]];
        }
        return at + rows.length;
    }
}
