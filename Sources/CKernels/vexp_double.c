// vexp_double.c: exp over a contiguous Float64 array, vectorised per ISA (the softmax of logistic regression).
//
// Why: libm's exp is a call per element (~15 ns); a softmax over 80,000 × 10 scores per L-BFGS evaluation spent
// more time there than in the two GEMMs around it. Method: x = n·ln2 + r with |r| ≤ ln2/2 (ln2 split in two parts
// so r is exact to ~1 ulp), exp(r) by its Taylor polynomial to degree 13 (truncation < 2e-16 relative), and 2ⁿ built
// in the exponent bits (n + 1.5·2⁵² puts n in the low mantissa bits: no float-to-int conversion, which AVX2 lacks
// for 64-bit lanes). The loop body is plain C that clang vectorises under each target attribute. Inputs outside
// [-708, 709] (where 2ⁿ would leave the normal range) and NaN are redone with libm afterwards, so every input
// gets the correctly rounded or ≤ 2 ulp result and exp's special values.
#include "sl_internal.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define SL_DEXP_LOOP                                                                                          \
    for (long i = 0; i < n; i++) {                                                                            \
        double v = x[i];                                                                                      \
        v = v < -708.0 ? -708.0 : v;                                                                          \
        v = v > 709.0 ? 709.0 : v;                                                                            \
        const double t = __builtin_fma(v, 1.4426950408889634, 6755399441055744.0);                           \
        const double k = t - 6755399441055744.0;                                                              \
        double r = __builtin_fma(-k, 6.93147180369123816490e-01, v);                                          \
        r = __builtin_fma(-k, 1.90821492927058770002e-10, r);                                                 \
        double p = 1.0 / 6227020800.0;                                                                        \
        p = __builtin_fma(p, r, 1.0 / 479001600.0);                                                           \
        p = __builtin_fma(p, r, 1.0 / 39916800.0);                                                            \
        p = __builtin_fma(p, r, 1.0 / 3628800.0);                                                             \
        p = __builtin_fma(p, r, 1.0 / 362880.0);                                                              \
        p = __builtin_fma(p, r, 1.0 / 40320.0);                                                               \
        p = __builtin_fma(p, r, 1.0 / 5040.0);                                                                \
        p = __builtin_fma(p, r, 1.0 / 720.0);                                                                 \
        p = __builtin_fma(p, r, 1.0 / 120.0);                                                                 \
        p = __builtin_fma(p, r, 1.0 / 24.0);                                                                  \
        p = __builtin_fma(p, r, 1.0 / 6.0);                                                                   \
        p = __builtin_fma(p, r, 0.5);                                                                         \
        p = __builtin_fma(p, r, 1.0);                                                                         \
        p = __builtin_fma(p, r, 1.0);                                                                         \
        int64_t bits;                                                                                         \
        memcpy(&bits, &t, sizeof bits);                                                                       \
        bits = (int64_t)((uint64_t)(bits + 1023) << 52);                                                      \
        double scale;                                                                                         \
        memcpy(&scale, &bits, sizeof scale);                                                                  \
        y[i] = p * scale;                                                                                     \
    }

/// The out-of-range and NaN inputs, through libm (rare: a pass of compares).
static void dexp_fix_range(const double *restrict x, double *restrict y, long n) {
    for (long i = 0; i < n; i++)
        if (!(x[i] >= -708.0 && x[i] <= 709.0)) y[i] = exp(x[i]);
}

#if SL_X86
SL_TARGET_AVX512 static void dexp_avx512(const double *restrict x, double *restrict y, long n) { SL_DEXP_LOOP }
SL_TARGET_AVX2 static void dexp_avx2(const double *restrict x, double *restrict y, long n) { SL_DEXP_LOOP }
#endif
// Without FMA hardware __builtin_fma would be a libm call per term: the generic path uses libm's exp directly.
static void dexp_generic(const double *restrict x, double *restrict y, long n) {
#if SL_ARM64
    SL_DEXP_LOOP
#else
    for (long i = 0; i < n; i++) y[i] = exp(x[i]);
#endif
}

void sl_vexp_f64(const double *x, double *y, long n) {
    if (n <= 0) return;
#if SL_X86
    switch (sl_kernels()->isa) {
    case SL_ISA_AVX512: dexp_avx512(x, y, n); break;
    case SL_ISA_AVX2: dexp_avx2(x, y, n); break;
    default: dexp_generic(x, y, n); break;
    }
#else
    dexp_generic(x, y, n);
#endif
    dexp_fix_range(x, y, n);
}
