package dev.estimator.job;

import java.util.ArrayList;
import java.util.List;

/**
 * Reduces a loss history to at most {@code maxPoints} points that keep the curve's shape, for charts: the first and
 * the last point, and, for each of {@code (maxPoints − 2) / 2} equal ranges of iterations between them, the point
 * with the lowest and the point with the highest loss (the min–max decimation that chart libraries use, so spikes
 * and the global minimum survive). Points keep their real iteration.
 *
 * <p>Points are fed one at a time in iteration order, so a long history is read page by page while only two
 * points per range are held. The expected last iteration fixes the ranges up front; a later point than expected
 * (a history that grew while it was read) falls into the last range, so the bound holds whatever arrives.
 * A non-finite loss counts as higher than any finite one (a divergence is an extreme worth showing).
 */
final class LossDownsampler {

    private final int maxPoints;
    private final int firstIteration;
    private final long interiorSpan;
    private final int ranges;
    private final LossPoint[] lowest;
    private final LossPoint[] highest;
    private final List<LossPoint> all = new ArrayList<>();
    private final boolean keepAll;
    private LossPoint first;
    private LossPoint last;

    /**
     * @param maxPoints at most this many points come out; at least 2
     * @param firstIteration the iteration of the first point that will be fed
     * @param expectedLastIteration the iteration of the last point expected
     */
    LossDownsampler(int maxPoints, int firstIteration, int expectedLastIteration) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("maxPoints must be at least 2: " + maxPoints);
        }
        this.maxPoints = maxPoints;
        this.firstIteration = firstIteration;
        // iterations strictly between the first and the last are shared out among the ranges
        this.interiorSpan = Math.max(0L, (long) expectedLastIteration - firstIteration - 1);
        this.keepAll = (long) expectedLastIteration - firstIteration + 1 <= maxPoints;
        this.ranges = keepAll ? 0 : (maxPoints - 2) / 2;
        this.lowest = new LossPoint[ranges];
        this.highest = new LossPoint[ranges];
    }

    void accept(LossPoint point) {
        if (first == null) {
            first = point;
            return;
        }
        if (last != null) {
            place(last);
        }
        last = point;
    }

    /** The kept points in iteration order. */
    List<LossPoint> points() {
        List<LossPoint> kept = new ArrayList<>();
        if (first == null) {
            return kept;
        }
        kept.add(first);
        if (keepAll) {
            kept.addAll(all);
        } else {
            for (int r = 0; r < ranges; r++) {
                LossPoint a = lowest[r];
                LossPoint b = highest[r];
                if (a == null) {
                    continue;
                }
                if (a == b) {
                    kept.add(a);
                } else {
                    kept.add(a.iteration() < b.iteration() ? a : b);
                    kept.add(a.iteration() < b.iteration() ? b : a);
                }
            }
        }
        if (last != null) {
            kept.add(last);
        }
        // a history with gaps can leave keepAll with more points than asked for: the bound is the contract
        return kept.size() <= maxPoints ? kept : new LossDownsampler(maxPoints, first.iteration(),
                last.iteration()).refeed(kept);
    }

    private List<LossPoint> refeed(List<LossPoint> points) {
        points.forEach(this::accept);
        return points();
    }

    /** An interior point: kept whole, or into its range as a candidate extreme. */
    private void place(LossPoint point) {
        if (keepAll) {
            all.add(point);
            return;
        }
        if (ranges == 0) {
            return;
        }
        long offset = Math.max(0L, (long) point.iteration() - firstIteration - 1);
        int range = interiorSpan == 0 ? ranges - 1 : (int) Math.min(ranges - 1, offset * ranges / interiorSpan);
        if (lowest[range] == null || Double.compare(point.loss(), lowest[range].loss()) < 0) {
            lowest[range] = point;
        }
        if (highest[range] == null || Double.compare(point.loss(), highest[range].loss()) > 0) {
            highest[range] = point;
        }
    }
}
