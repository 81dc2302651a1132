// elementwise_generic.c: the portable elementwise maps (generic path), written as plain loops over libm.
//
// Why: this path must be correct on any CPU with no ISA assumptions, and serves as a readable statement of
// what each map computes. The same formulations as the SIMD template are used where they matter for
// accuracy: GELU-tanh as x·sigmoid(2u) (no cancellation for x < 0) and GELU-erf through erfc, both in double
// (relative accuracy in the negative tail), and -inf inputs to SiLU / GELU give -0 (their limit) rather than
// -inf·0 = NaN.
#include "sl_internal.h"

#include <float.h>
#include <math.h>

/// x, except -inf becomes -FLT_MAX (a NaN stays NaN), so that x·0 is -0 for the activation limits.
static inline float finite_below(float x) { return x < -FLT_MAX ? -FLT_MAX : x; }

void sl_vexp_generic(const float *x, float *y, long n) {
    for (long i = 0; i < n; i++) y[i] = expf(x[i]);
}

void sl_vtanh_generic(const float *x, float *y, long n) {
    for (long i = 0; i < n; i++) y[i] = tanhf(x[i]);
}

/// 1/(1+e^{-x}) for x ≥ 0, e^{x}/(1+e^{x}) for x < 0 (no overflow, accurate negative tail).
static inline float sigmoid1(float x) {
    float e = expf(-fabsf(x));
    float s = 1.0f / (1.0f + e);
    return x >= 0 ? s : e * s;
}

void sl_vsigmoid_generic(const float *x, float *y, long n) {
    for (long i = 0; i < n; i++) y[i] = sigmoid1(x[i]);
}

void sl_vsilu_generic(const float *x, float *y, long n) {
    for (long i = 0; i < n; i++) y[i] = finite_below(x[i]) * sigmoid1(x[i]);
}

void sl_vgelu_tanh_generic(const float *x, float *y, long n) {
    // x·sigmoid(2u) in double: 2u reaches ~90 before the result underflows, and float rounding of 2u would
    // cost ~1e-5 relative accuracy in the negative tail.
    for (long i = 0; i < n; i++) {
        double v = x[i];
        double u2 = 1.5957691216057308 * (v + 0.044715 * v * v * v);
        double e = exp(-fabs(u2)), s = 1.0 / (1.0 + e);
        y[i] = (float)((double)finite_below(x[i]) * (u2 >= 0 ? s : e * s));
    }
}

void sl_vgelu_erf_generic(const float *x, float *y, long n) {
    for (long i = 0; i < n; i++) {
        double v = x[i];
        double phi = 0.5 * erfc(-v * 0.70710678118654752440); // Φ(x), accurate in both tails
        y[i] = (float)((double)finite_below(x[i]) * phi);
    }
}

void sl_vaffine_generic(const float *x, float a, float b, float *y, long n) {
    for (long i = 0; i < n; i++) y[i] = a * x[i] + b;
}

void sl_vbinary_generic(int op, const float *x, const float *y, float *z, long n) {
    switch (op) {
    case 0: for (long i = 0; i < n; i++) z[i] = x[i] + y[i]; break;
    case 1: for (long i = 0; i < n; i++) z[i] = x[i] - y[i]; break;
    case 2: for (long i = 0; i < n; i++) z[i] = x[i] * y[i]; break;
    case 3: for (long i = 0; i < n; i++) z[i] = x[i] / y[i]; break;
    default: break;
    }
}

void sl_vbinary_scalar_generic(int op, const float *x, float s, float *z, long n) {
    switch (op) {
    case 0: for (long i = 0; i < n; i++) z[i] = x[i] + s; break;
    case 1: for (long i = 0; i < n; i++) z[i] = x[i] - s; break;
    case 2: for (long i = 0; i < n; i++) z[i] = x[i] * s; break;
    case 3: for (long i = 0; i < n; i++) z[i] = x[i] / s; break;
    default: break;
    }
}

// The optimizer loops, portable (the compiler vectorises them with the baseline ISA).
#define SL_OPT_ATTR
#define SL_OPT_SUFFIX generic
#include "optimizer_template.h"
