package dev.estimator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void aucEqualsPairCountingWithTiesHalf() {
        Random r = new Random(5);
        int n = 301;
        double[] scores = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = Math.round(r.nextGaussian() * 4) / 4.0; // many ties
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-scores[i])) ? 1 : 0;
        }
        double wins = 0;
        double pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (y[i] == 1 && y[j] == 0) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        assertThat(Metrics.auc(scores, y, 0, n)).isCloseTo(wins / pairs, within(1e-12));
    }

    @Test
    void poissonDevianceMatchesItsDefinition() {
        double[] margins = {0.1, 1.0, -0.5};
        double[] y = {0, 3, 1};
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            double mu = Math.exp(margins[i]);
            expected += 2 * ((y[i] > 0 ? y[i] * Math.log(y[i] / mu) : 0) - (y[i] - mu));
        }
        assertThat(Metrics.of(ModelKind.POISSON, new PoissonLoss(), margins, y, null, 0, 3).get("deviance"))
                .isCloseTo(expected, within(1e-12));
    }

    @Test
    void logisticLossStaysFiniteAtHugeMargins() {
        LogisticLoss loss = new LogisticLoss();
        assertThat(loss.value(1e300, 0)).isEqualTo(1e300);
        assertThat(loss.value(-1e300, 0)).isEqualTo(0.0);
        assertThat(loss.derivative(-800, 1)).isEqualTo(-1.0);
        assertThat(loss.value(40, 1)).isCloseTo(Math.exp(-40), within(1e-30));
    }
}
