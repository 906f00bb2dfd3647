package dev.estimator.engine;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Goodness of fit over a range of rows from their margins, each row counted with its prior weight (1
 * without weights): for linear and Huber models rmse, mae and r2; for logistic log loss (mean), accuracy
 * (threshold ½) and the ROC AUC (Mann–Whitney, ties counted half); for Poisson and Gamma the total deviance
 * (as R reports it) and rmse; for multinomial log loss and accuracy (the most probable class).
 */
final class Metrics {

    private Metrics() {
    }

    /** @param w prior weights, or null for all 1 */
    static Map<String, Double> of(ModelKind model, Loss loss, double[] margins, double[] y, double[] w, int from,
            int to) {
        Map<String, Double> m = new LinkedHashMap<>();
        double total = 0.0;
        for (int i = from; i < to; i++) {
            total += weight(w, i);
        }
        switch (model) {
            case LINEAR, HUBER -> {
                double sse = 0.0;
                double sae = 0.0;
                double mean = 0.0;
                for (int i = from; i < to; i++) {
                    mean += weight(w, i) * y[i];
                }
                mean /= total;
                double sst = 0.0;
                for (int i = from; i < to; i++) {
                    double wi = weight(w, i);
                    double r = y[i] - margins[i];
                    sse += wi * r * r;
                    sae += wi * Math.abs(r);
                    sst += wi * (y[i] - mean) * (y[i] - mean);
                }
                m.put("rmse", finite(Math.sqrt(sse / total)));
                m.put("mae", finite(sae / total));
                m.put("r2", sst > 0.0 ? finite(1.0 - sse / sst) : null);
            }
            case LOGISTIC -> {
                double logLoss = 0.0;
                double correct = 0.0;
                for (int i = from; i < to; i++) {
                    double wi = weight(w, i);
                    logLoss += wi * loss.value(margins[i], y[i]);
                    boolean predicted = margins[i] > 0.0;
                    correct += predicted == (y[i] == 1.0) ? wi : 0.0;
                }
                m.put("logLoss", finite(logLoss / total));
                m.put("accuracy", finite(correct / total));
                m.put("auc", auc(margins, y, w, from, to));
            }
            case POISSON, GAMMA -> {
                double deviance = 0.0;
                double sse = 0.0;
                for (int i = from; i < to; i++) {
                    double wi = weight(w, i);
                    double mu = loss.mean(margins[i]);
                    deviance += wi * (model == ModelKind.POISSON ? PoissonLoss.deviance(y[i], mu)
                            : GammaLoss.deviance(y[i], mu));
                    sse += wi * (y[i] - mu) * (y[i] - mu);
                }
                m.put("deviance", finite(deviance));
                m.put("rmse", finite(Math.sqrt(sse / total)));
            }
            default -> throw new IllegalStateException("no single-margin metrics for " + model);
        }
        return m;
    }

    /**
     * Log loss and accuracy of a k-class model from the rows' class probabilities ({@code prob[i·k + c]}).
     * A tie for the most probable class goes to the first of them.
     */
    static Map<String, Double> multinomial(double[] prob, int k, double[] y, double[] w, int from, int to) {
        double total = 0.0;
        double logLoss = 0.0;
        double correct = 0.0;
        for (int i = from; i < to; i++) {
            double wi = weight(w, i);
            int cls = (int) y[i];
            total += wi;
            logLoss -= wi * StrictMath.log(prob[i * k + cls]);
            correct += argmax(prob, i * k, k) == cls ? wi : 0.0;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("logLoss", finite(logLoss / total));
        m.put("accuracy", finite(correct / total));
        return m;
    }

    static int argmax(double[] prob, int offset, int k) {
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (prob[offset + c] > prob[offset + best]) {
                best = c;
            }
        }
        return best;
    }

    /**
     * P(score of a positive &gt; score of a negative) + ½ P(equal), each pair counted with the product of its
     * rows' weights; null with only one class.
     */
    static Double auc(double[] scores, double[] y, double[] w, int from, int to) {
        if (w == null) {
            return auc(scores, y, from, to);
        }
        int n = to - from;
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = from + k;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double positives = 0.0;
        double negatives = 0.0;
        double wins = 0.0;
        double below = 0.0;
        for (int k = 0; k < n; ) {
            // a run of equal scores: its negatives count half for its positives
            int end = k;
            double runPos = 0.0;
            double runNeg = 0.0;
            while (end < n && scores[order[end]] == scores[order[k]]) {
                int i = order[end++];
                if (y[i] == 1.0) {
                    runPos += weight(w, i);
                } else {
                    runNeg += weight(w, i);
                }
            }
            wins += runPos * (below + 0.5 * runNeg);
            below += runNeg;
            positives += runPos;
            negatives += runNeg;
            k = end;
        }
        if (positives == 0.0 || negatives == 0.0) {
            return null;
        }
        return wins / (positives * negatives);
    }

    /** Unweighted: the same value from two sorted primitive arrays. */
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

    private static double weight(double[] w, int i) {
        return w == null ? 1.0 : w[i];
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
