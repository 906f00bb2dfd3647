package dev.estimator.engine;

import static dev.estimator.engine.FmaMath.*;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loss phase of {@link VectorKernel}: {@link Loss#evaluate} of the four built-in losses, lane-wise.
 *
 * <p>A block is processed in stages over small buffers that stay in L1 — {@code exp} of every margin, then
 * the derivatives and the sums of losses and derivatives — each stage one loop whose vectors never leave it
 * (the JIT keeps vectors in registers only within a compiled method; a vector passed to or returned from a
 * method that is not inlined is boxed). {@code margins} and {@code derivatives} must hold the block length
 * rounded up to the lane count; {@code margins} past the block length may be overwritten.
 *
 * <p><b>Why not {@code lanewise(EXP)}.</b> On x86 the JIT compiles {@link VectorOperators#EXP} and
 * {@link VectorOperators#LOG1P} to SVML routines whose results differ in the last bit, for some arguments,
 * from the interpreter's and C1's (which call {@link Math#exp}; measured): the same call would give different bits before and
 * after the method is compiled, and compilation happens in the background at times that vary from run to
 * run. So {@code exp} and {@code log1p} here are written with IEEE-exact lane operations only (add, mul,
 * fma, div, compare, blend, integer shifts of the bits): every tier computes exactly the same thing. Both
 * are accurate to about one ulp over the domain used.
 *
 * <p>Only {@link VectorKernel} calls this class, so nothing touches {@code jdk.incubator.vector} unless
 * the vector kernel was selected.
 */
final class VectorLosses {

    private static final VectorSpecies<Double> S = VectorKernel.SPECIES;
    private static final int L = S.length();

    private VectorLosses() {
    }

    /**
     * Block buffers of one kernel call, each of at least the block length rounded up to the lane count:
     * {@code e} (exponentials) and {@code targets} (a gathered or padded copy of y).
     */
    static final class Work {
        final double[] e;
        final double[] targets;
        /** {Σ loss, Σ derivative} of the last block. */
        final double[] acc = new double[2];
        /** One vector's lanes, to be added in index order. */
        final double[] lanes = new double[L];

        Work(int block) {
            int n = (block + L - 1) / L * L;
            this.e = new double[n];
            this.targets = new double[n];
        }
    }

    /**
     * For {@code i < len}: writes {@code ℓ'(margins[i], y[yOffset + i])} to {@code derivatives[i]}, adds their
     * sum to {@code dsum[0]} and returns {@code Σ ℓ}. A loss this class does not know runs its own scalar
     * {@code evaluate}.
     *
     * <p>Stages run over whole vectors ({@code len} rounded up) and sum them lane-wise; the spare lanes of a
     * partial last vector are given a margin and target whose loss and derivative are exactly 0. (A branch
     * per vector instead would be taken only in a partition's last block, and the JIT's speculation on it
     * would then deoptimize the stage, every epoch.)
     */
    static double evaluate(Loss loss, double[] margins, double[] y, int yOffset, int len, double[] derivatives,
            Work work, double[] dsum) {
        final boolean squared = loss instanceof SquaredLoss;
        if (!(squared || loss instanceof LogisticLoss || loss instanceof PoissonLoss || loss instanceof HuberLoss)) {
            double sum = loss.evaluate(margins, y, yOffset, len, derivatives);
            double ds = 0.0;
            for (int i = 0; i < len; i++) {
                ds += derivatives[i];
            }
            dsum[0] += ds;
            return sum;
        }
        final int padded = (len + L - 1) / L * L;
        double[] t = y;
        int tOffset = yOffset;
        if (padded != len || yOffset + padded > y.length) {
            // the last vector is partial: its spare lanes get a margin and target whose loss and derivative
            // are exactly 0, so every stage can sum whole vectors without a branch
            System.arraycopy(y, yOffset, work.targets, 0, len);
            t = work.targets;
            tOffset = 0;
            double neutral = squared || loss instanceof HuberLoss ? 0.0 : -1e300;
            for (int i = len; i < padded; i++) {
                t[i] = 0.0;
                margins[i] = neutral;
            }
        }
        final double[] acc = work.acc;
        if (squared) {
            squared(margins, t, tOffset, padded, derivatives, work);
        } else if (loss instanceof LogisticLoss) {
            for (int i = 0; i < padded; i++) {
                work.e[i] = -Math.abs(margins[i]);
            }
            exp(work.e, padded, work.e);
            logistic(margins, t, tOffset, padded, work.e, derivatives, work);
        } else if (loss instanceof PoissonLoss) {
            final double cap = PoissonLoss.MAX_MARGIN;
            for (int i = 0; i < padded; i++) {
                work.e[i] = Math.min(margins[i], cap);
            }
            exp(work.e, padded, work.e);
            poisson(margins, t, tOffset, padded, work.e, derivatives, work);
        } else {
            huber(((HuberLoss) loss).delta(), margins, t, tOffset, padded, derivatives, work);
        }
        dsum[0] += acc[1];
        return squared ? 0.5 * acc[0] : acc[0];
    }

    /**
     * {@code out[i] = exp(a[i])} for {@code i < n} (a multiple of the lane count; {@code out} may be {@code a}),
     * within about one ulp: {@code exp(x) = 2^k·e^r}, {@code k = round(x/ln 2)},
     * {@code r = x − k·ln 2} in two parts (Cody–Waite), {@code e^r = 1 + r + r²·q(r)} with {@code q} the
     * Taylor polynomial to {@code r¹¹/13!} (truncation below 2⁻⁵⁷ relative for {@code |r| ≤ ln2/2}), and
     * {@code 2^k} applied as two factors so that results down to the subnormals round once. Arguments below
     * −746 give 0, above 710 +∞, NaN stays NaN.
     */
    static void exp(double[] a, int n, double[] out) {
        final DoubleVector invLn2 = DoubleVector.broadcast(S, INV_LN2);
        final DoubleVector shifter = DoubleVector.broadcast(S, SHIFTER);
        final DoubleVector negLn2Hi = DoubleVector.broadcast(S, -LN2_HI);
        final DoubleVector negLn2Lo = DoubleVector.broadcast(S, -LN2_LO);
        final DoubleVector c13 = DoubleVector.broadcast(S, C13);
        final DoubleVector c12 = DoubleVector.broadcast(S, C12);
        final DoubleVector c11 = DoubleVector.broadcast(S, C11);
        final DoubleVector c10 = DoubleVector.broadcast(S, C10);
        final DoubleVector c9 = DoubleVector.broadcast(S, C9);
        final DoubleVector c8 = DoubleVector.broadcast(S, C8);
        final DoubleVector c7 = DoubleVector.broadcast(S, C7);
        final DoubleVector c6 = DoubleVector.broadcast(S, C6);
        final DoubleVector c5 = DoubleVector.broadcast(S, C5);
        final DoubleVector c4 = DoubleVector.broadcast(S, C4);
        final DoubleVector c3 = DoubleVector.broadcast(S, C3);
        final DoubleVector c2 = DoubleVector.broadcast(S, C2);
        for (int i = 0; i < n; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, a, i).max(EXP_LO).min(EXP_HI);
            DoubleVector shifted = x.fma(invLn2, shifter);
            DoubleVector k = shifted.sub(shifter);
            DoubleVector r = k.fma(negLn2Hi, x);
            r = k.fma(negLn2Lo, r);
            DoubleVector q = r.fma(c13, c12);
            q = q.fma(r, c11);
            q = q.fma(r, c10);
            q = q.fma(r, c9);
            q = q.fma(r, c8);
            q = q.fma(r, c7);
            q = q.fma(r, c6);
            q = q.fma(r, c5);
            q = q.fma(r, c4);
            q = q.fma(r, c3);
            q = q.fma(r, c2);
            DoubleVector er = r.mul(r).fma(q, r).add(1.0);
            LongVector kl = shifted.viewAsIntegralLanes().sub(SHIFTER_BITS);
            LongVector k1 = kl.lanewise(VectorOperators.ASHR, 1);
            LongVector k2 = kl.sub(k1);
            DoubleVector s1 = k1.add(1023L).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
            DoubleVector s2 = k2.add(1023L).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
            er.mul(s1).mul(s2).intoArray(out, i);
        }
    }

    /** {@code r = m − y}: {@code ℓ' = r}, term {@code r²} (halved by the caller). */
    private static void squared(double[] m, double[] y, int yOffset, int n, double[] d, Work work) {
        DoubleVector ls = DoubleVector.zero(S);
        DoubleVector ds = ls;
        for (int i = 0; i < n; i += L) {
            DoubleVector r = DoubleVector.fromArray(S, m, i).sub(DoubleVector.fromArray(S, y, yOffset + i));
            DoubleVector term = r.mul(r);
            r.intoArray(d, i);
            ls = ls.add(term);
            ds = ds.add(r);
        }
        work.acc[0] = VectorKernel.sum(ls, work.lanes);
        work.acc[1] = VectorKernel.sum(ds, work.lanes);
    }

    /**
     * As {@link LogisticLoss}: {@code ℓ = max(m, 0) + log1p(e) − y·m}, {@code ℓ' = σ(m) − y} from
     * {@code e = exp(−|m|) ∈ [0, 1]}, so no margin overflows; {@code σ = 1/(1+e)} or {@code e/(1+e)}.
     * {@code log1p(e)} is fdlibm's {@code s_log1p.c} on {@code [0, 1]}: below {@code 0.41422}, {@code f = e};
     * above, {@code u/2 = 1 + f} (exact) with {@code k = 1} and {@code c = (1 − (u − e))/u} restoring what
     * rounding {@code u = 1 + e} lost; then {@code log(1 + f) = f − (f²/2 − s·(f²/2 + R(s²)))},
     * {@code s = f/(2 + f)}.
     */
    private static void logistic(double[] m, double[] y, int yOffset, int n, double[] e, double[] d, Work work) {
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        final DoubleVector zero = DoubleVector.zero(S);
        DoubleVector ls = zero;
        DoubleVector ds = zero;
        for (int i = 0; i < n; i += L) {
            DoubleVector mv = DoubleVector.fromArray(S, m, i);
            DoubleVector t = DoubleVector.fromArray(S, y, yOffset + i);
            DoubleVector ev = DoubleVector.fromArray(S, e, i);
            DoubleVector u = ev.add(1.0);
            DoubleVector inv = one.div(u);
            // log1p(e)
            VectorMask<Double> big = ev.compare(VectorOperators.GE, LOG1P_K1);
            DoubleVector f = ev.blend(u.mul(0.5).sub(1.0), big);
            DoubleVector c = zero.blend(one.sub(u.sub(ev)).mul(inv), big);
            DoubleVector kHi = zero.blend(LN2_HI, big);
            DoubleVector kLoC = zero.blend(LN2_LO, big).add(c);
            DoubleVector s = f.div(f.add(2.0));
            DoubleVector z = s.mul(s);
            DoubleVector w = z.mul(z);
            DoubleVector t1 = w.mul(LG6).add(LG4).mul(w).add(LG2).mul(w);
            DoubleVector t2 = w.mul(LG7).add(LG5).mul(w).add(LG3).mul(w).add(LG1).mul(z);
            DoubleVector rr = t2.add(t1);
            DoubleVector hfsq = f.mul(f).mul(0.5);
            DoubleVector log1p = kHi.sub(hfsq.sub(s.mul(hfsq.add(rr)).add(kLoC)).sub(f));
            // derivative and loss
            DoubleVector dv = inv.blend(ev.mul(inv), mv.compare(VectorOperators.LT, 0.0)).sub(t);
            DoubleVector term = mv.max(0.0).add(log1p).sub(t.mul(mv));
            dv.intoArray(d, i);
            ls = ls.add(term);
            ds = ds.add(dv);
        }
        work.acc[0] = VectorKernel.sum(ls, work.lanes);
        work.acc[1] = VectorKernel.sum(ds, work.lanes);
    }

    /** As {@link PoissonLoss}: {@code μ = exp(min(m, 700))} (in {@code e}), {@code ℓ = μ − y·m}, {@code ℓ' = μ − y}. */
    private static void poisson(double[] m, double[] y, int yOffset, int n, double[] e, double[] d, Work work) {
        DoubleVector ls = DoubleVector.zero(S);
        DoubleVector ds = ls;
        for (int i = 0; i < n; i += L) {
            DoubleVector mv = DoubleVector.fromArray(S, m, i);
            DoubleVector t = DoubleVector.fromArray(S, y, yOffset + i);
            DoubleVector mu = DoubleVector.fromArray(S, e, i);
            DoubleVector dv = mu.sub(t);
            DoubleVector term = mu.sub(t.mul(mv));
            dv.intoArray(d, i);
            ls = ls.add(term);
            ds = ds.add(dv);
        }
        work.acc[0] = VectorKernel.sum(ls, work.lanes);
        work.acc[1] = VectorKernel.sum(ds, work.lanes);
    }

    /** As {@link HuberLoss}: {@code r = m − y}, {@code ℓ = ½r²} or {@code δ(|r| − ½δ)}, {@code ℓ' = clamp(r, ±δ)}. */
    private static void huber(double delta, double[] m, double[] y, int yOffset, int n, double[] d, Work work) {
        final double halfDelta = 0.5 * delta;
        DoubleVector ls = DoubleVector.zero(S);
        DoubleVector ds = ls;
        for (int i = 0; i < n; i += L) {
            DoubleVector r = DoubleVector.fromArray(S, m, i).sub(DoubleVector.fromArray(S, y, yOffset + i));
            DoubleVector a = r.abs();
            DoubleVector dv = r.min(delta).max(-delta);
            DoubleVector term = a.sub(halfDelta).mul(delta)
                    .blend(r.mul(0.5).mul(r), a.compare(VectorOperators.LE, delta));
            dv.intoArray(d, i);
            ls = ls.add(term);
            ds = ds.add(dv);
        }
        work.acc[0] = VectorKernel.sum(ls, work.lanes);
        work.acc[1] = VectorKernel.sum(ds, work.lanes);
    }
}
