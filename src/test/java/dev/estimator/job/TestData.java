package dev.estimator.job;

import java.util.Locale;
import java.util.Random;

/** Seeded CSV datasets with known structure. */
public final class TestData {

    private TestData() {
    }

    /** y = 1.5 + 2·x1 − 0.7·x2 + (c=b: 1, c=c: −2) + N(0, 0.5²). */
    public static double[][] linearRows(int n, long seed) {
        Random r = new Random(seed);
        String[] levels = {"a", "b", "c"};
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            double x1 = 1 + 2 * r.nextGaussian();
            double x2 = 10 * r.nextDouble();
            int c = r.nextInt(levels.length);
            double y = 1.5 + 2 * x1 - 0.7 * x2 + (c == 1 ? 1 : c == 2 ? -2 : 0) + 0.5 * r.nextGaussian();
            rows[i] = new double[] {x1, x2, c, y};
        }
        return rows;
    }

    public static String linearCsv(double[][] rows) {
        StringBuilder csv = new StringBuilder("x1,x2,c,y\n");
        for (double[] row : rows) {
            csv.append(num(row[0])).append(',').append(num(row[1])).append(',')
                    .append((char) ('a' + (int) row[2])).append(',').append(num(row[3])).append('\n');
        }
        return csv.toString();
    }

    /** P(bought = yes) = σ(−0.5 + 1.2·x1 − 0.8·x2); bought is categorical no/yes. */
    public static String logisticCsv(int n, long seed) {
        Random r = new Random(seed);
        StringBuilder csv = new StringBuilder("x1,x2,bought\n");
        for (int i = 0; i < n; i++) {
            double x1 = r.nextGaussian();
            double x2 = r.nextGaussian();
            double p = 1 / (1 + Math.exp(-(-0.5 + 1.2 * x1 - 0.8 * x2)));
            csv.append(num(x1)).append(',').append(num(x2)).append(',').append(r.nextDouble() < p ? "yes" : "no")
                    .append('\n');
        }
        return csv.toString();
    }

    /** count ~ Poisson(exp(0.3 + 0.5·x1)). */
    public static String poissonCsv(int n, long seed) {
        Random r = new Random(seed);
        StringBuilder csv = new StringBuilder("x1,count\n");
        for (int i = 0; i < n; i++) {
            double x1 = r.nextDouble() * 2 - 1;
            double mu = Math.exp(0.3 + 0.5 * x1);
            // Knuth's method: fine for small means
            int k = 0;
            double l = Math.exp(-mu);
            double p = r.nextDouble();
            while (p > l) {
                k++;
                p *= r.nextDouble();
            }
            csv.append(num(x1)).append(',').append(k).append('\n');
        }
        return csv.toString();
    }

    public static String num(double v) {
        return String.format(Locale.ROOT, "%.17g", v);
    }
}
