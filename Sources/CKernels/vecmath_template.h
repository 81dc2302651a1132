// vecmath_template.h: vectorised elementwise maps, reductions and row softmax, written once over clang's
// vector extension and instantiated per ISA (simd_avx512.c: 16 lanes, simd_avx2.c: 8 lanes, simd_neon.c: 4).
//
// Why: exp / tanh / sigmoid / GELU / SiLU and softmax are bandwidth-bound only if the math itself is
// vectorised; libm's expf is scalar. One source keeps the accuracy work (range reduction, special values,
// tails) in one place, and the target attribute of the including file turns it into zmm, ymm or NEON code.
// A file that includes this defines:
//   SL_VW        lanes per vector (16, 8, 4)
//   SL_VM_ATTR   function attributes (target), may be empty
//   SL_VM_SUFFIX suffix of the exported functions (avx512 → sl_vexp_avx512, ...)
//
// Accuracy (checked against double-precision libm by the C test harness, worst case over dense sweeps):
//   exp: Cody-Waite reduction by ln2 + the Cephes degree-7 polynomial, ≤ 1.3 ulp; p·2^n scaled in two halves
//        (or vscalefps) so subnormal results are rounded once and overflow gives +inf; exp(-inf) = 0, NaN → NaN.
//   tanh: -m/(2+m) with m = expm1(-2|x|) (an expm1 that keeps relative accuracy near 0), sign copied from x;
//        ≤ 3 ulp / 2e-7 relative.
//   sigmoid = 1/(1+e^{-x}) (e^x/(1+e^x) for x < 0, so the tail keeps relative accuracy); SiLU = x·sigmoid(x);
//        GELU-tanh = x·sigmoid(2u), the same function as 0.5x(1+tanh u) without the cancellation for x < 0,
//        with 2u carried in two floats: all ≤ 3e-7 relative.
//   GELU-erf = x·Φ(x), Φ from w = erfc(|x|/√2)/2 = t·Q(t)·e^{-x²/2} with t = 1/(1 + p|x|) and Q a degree-7
//        minimax polynomial (one division, one exp, no cancellation in the negative tail): ≤ 7e-7 relative
//        (6.1e-7 worst over a 157M-value sweep of [-16, 16]).
//        GELU-tanh and GELU-erf use an unclamped exp of a two-float argument (vexp_neg_hl, degree 5).
//   For x = -inf, SiLU and the GELUs return -0 (their limit), not -inf·0 = NaN.
//   Sums use 8 vector accumulators per 4096-element block, lanes added in a fixed tree order, block sums added
//   in double: deterministic for a given ISA, relative error ~1e-8 for 16M terms.

#include <math.h>
#include <string.h>

typedef float vf __attribute__((ext_vector_type(SL_VW)));
typedef int vi __attribute__((ext_vector_type(SL_VW)));

#define SL_VM_CAT2(a, b) a##_##b
#define SL_VM_CAT(a, b) SL_VM_CAT2(a, b)
#define SL_VM_NAME(base) SL_VM_CAT(base, SL_VM_SUFFIX)
#define SL_VM_INLINE SL_VM_ATTR static inline __attribute__((always_inline))

SL_VM_INLINE vf vload(const float *p) {
    vf v;
    memcpy(&v, p, sizeof v);
    return v;
}
SL_VM_INLINE void vstore(float *p, vf v) { memcpy(p, &v, sizeof v); }
SL_VM_INLINE vf vfma(vf a, vf b, vf c) { return __builtin_elementwise_fma(a, b, c); }
SL_VM_INLINE vf vsel(vi mask, vf a, vf b) { return mask ? a : b; }
/// min / max that keep a NaN in x (a NaN compares false, so x is returned).
SL_VM_INLINE vf vmin_keepnan(vf x, float hi) { return vsel(x > hi, (vf)hi, x); }
SL_VM_INLINE vf vmax_keepnan(vf x, float lo) { return vsel(x < lo, (vf)lo, x); }
SL_VM_INLINE vf vabs(vf x) { return __builtin_bit_cast(vf, __builtin_bit_cast(vi, x) & 0x7fffffff); }
SL_VM_INLINE vf vcopysign(vf mag, vf sgn) {
    return __builtin_bit_cast(vf, (__builtin_bit_cast(vi, mag) & 0x7fffffff) |
                                      (__builtin_bit_cast(vi, sgn) & (int)0x80000000));
}
/// 2^k for integer-valued k in [-126, 127], built from the exponent bits.
SL_VM_INLINE vf vpow2i(vi k) { return __builtin_bit_cast(vf, (k + 127) << 23); }

/// p·2^n for integer-valued n in [-150, 128]: two exponent-bit multiplies (each factor is a normal number),
/// so a subnormal result is rounded once and a too-large one overflows to inf. An including file may supply a
/// single-instruction version (AVX-512 vscalefps) as SL_VM_SCALE2.
#ifdef SL_VM_SCALE2
#define vscale2 SL_VM_SCALE2
#else
SL_VM_INLINE vf vscale2(vf p, vf n) {
    vi k = __builtin_convertvector(n, vi);
    vi k1 = k >> 1;
    return p * vpow2i(k1) * vpow2i(k - k1);
}
#endif

/// 1/d for d in [1, 16] (all callers): division, or an including file's faster reciprocal (SL_VM_RECIP,
/// e.g. AVX-512 rcp14 + one Newton step, relative error < 2^-23).
#ifdef SL_VM_RECIP
#define vrecip SL_VM_RECIP
#else
SL_VM_INLINE vf vrecip(vf d) { return 1.0f / d; }
#endif

/// exp(h + l) for h in [-170, 0] and a small correction l carried separately (so h + l need not be
/// representable), without clamping: every caller keeps the argument in range, and both vscalefps and the
/// two-step vscale2 scale by 2^n down to n = -250 (giving 0 or a correctly rounded subnormal). Degree-5
/// minimax polynomial: ≤ 1.5e-7 relative (NaN in h gives NaN).
SL_VM_INLINE vf vexp_neg_hl(vf h, vf l) {
    const float log2e = 1.44269504088896341f, c1 = 0.693359375f, c2 = -2.12194440e-4f;
    vf n = __builtin_elementwise_roundeven(h * log2e);
    vf r = vfma(n, (vf)-c1, h); // exact: n·c1 has ≤ 17 significant bits and |r| < 1
    r = vfma(n, (vf)-c2, r) + l;
    vf p = (vf)0.008290033f;
    p = vfma(p, r, (vf)0.041899204f);
    p = vfma(p, r, (vf)0.16667648f);
    p = vfma(p, r, (vf)0.4999914f);
    p = vfma(p, r, (vf)0.9999997f);
    p = vfma(p, r, (vf)1.0f);
    return vscale2(p, n);
}

SL_VM_INLINE vf vexp_f(vf x) {
    const float log2e = 1.44269504088896341f, c1 = 0.693359375f, c2 = -2.12194440e-4f;
    x = vmin_keepnan(x, 89.0f);
    x = vmax_keepnan(x, -104.0f);
    vf n = __builtin_elementwise_roundeven(x * log2e);
    vf r = vfma(n, (vf)-c1, x);
    r = vfma(n, (vf)-c2, r);
    vf p = (vf)1.9875691500e-4f;
    p = vfma(p, r, (vf)1.3981999507e-3f);
    p = vfma(p, r, (vf)8.3334519073e-3f);
    p = vfma(p, r, (vf)4.1665795894e-2f);
    p = vfma(p, r, (vf)1.6666665459e-1f);
    p = vfma(p, r, (vf)5.0000001201e-1f);
    p = vfma(p, r * r, r + 1.0f);
    return vscale2(p, n);
}

/// e^x - 1 for x ≤ 0 (or NaN), with relative accuracy near 0: with x = n·ln2 + r, e^r - 1 = r + r²·P(r) is
/// formed without adding the 1, and 2^n·(q + 1) - 1 = 2^n·q + (2^n - 1) (exact for n = 0, no cancellation
/// otherwise).
SL_VM_INLINE vf vexpm1_nonpositive_f(vf x) {
    const float log2e = 1.44269504088896341f, c1 = 0.693359375f, c2 = -2.12194440e-4f;
    x = vmax_keepnan(x, -104.0f);
    vf n = __builtin_elementwise_roundeven(x * log2e);
    vf r = vfma(n, (vf)-c1, x);
    r = vfma(n, (vf)-c2, r);
    vf p = (vf)1.9875691500e-4f;
    p = vfma(p, r, (vf)1.3981999507e-3f);
    p = vfma(p, r, (vf)8.3334519073e-3f);
    p = vfma(p, r, (vf)4.1665795894e-2f);
    p = vfma(p, r, (vf)1.6666665459e-1f);
    p = vfma(p, r, (vf)5.0000001201e-1f);
    vf q = vfma(p, r * r, r);
    vf t = vscale2((vf)1.0f, n);
    return vfma(t, q, t - 1.0f);
}

/// tanh|x| = -m/(2 + m) with m = e^{-2|x|} - 1 ∈ (-1, 0]: one expm1, no cancellation near 0, and exactly 1
/// once e^{-2|x|} underflows; the sign is copied back from x (so tanh(-0) = -0, tanh(NaN) = NaN).
SL_VM_INLINE vf vtanh_f(vf x) {
    vf a = vabs(x);
    vf m = vexpm1_nonpositive_f(-(a + a));
    return vcopysign(-m * vrecip(m + 2.0f), x);
}

/// sigmoid(x) = 1/(1+e^{-x}) for x ≥ 0 and e^{x}/(1+e^{x}) for x < 0: e^{-|x|} never overflows, so the
/// negative tail keeps full relative accuracy down to subnormal results.
SL_VM_INLINE vf vsigmoid_f(vf x) {
    vf e = vexp_f(-vabs(x));
    vf s = vrecip(1.0f + e);
    return vsel(x >= 0.0f, s, e * s);
}

SL_VM_INLINE vf vsilu_f(vf x) { return vmax_keepnan(x, -3.40282347e38f) * vsigmoid_f(x); }

SL_VM_INLINE vf vgelu_tanh_f(vf x) {
    // 0.5x(1 + tanh u) = x·sigmoid(2u) with 2u = x·(c0 + c1·x²), c0 = 2·sqrt(2/π), c1 = 0.044715·c0.
    // 2u reaches ~90 before sigmoid underflows, so it is carried as an unevaluated sum hi + lo (error-free
    // products via fma, constants split in two floats); otherwise rounding 2u costs ~1e-5 relative in the tail.
    const float c0h = 1.59576917f, c0l = -4.534068e-08f, c1h = 0.0713548139f, c1l = 2.3988325e-09f;
    vf xa = vmax_keepnan(vmin_keepnan(x, 12.0f), -12.0f); // |2u| > 140 beyond: sigmoid is exactly 0 or 1
    vf sq = xa * xa;
    vf sq_l = vfma(xa, xa, -sq);
    vf t = c1h * sq;
    vf t_l = vfma((vf)c1h, sq, -t) + vfma((vf)c1l, sq, c1h * sq_l);
    vf q = c0h + t; // two-sum (t can exceed c0)
    vf bb = q - c0h;
    vf q_l = ((c0h - (q - bb)) + (t - bb)) + (t_l + c0l);
    vf hi = xa * q;
    vf lo = vfma(xa, q, -hi) + xa * q_l;
    // sigmoid(hi + lo) from e = exp(-|hi + lo|)
    vi pos = hi >= 0.0f;
    vf e = vexp_neg_hl(vsel(pos, -hi, hi), vsel(pos, -lo, lo));
    vf sg = 1.0f / (1.0f + e);
    return vmax_keepnan(x, -3.40282347e38f) * vsel(pos, sg, e * sg);
}

SL_VM_INLINE vf vgelu_erf_f(vf x) {
    // x·Φ(x) with Φ(x) = 1 - w for x > 0 and w otherwise, w = erfc(|x|/√2)/2 = t·Q(t)·e^{-x²/2}, where
    // t = 1/(1 + p·|x|) and Q is a degree-7 minimax fit of erfc(z)·e^{z²}/(2t) (relative error 1.8e-7 in exact
    // arithmetic, ≤ 6.1e-7 in float over a 157M-value sweep): one division (a separate unit on x86, cheaper than
    // rcp + Newton in the FMA pipes) and one exp, no cancellation in the negative tail.
    // -x²/2 is carried as an exact two-float sum into the exp (rounding it would cost up to 4e-6 relative).
    // |x| is clamped at 15, where w is exactly 0 (so ±inf give +inf / -0). A NaN x may become 15 in a (one
    // minps), but then takes the x - xw branch and stays NaN.
    vf a = vabs(x);
    a = vsel(a < 15.0f, a, (vf)15.0f);
    vf xc = vcopysign(a, x);
    vf t = 1.0f / vfma(a, (vf)0.3005204f, (vf)1.0f);
    vf q = (vf)0.035265557f;
    q = vfma(q, t, (vf)-0.15461607f);
    q = vfma(q, t, (vf)0.20045006f);
    q = vfma(q, t, (vf)-0.048559178f);
    q = vfma(q, t, (vf)0.12593712f);
    q = vfma(q, t, (vf)0.10083388f);
    q = vfma(q, t, (vf)0.12084438f);
    q = vfma(q, t, (vf)0.11984418f);
    vf ma = -0.5f * a;
    vf h = a * ma;              // -(a²)/2, rounded
    vf hl = vfma(a, ma, -h);    // its rounding error, exactly
    vf xw = (xc * (t * q)) * vexp_neg_hl(h, hl);
    return vsel(x <= 0.0f, xw, x - xw);
}

/// Defines an exported map y[i] = F(x[i]); the tail goes through a zero-padded vector.
#define SL_VM_DEFINE_MAP(base, F)                                                                             \
    SL_VM_ATTR void SL_VM_NAME(base)(const float *x, float *y, long n) {                                      \
        long i = 0;                                                                                           \
        for (; i + 2 * SL_VW <= n; i += 2 * SL_VW) {                                                          \
            vf a = vload(x + i), b = vload(x + i + SL_VW);                                                    \
            vstore(y + i, F(a));                                                                              \
            vstore(y + i + SL_VW, F(b));                                                                      \
        }                                                                                                     \
        for (; i + SL_VW <= n; i += SL_VW) vstore(y + i, F(vload(x + i)));                                    \
        if (i < n) {                                                                                          \
            float buf[SL_VW] = {0};                                                                           \
            memcpy(buf, x + i, (size_t)(n - i) * sizeof(float));                                              \
            vstore(buf, F(vload(buf)));                                                                       \
            memcpy(y + i, buf, (size_t)(n - i) * sizeof(float));                                              \
        }                                                                                                     \
    }

SL_VM_DEFINE_MAP(sl_vexp, vexp_f)
SL_VM_DEFINE_MAP(sl_vtanh, vtanh_f)
SL_VM_DEFINE_MAP(sl_vsigmoid, vsigmoid_f)
SL_VM_DEFINE_MAP(sl_vsilu, vsilu_f)
SL_VM_DEFINE_MAP(sl_vgelu_tanh, vgelu_tanh_f)
SL_VM_DEFINE_MAP(sl_vgelu_erf, vgelu_erf_f)

// ---- Affine and binary maps: plain loops, vectorised by the compiler for the including file's target. ----

SL_VM_ATTR void SL_VM_NAME(sl_vaffine)(const float *x, float a, float b, float *y, long n) {
    for (long i = 0; i < n; i++) y[i] = __builtin_fmaf(a, x[i], b);
}

#define SL_VM_BINARY_LOOP(expr)                                                                               \
    for (long i = 0; i < n; i++) {                                                                            \
        float xv = x[i], yv = y[i];                                                                           \
        z[i] = (expr);                                                                                        \
    }

SL_VM_ATTR void SL_VM_NAME(sl_vbinary)(int op, const float *x, const float *y, float *z, long n) {
    switch (op) {
    case 0: SL_VM_BINARY_LOOP(xv + yv) break;
    case 1: SL_VM_BINARY_LOOP(xv - yv) break;
    case 2: SL_VM_BINARY_LOOP(xv * yv) break;
    case 3: SL_VM_BINARY_LOOP(xv / yv) break;
    default: break;
    }
}
#undef SL_VM_BINARY_LOOP

#define SL_VM_SCALAR_LOOP(expr)                                                                               \
    for (long i = 0; i < n; i++) {                                                                            \
        float xv = x[i];                                                                                      \
        z[i] = (expr);                                                                                        \
    }

SL_VM_ATTR void SL_VM_NAME(sl_vbinary_scalar)(int op, const float *x, float s, float *z, long n) {
    switch (op) {
    case 0: SL_VM_SCALAR_LOOP(xv + s) break;
    case 1: SL_VM_SCALAR_LOOP(xv - s) break;
    case 2: SL_VM_SCALAR_LOOP(xv * s) break;
    case 3: SL_VM_SCALAR_LOOP(xv / s) break; // not x·(1/s): keeps IEEE division results
    default: break;
    }
}
#undef SL_VM_SCALAR_LOOP

// ---- Reductions -------------------------------------------------------------------------------------------

/// Lanes of v added in a fixed tree order.
SL_VM_INLINE float vhsum(vf v) {
    float t[SL_VW];
    vstore(t, v);
    for (int w = SL_VW / 2; w > 0; w /= 2)
        for (int i = 0; i < w; i++) t[i] += t[i + w];
    return t[0];
}

/// max with NaN propagation: once an accumulator lane is NaN it stays NaN.
SL_VM_INLINE vf vmax_nan(vf m, vf v) { return vsel((v > m) | (v != v), v, m); }

SL_VM_INLINE float vhmax(vf v) {
    float t[SL_VW];
    vstore(t, v);
    float m = t[0];
    for (int i = 1; i < SL_VW; i++)
        if (t[i] > m || t[i] != t[i]) m = t[i];
    return m;
}

// Sums use SL_SUM_VW-lane vectors (default SL_VW). The AVX-512 file sets 8: on Zen 4, streaming with 256-bit
// loads measured 5-10% faster than 512-bit loads from L3 and DRAM (and the adds are nowhere near the limit).
#ifndef SL_SUM_VW
#define SL_SUM_VW SL_VW
#endif
typedef float vsf __attribute__((ext_vector_type(SL_SUM_VW)));

/// Sum of x[0..<n] in float with 8 vector accumulators (n ≤ a block, so rounding error stays tiny); the
/// accumulators and then the lanes are added in a fixed tree order.
SL_VM_INLINE float block_sum(const float *x, long n) {
    enum { W = SL_SUM_VW, NACC = 8 };
    vsf s[NACC];
    for (int k = 0; k < NACC; k++) s[k] = (vsf)0;
    long i = 0;
    for (; i + NACC * W <= n; i += NACC * W)
        for (int k = 0; k < NACC; k++) {
            vsf v;
            memcpy(&v, x + i + k * W, sizeof v);
            s[k] += v;
        }
    for (; i + W <= n; i += W) {
        vsf v;
        memcpy(&v, x + i, sizeof v);
        s[0] += v;
    }
    float tail = 0;
    for (; i < n; i++) tail += x[i];
    for (int w = NACC / 2; w > 0; w /= 2)
        for (int k = 0; k < w; k++) s[k] += s[k + w];
    float t[W];
    memcpy(t, &s[0], sizeof t);
    for (int w = W / 2; w > 0; w /= 2)
        for (int k = 0; k < w; k++) t[k] += t[k + w];
    return t[0] + tail;
}

SL_VM_ATTR float SL_VM_NAME(sl_sum)(const float *x, long n) {
    enum { BLOCK = 4096 };
    double total = 0;
    for (long i = 0; i < n; i += BLOCK) total += (double)block_sum(x + i, n - i < BLOCK ? n - i : BLOCK);
    return (float)total;
}

SL_VM_INLINE float row_max(const float *x, long n) {
    vf m0 = -INFINITY, m1 = -INFINITY, m2 = -INFINITY, m3 = -INFINITY;
    long i = 0;
    for (; i + 4 * SL_VW <= n; i += 4 * SL_VW) {
        m0 = vmax_nan(m0, vload(x + i));
        m1 = vmax_nan(m1, vload(x + i + SL_VW));
        m2 = vmax_nan(m2, vload(x + i + 2 * SL_VW));
        m3 = vmax_nan(m3, vload(x + i + 3 * SL_VW));
    }
    for (; i + SL_VW <= n; i += SL_VW) m0 = vmax_nan(m0, vload(x + i));
    float m = vhmax(vmax_nan(vmax_nan(m0, m1), vmax_nan(m2, m3)));
    for (; i < n; i++)
        if (x[i] > m || x[i] != x[i]) m = x[i];
    return m;
}

SL_VM_ATTR float SL_VM_NAME(sl_max)(const float *x, long n) { return row_max(x, n); }

// ---- Row softmax ---------------------------------------------------------------------------------------------

/// Writes e^{x-m} to y (if y != NULL) and returns its sum. Tail lanes padded with -inf contribute 0.
SL_VM_INLINE float exp_shift_sum(const float *x, float *y, long n, float m) {
    vf s0 = 0, s1 = 0;
    long i = 0;
    for (; i + 2 * SL_VW <= n; i += 2 * SL_VW) {
        vf e0 = vexp_f(vload(x + i) - m), e1 = vexp_f(vload(x + i + SL_VW) - m);
        if (y) {
            vstore(y + i, e0);
            vstore(y + i + SL_VW, e1);
        }
        s0 += e0;
        s1 += e1;
    }
    for (; i + SL_VW <= n; i += SL_VW) {
        vf e = vexp_f(vload(x + i) - m);
        if (y) vstore(y + i, e);
        s0 += e;
    }
    if (i < n) {
        float buf[SL_VW];
        for (int k = 0; k < SL_VW; k++) buf[k] = i + k < n ? x[i + k] - m : -INFINITY;
        vf e = vexp_f(vload(buf));
        vstore(buf, e);
        if (y) memcpy(y + i, buf, (size_t)(n - i) * sizeof(float));
        s1 += e;
    }
    return vhsum(s0 + s1);
}

SL_VM_ATTR void SL_VM_NAME(sl_softmax_rows)(const float *x, float *y, long rows, long cols) {
    for (long r = 0; r < rows; r++) {
        const float *xr = x + r * cols;
        float *yr = y + r * cols;
        float m = row_max(xr, cols);
        // m = -inf (all -inf) gives NaN through -inf - -inf, as IEEE and PyTorch do; m = NaN gives NaN.
        float inv = 1.0f / exp_shift_sum(xr, yr, cols, m);
        long i = 0;
        for (; i + SL_VW <= cols; i += SL_VW) vstore(yr + i, vload(yr + i) * inv);
        for (; i < cols; i++) yr[i] *= inv;
    }
}

SL_VM_ATTR void SL_VM_NAME(sl_log_softmax_rows)(const float *x, float *y, long rows, long cols) {
    for (long r = 0; r < rows; r++) {
        const float *xr = x + r * cols;
        float *yr = y + r * cols;
        float m = row_max(xr, cols);
        float lse = logf(exp_shift_sum(xr, NULL, cols, m));
        // y = (x - m) - log Σ e^{x-m}; an all -inf row gives NaN (-inf - -inf), as PyTorch does.
        long i = 0;
        for (; i + SL_VW <= cols; i += SL_VW) vstore(yr + i, (vload(xr + i) - m) - lse);
        for (; i < cols; i++) yr[i] = (xr[i] - m) - lse;
    }
}

#undef SL_VM_DEFINE_MAP
#undef SL_SUM_VW
#undef SL_VM_INLINE
#undef SL_VM_NAME
#undef SL_VM_CAT
#undef SL_VM_CAT2
