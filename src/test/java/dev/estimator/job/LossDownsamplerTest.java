package dev.estimator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LossDownsamplerTest {

    private static LossPoint point(int iteration, double loss) {
        return new LossPoint(iteration, loss, null, 1.0, 0.1, iteration);
    }

    /** A noisy decaying curve with a dip and a spike placed inside, seeded. */
    private static List<LossPoint> curve(int from, int n, long seed) {
        Random random = new Random(seed);
        List<LossPoint> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double loss = 1 + 10 * Math.exp(-i / 5000.0) + 0.1 * random.nextGaussian();
            points.add(point(from + i, loss));
        }
        points.set(n / 3, point(from + n / 3, -5));
        points.set(2 * n / 3, point(from + 2 * n / 3, 500));
        return points;
    }

    private static List<LossPoint> sample(int maxPoints, List<LossPoint> points, int expectedLast) {
        LossDownsampler sampler = new LossDownsampler(maxPoints, points.get(0).iteration(), expectedLast);
        points.forEach(sampler::accept);
        return sampler.points();
    }

    @Test
    void aShortHistoryComesBackWhole() {
        List<LossPoint> points = curve(0, 50, 1);
        assertThat(sample(50, points, 49)).isEqualTo(points);
        assertThat(sample(1000, points, 49)).isEqualTo(points);
    }

    @Test
    void aLongHistoryKeepsFirstLastAndEachRangesExtremes() {
        int n = 100_003;
        List<LossPoint> points = curve(7, n, 2);
        List<LossPoint> kept = sample(1000, points, 7 + n - 1);

        assertThat(kept.size()).isLessThanOrEqualTo(1000).isGreaterThan(990);
        assertThat(kept.get(0)).isEqualTo(points.get(0));
        assertThat(kept.get(kept.size() - 1)).isEqualTo(points.get(n - 1));
        assertThat(kept).isSortedAccordingTo(Comparator.comparingInt(LossPoint::iteration));
        assertThat(kept).doesNotHaveDuplicates();
        assertThat(new java.util.HashSet<>(points)).containsAll(kept);
        assertThat(kept).contains(points.get(n / 3), points.get(2 * n / 3));

        // brute force: 499 equal ranges over the interior iterations 8 … 7 + n − 2
        int ranges = 499;
        long span = n - 2;
        LossPoint[] low = new LossPoint[ranges];
        LossPoint[] high = new LossPoint[ranges];
        for (LossPoint p : points.subList(1, n - 1)) {
            int r = (int) ((long) (p.iteration() - 8) * ranges / span);
            low[r] = low[r] == null || p.loss() < low[r].loss() ? p : low[r];
            high[r] = high[r] == null || p.loss() > high[r].loss() ? p : high[r];
        }
        java.util.Set<LossPoint> keptSet = new java.util.HashSet<>(kept);
        for (int r = 0; r < ranges; r++) {
            assertThat(low[r]).as("range %d has points", r).isNotNull();
            assertThat(keptSet).as("range %d", r).contains(low[r], high[r]);
        }
    }

    @Test
    void twoOrThreePointsAreTheFirstAndTheLast() {
        List<LossPoint> points = curve(0, 1000, 3);
        assertThat(sample(2, points, 999)).containsExactly(points.get(0), points.get(999));
        assertThat(sample(3, points, 999)).containsExactly(points.get(0), points.get(999));
        assertThat(sample(4, points, 999)).hasSize(4).contains(points.get(333)).contains(points.get(666));
    }

    @Test
    void aHistoryThatGrewWhileReadStaysWithinTheBound() {
        List<LossPoint> points = curve(0, 10_000, 4);
        List<LossPoint> kept = sample(100, points, 4_999);
        assertThat(kept).hasSizeLessThanOrEqualTo(100);
        assertThat(kept.get(kept.size() - 1)).isEqualTo(points.get(9_999));

        List<LossPoint> fewer = points.subList(0, 60);
        List<LossPoint> grown = sample(50, fewer, 40);
        assertThat(grown).hasSizeLessThanOrEqualTo(50).startsWith(points.get(0)).endsWith(points.get(59));
    }

    @Test
    void aNonFiniteLossCountsAsTheHighest() {
        List<LossPoint> points = curve(0, 10_000, 5);
        points.set(5_000, point(5_000, Double.NaN));
        points.set(8_000, point(8_000, Double.POSITIVE_INFINITY));
        List<LossPoint> kept = sample(10, points, 9_999);
        assertThat(kept).contains(points.get(5_000), points.get(8_000), points.get(3_333));
    }

    @Test
    void emptyAndSingle() {
        assertThat(new LossDownsampler(10, 0, 0).points()).isEmpty();
        LossDownsampler one = new LossDownsampler(10, 3, 3);
        one.accept(point(3, 1.0));
        assertThat(one.points()).containsExactly(point(3, 1.0));
        assertThatThrownBy(() -> new LossDownsampler(1, 0, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
