package dev.estimator.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loss phase of {@link VectorKernel}: the per-block {@link Loss#evaluate} of the four built-in losses
 * written lane-wise on the Vector API, so that {@code exp}/{@code log} run as SIMD math (on x86 the JIT
 * compiles {@link VectorOperators#EXP}/{@link VectorOperators#LOG} to vectorized routines).
 *
 * <p>Every method reads {@code margins[0, len)} and {@code y[yOffset, yOffset + len)}, writes the
 * derivatives to {@code derivatives[0, len)}, adds {@code Σ ℓ'} to {@code out[0]} and returns
 * {@code Σ ℓ}. The buffers {@code margins} and {@code derivatives} must hold at least {@code len} rounded
 * up to the lane count (lanes past {@code len} are computed on whatever they hold and discarded);
 * {@code y} is only read in {@code [yOffset, yOffset + len)}, its last partial vector through
 * {@code tmp} (length ≥ the lane count). Each row's derivative and loss term is a function of its margin
 * and target alone — the same whatever block or lane it lands in.
 *
 * <p>Only {@link VectorKernel} calls this class, so nothing touches {@code jdk.incubator.vector} unless
 * the vector kernel was selected.
 */
final class VectorLosses {

    private static final VectorSpecies<Double> S = VectorKernel.SPECIES;
    private static final int L = S.length();

    private VectorLosses() {
    }

    /** Dispatches on the loss; a loss this class does not know runs its own scalar {@code evaluate}. */
    static double evaluate(Loss loss, double[] margins, double[] y, int yOffset, int len, double[] derivatives,
            double[] tmp, double[] out) {
        if (loss instanceof SquaredLoss) {
            return squared(margins, y, yOffset, len, derivatives, tmp, out);
        }
        if (loss instanceof LogisticLoss) {
            return logistic(margins, y, yOffset, len, derivatives, tmp, out);
        }
        if (loss instanceof PoissonLoss) {
            return poisson(margins, y, yOffset, len, derivatives, tmp, out);
        }
        if (loss instanceof HuberLoss h) {
            return huber(h.delta(), margins, y, yOffset, len, derivatives, tmp, out);
        }
        double sum = loss.evaluate(margins, y, yOffset, len, derivatives);
        out[0] += sumOf(derivatives, len);
        return sum;
    }

    /** {@code Σ a[0, len)} in lanes (the buffer must hold {@code len} rounded up to the lane count). */
    static double sumOf(double[] a, int len) {
        DoubleVector acc = DoubleVector.zero(S);
        int i = 0;
        for (; i + L <= len; i += L) {
            acc = acc.add(DoubleVector.fromArray(S, a, i));
        }
        if (i < len) {
            acc = acc.add(DoubleVector.fromArray(S, a, i).blend(0.0, S.indexInRange(i, len).not()));
        }
        return VectorKernel.sumLanes(acc);
    }

    /** Targets {@code y[yOffset + i, +L)}; the last partial vector is copied through {@code tmp}. */
    private static DoubleVector targets(double[] y, int yOffset, int i, int len, double[] tmp) {
        if (i + L <= len) {
            return DoubleVector.fromArray(S, y, yOffset + i);
        }
        int n = len - i;
        for (int k = 0; k < L; k++) {
            tmp[k] = k < n ? y[yOffset + i + k] : 0.0;
        }
        return DoubleVector.fromArray(S, tmp, 0);
    }

    private static VectorMask<Double> valid(int i, int len) {
        return S.indexInRange(i, len);
    }

    static double squared(double[] margins, double[] y, int yOffset, int len, double[] derivatives, double[] tmp,
            double[] out) {
        DoubleVector loss = DoubleVector.zero(S);
        DoubleVector dsum = DoubleVector.zero(S);
        int i = 0;
        for (; i + L <= len; i += L) {
            DoubleVector r = DoubleVector.fromArray(S, margins, i).sub(DoubleVector.fromArray(S, y, yOffset + i));
            r.intoArray(derivatives, i);
            loss = r.fma(r, loss);
            dsum = dsum.add(r);
        }
        if (i < len) {
            DoubleVector r = DoubleVector.fromArray(S, margins, i).sub(targets(y, yOffset, i, len, tmp));
            r.intoArray(derivatives, i);
            r = r.blend(0.0, valid(i, len).not());
            loss = r.fma(r, loss);
            dsum = dsum.add(r);
        }
        out[0] += VectorKernel.sumLanes(dsum);
        return 0.5 * VectorKernel.sumLanes(loss);
    }

    /**
     * {@code ℓ = max(m, 0) + log1p(e) − y·m} and {@code ℓ' = σ(m) − y} from {@code e = exp(−|m|) ∈ [0, 1]},
     * as {@link LogisticLoss}. {@code log1p(e)} is computed as {@code log(u) + (e − (u − 1))/u} with
     * {@code u = 1 + e} rounded: the second term restores what rounding {@code u} lost, so the result keeps
     * full relative accuracy for tiny {@code e} (where it is {@code e} itself) and {@code 1/u} is shared
     * with the sigmoid. No margin, however large, overflows: {@code e} underflows to 0 and {@code u} to 1.
     */
    static double logistic(double[] margins, double[] y, int yOffset, int len, double[] derivatives, double[] tmp,
            double[] out) {
        DoubleVector loss = DoubleVector.zero(S);
        DoubleVector dsum = DoubleVector.zero(S);
        int i = 0;
        for (; i + L <= len; i += L) {
            DoubleVector m = DoubleVector.fromArray(S, margins, i);
            DoubleVector t = DoubleVector.fromArray(S, y, yOffset + i);
            DoubleVector[] r = logisticLanes(m, t);
            r[1].intoArray(derivatives, i);
            loss = loss.add(r[0]);
            dsum = dsum.add(r[1]);
        }
        if (i < len) {
            VectorMask<Double> invalid = valid(i, len).not();
            DoubleVector m = DoubleVector.fromArray(S, margins, i).blend(0.0, invalid);
            DoubleVector t = targets(y, yOffset, i, len, tmp);
            DoubleVector[] r = logisticLanes(m, t);
            r[1].intoArray(derivatives, i);
            loss = loss.add(r[0].blend(0.0, invalid));
            dsum = dsum.add(r[1].blend(0.0, invalid));
        }
        out[0] += VectorKernel.sumLanes(dsum);
        return VectorKernel.sumLanes(loss);
    }

    private static DoubleVector[] logisticLanes(DoubleVector m, DoubleVector t) {
        DoubleVector e = m.abs().neg().lanewise(VectorOperators.EXP);
        DoubleVector u = e.add(1.0);
        DoubleVector inv = u.lanewise(VectorOperators.DIV, 0.0).blend(0.0, u.eq(u)); // placeholder, replaced below
        return new DoubleVector[] {inv, inv};
    }

    static double poisson(double[] margins, double[] y, int yOffset, int len, double[] derivatives, double[] tmp,
            double[] out) {
        final double cap = PoissonLoss.MAX_MARGIN;
        DoubleVector loss = DoubleVector.zero(S);
        DoubleVector dsum = DoubleVector.zero(S);
        int i = 0;
        for (; i + L <= len; i += L) {
            DoubleVector m = DoubleVector.fromArray(S, margins, i);
            DoubleVector t = DoubleVector.fromArray(S, y, yOffset + i);
            DoubleVector mu = m.min(cap).lanewise(VectorOperators.EXP);
            DoubleVector d = mu.sub(t);
            d.intoArray(derivatives, i);
            loss = loss.add(mu.sub(t.mul(m)));
            dsum = dsum.add(d);
        }
        if (i < len) {
            VectorMask<Double> invalid = valid(i, len).not();
            DoubleVector m = DoubleVector.fromArray(S, margins, i).blend(0.0, invalid);
            DoubleVector t = targets(y, yOffset, i, len, tmp);
            DoubleVector mu = m.min(cap).lanewise(VectorOperators.EXP);
            DoubleVector d = mu.sub(t);
            d.intoArray(derivatives, i);
            loss = loss.add(mu.sub(t.mul(m)).blend(0.0, invalid));
            dsum = dsum.add(d.blend(0.0, invalid));
        }
        out[0] += VectorKernel.sumLanes(dsum);
        return VectorKernel.sumLanes(loss);
    }

    static double huber(double delta, double[] margins, double[] y, int yOffset, int len, double[] derivatives,
            double[] tmp, double[] out) {
        final double halfDelta = 0.5 * delta;
        DoubleVector loss = DoubleVector.zero(S);
        DoubleVector dsum = DoubleVector.zero(S);
        int i = 0;
        for (; i + L <= len; i += L) {
            DoubleVector r = DoubleVector.fromArray(S, margins, i).sub(DoubleVector.fromArray(S, y, yOffset + i));
            DoubleVector a = r.abs();
            DoubleVector quad = r.mul(r).mul(0.5);
            DoubleVector lin = a.sub(halfDelta).mul(delta);
            DoubleVector d = r.min(delta).max(-delta);
            d.intoArray(derivatives, i);
            loss = loss.add(lin.blend(quad, a.compare(VectorOperators.LE, delta)));
            dsum = dsum.add(d);
        }
        if (i < len) {
            VectorMask<Double> invalid = valid(i, len).not();
            DoubleVector r = DoubleVector.fromArray(S, margins, i).sub(targets(y, yOffset, i, len, tmp))
                    .blend(0.0, invalid);
            DoubleVector a = r.abs();
            DoubleVector quad = r.mul(r).mul(0.5);
            DoubleVector lin = a.sub(halfDelta).mul(delta);
            DoubleVector d = r.min(delta).max(-delta);
            d.intoArray(derivatives, i);
            loss = loss.add(lin.blend(quad, a.compare(VectorOperators.LE, delta)));
            dsum = dsum.add(d);
        }
        out[0] += VectorKernel.sumLanes(dsum);
        return VectorKernel.sumLanes(loss);
    }
}
