package dev.estimator.engine;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Goodness of fit over a range of rows from their margins: for linear and Huber models rmse, mae and
 * r2; for logistic log loss (mean), accuracy (threshold ½) and the ROC AUC (Mann–Whitney, ties counted
 * half); for Poisson the total deviance (as R reports it) and rmse.
 */
final class Metrics {

    private Metrics() {
    }

    static Map<String, Double> of(ModelKind model, Loss loss, double[] margins, double[] y, int from, int to) {
        Map<String, Double> m = new LinkedHashMap<>();
        int n = to - from;
        switch (model) {
            case LINEAR, HUBER -> {
                double sse = 0.0;
                double sae = 0.0;
                double mean = 0.0;
                for (int i = from; i < to; i++) {
                    mean += y[i];
                }
                mean /= n;
                double sst = 0.0;
                for (int i = from; i < to; i++) {
                    double r = y[i] - margins[i];
                    sse += r * r;
                    sae += Math.abs(r);
                    sst += (y[i] - mean) * (y[i] - mean);
                }
                m.put("rmse", finite(Math.sqrt(sse / n)));
                m.put("mae", finite(sae / n));
                m.put("r2", sst > 0.0 ? finite(1.0 - sse / sst) : null);
            }
            case LOGISTIC -> {
                double logLoss = 0.0;
                int correct = 0;
                for (int i = from; i < to; i++) {
                    logLoss += loss.value(margins[i], y[i]);
                    boolean predicted = margins[i] > 0.0;
                    correct += predicted == (y[i] == 1.0) ? 1 : 0;
                }
                m.put("logLoss", finite(logLoss / n));
                m.put("accuracy", (double) correct / n);
                m.put("auc", auc(margins, y, from, to));
            }
            case POISSON -> {
                double deviance = 0.0;
                double sse = 0.0;
                for (int i = from; i < to; i++) {
                    double mu = loss.mean(margins[i]);
                    deviance += PoissonLoss.deviance(y[i], mu);
                    sse += (y[i] - mu) * (y[i] - mu);
                }
                m.put("deviance", finite(deviance));
                m.put("rmse", finite(Math.sqrt(sse / n)));
            }
            default -> throw new IllegalStateException();
        }
        return m;
    }

    /** P(score of a positive > score of a negative) + ½ P(equal); null with only one class. */
    static Double auc(double[] scores, double[] y, int from, int to) {
        int positives = 0;
        for (int i = from; i < to; i++) {
            positives += y[i] == 1.0 ? 1 : 0;
        }
        int negatives = (to - from) - positives;
        if (positives == 0 || negatives == 0) {
            return null;
        }
        double[] pos = new double[positives];
        double[] neg = new double[negatives];
        int a = 0;
        int b = 0;
        for (int i = from; i < to; i++) {
            if (y[i] == 1.0) {
                pos[a++] = scores[i];
            } else {
                neg[b++] = scores[i];
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
        double wins = 0.0;
        int below = 0;
        int upTo = 0;
        for (double s : pos) {
            while (below < negatives && neg[below] < s) {
                below++;
            }
            upTo = Math.max(upTo, below);
            while (upTo < negatives && neg[upTo] <= s) {
                upTo++;
            }
            wins += below + 0.5 * (upTo - below);
        }
        return wins / ((double) positives * negatives);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
