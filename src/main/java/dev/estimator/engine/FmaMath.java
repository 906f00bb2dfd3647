package dev.estimator.engine;

/**
 * {@code exp} and {@code log1p} written with operations whose results the Java specification fixes (add,
 * multiply, divide, {@link Math#fma}, compares and bit operations), so each gives the same bits in the
 * interpreter, C1 and C2 and on every JDK — unlike {@link Math#exp}, which may be an intrinsic that differs
 * between them. {@link VectorLosses} computes the very same steps lane by lane, so a row's loss is the
 * same number in both kernels.
 *
 * <ul>
 * <li>{@link #exp}: Cody and Waite's argument reduction (W. J. Cody, W. Waite, <i>Software Manual for the
 * Elementary Functions</i>, 1980) {@code exp(x) = 2^k·e^r}, {@code k = round(x/ln 2)},
 * {@code r = x − k·ln 2} with ln 2 in two parts (fdlibm's {@code e_exp.c} constants), then
 * {@code e^r = 1 + r + r²·q(r)}, {@code q} the Taylor polynomial to {@code r¹¹/13!} in Horner form with fused
 * multiply-adds (truncation below 2⁻⁵⁷ relative for {@code |r| ≤ ln2/2}); {@code 2^k} is applied as two
 * factors so that results down to the subnormals round once. Within one ulp of {@link StrictMath#exp}.</li>
 * <li>{@link #log1pUnit}: fdlibm's {@code s_log1p.c} (Sun Microsystems, 1993) restricted to {@code [0, 1]}:
 * below {@code 0.41422}, {@code f = x}; above, {@code 1 + f = (1 + x)/2} with {@code k = 1} and a correction
 * {@code c = (1 − (u − x))/u} for the rounding of {@code u = 1 + x}; then
 * {@code log(1 + f) = f − (f²/2 − s·(f²/2 + R(s²)))}, {@code s = f/(2 + f)}, with {@code e_log.c}'s
 * polynomial R (|error| < 2⁻⁵⁸·⁴⁵).</li>
 * </ul>
 */
final class FmaMath {

    static final double INV_LN2 = 1.4426950408889634;
    static final double LN2_HI = 6.93147180369123816490e-01;
    static final double LN2_LO = 1.90821492927058770002e-10;
    /** 1.5·2⁵²: adding it rounds to an integer and leaves that integer in the low bits. */
    static final double SHIFTER = 6755399441055744.0;
    static final long SHIFTER_BITS = Double.doubleToRawLongBits(SHIFTER);
    /** Below this exp is 0 in double precision; above the other bound it is +∞. */
    static final double EXP_LO = -746.0;
    static final double EXP_HI = 710.0;
    /** 1/13!, 1/12!, … 1/2!: the Taylor coefficients of {@code q}. */
    static final double C13 = 1.0 / 6227020800.0;
    static final double C12 = 1.0 / 479001600.0;
    static final double C11 = 1.0 / 39916800.0;
    static final double C10 = 1.0 / 3628800.0;
    static final double C9 = 1.0 / 362880.0;
    static final double C8 = 1.0 / 40320.0;
    static final double C7 = 1.0 / 5040.0;
    static final double C6 = 1.0 / 720.0;
    static final double C5 = 1.0 / 120.0;
    static final double C4 = 1.0 / 24.0;
    static final double C3 = 1.0 / 6.0;
    static final double C2 = 0.5;

    static final double LG1 = 6.666666666666735130e-01;
    static final double LG2 = 3.999999999940941908e-01;
    static final double LG3 = 2.857142874366239149e-01;
    static final double LG4 = 2.222219843214978396e-01;
    static final double LG5 = 1.818357216161805012e-01;
    static final double LG6 = 1.531383769920937332e-01;
    static final double LG7 = 1.479819860511658591e-01;
    /** fdlibm's switch to the {@code k = 1} reduction: high word 0x3FDA827A, about √2 − 1. */
    static final double LOG1P_K1 = Double.longBitsToDouble(0x3FDA827A00000000L);

    private FmaMath() {
    }

    /** {@code e^v}: 0 below −746, +∞ above 710, NaN for NaN. */
    static double exp(double v) {
        final double x = Math.min(Math.max(v, EXP_LO), EXP_HI);
        final double shifted = Math.fma(x, INV_LN2, SHIFTER);
        final double k = shifted - SHIFTER;
        double r = Math.fma(k, -LN2_HI, x);
        r = Math.fma(k, -LN2_LO, r);
        double q = Math.fma(r, C13, C12);
        q = Math.fma(q, r, C11);
        q = Math.fma(q, r, C10);
        q = Math.fma(q, r, C9);
        q = Math.fma(q, r, C8);
        q = Math.fma(q, r, C7);
        q = Math.fma(q, r, C6);
        q = Math.fma(q, r, C5);
        q = Math.fma(q, r, C4);
        q = Math.fma(q, r, C3);
        q = Math.fma(q, r, C2);
        final double er = Math.fma(r * r, q, r) + 1.0;
        final long kl = Double.doubleToRawLongBits(shifted) - SHIFTER_BITS;
        final long k1 = kl >> 1;
        final long k2 = kl - k1;
        return er * Double.longBitsToDouble((k1 + 1023L) << 52) * Double.longBitsToDouble((k2 + 1023L) << 52);
    }

    /** {@code log(1 + x)} for {@code x ∈ [0, 1]}. */
    static double log1pUnit(double x) {
        final double u = x + 1.0;
        return log1pUnit(x, u, 1.0 / u);
    }

    /** {@code log(1 + x)} for {@code x ∈ [0, 1]}, given {@code u = x + 1} and {@code inv = 1/u}. */
    static double log1pUnit(double x, double u, double inv) {
        final boolean big = x >= LOG1P_K1;
        final double f = big ? u * 0.5 - 1.0 : x;
        final double c = big ? (1.0 - (u - x)) * inv : 0.0;
        final double kHi = big ? LN2_HI : 0.0;
        final double kLoC = (big ? LN2_LO : 0.0) + c;
        final double s = f / (f + 2.0);
        final double z = s * s;
        final double w = z * z;
        final double t1 = ((w * LG6 + LG4) * w + LG2) * w;
        final double t2 = (((w * LG7 + LG5) * w + LG3) * w + LG1) * z;
        final double hfsq = f * f * 0.5;
        return kHi - ((hfsq - (s * (hfsq + (t2 + t1)) + kLoC)) - f);
    }
}
