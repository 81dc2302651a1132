// transformer_dispatch.c: the public transformer row kernels, routed to the calling thread's active path
// (the same choice, and the same per-thread override, as every other kernel: dispatch.c), and their naive
// double-precision references.
#include "transformer_internal.h"

#include <math.h>

void sl_layernorm_residual(const float *x, long ldx, const float *bias, const float *residual, long ldr,
                           const float *gamma, const float *beta, float eps, float *y, long ldy, long rows, long n) {
    switch (sl_kernels()->isa) {
#if SL_X86
    case SL_ISA_AVX512: sl_layernorm_residual_avx512(x, ldx, bias, residual, ldr, gamma, beta, eps, y, ldy, rows, n); return;
    case SL_ISA_AVX2: sl_layernorm_residual_avx2(x, ldx, bias, residual, ldr, gamma, beta, eps, y, ldy, rows, n); return;
#endif
    default: sl_layernorm_residual_generic(x, ldx, bias, residual, ldr, gamma, beta, eps, y, ldy, rows, n); return;
    }
}

void sl_bias_activation(float *x, long ldx, const float *bias, long rows, long n, sl_activation act) {
    switch (sl_kernels()->isa) {
#if SL_X86
    case SL_ISA_AVX512: sl_bias_activation_avx512(x, ldx, bias, rows, n, act); return;
    case SL_ISA_AVX2: sl_bias_activation_avx2(x, ldx, bias, rows, n, act); return;
#endif
    default: sl_bias_activation_generic(x, ldx, bias, rows, n, act); return;
    }
}

void sl_attention_head(const float *q, long ldq, const float *k, long ldk, const float *v, long ldv, float *out,
                       long ldo, long len, long d, float *scratch) {
    switch (sl_kernels()->isa) {
#if SL_X86
    case SL_ISA_AVX512: sl_attention_head_avx512(q, ldq, k, ldk, v, ldv, out, ldo, len, d, scratch); return;
    case SL_ISA_AVX2: sl_attention_head_avx2(q, ldq, k, ldk, v, ldv, out, ldo, len, d, scratch); return;
#endif
    default: sl_attention_head_generic(q, ldq, k, ldk, v, ldv, out, ldo, len, d, scratch); return;
    }
}

// ---- References: plain loops in double -------------------------------------------------------------------

void sl_layernorm_residual_reference(const float *x, long ldx, const float *bias, const float *residual, long ldr,
                                     const float *gamma, const float *beta, float eps, float *y, long ldy, long rows,
                                     long n) {
    for (long r = 0; r < rows; r++) {
        double mean = 0, var = 0;
        for (long i = 0; i < n; i++) {
            mean += (double)x[r * ldx + i] + (bias ? bias[i] : 0) + (residual ? residual[r * ldr + i] : 0);
        }
        mean /= (double)n;
        for (long i = 0; i < n; i++) {
            double v = (double)x[r * ldx + i] + (bias ? bias[i] : 0) + (residual ? residual[r * ldr + i] : 0);
            var += (v - mean) * (v - mean);
        }
        double rstd = 1.0 / sqrt(var / (double)n + eps);
        for (long i = 0; i < n; i++) {
            double v = (double)x[r * ldx + i] + (bias ? bias[i] : 0) + (residual ? residual[r * ldr + i] : 0);
            y[r * ldy + i] = (float)((v - mean) * rstd * gamma[i] + beta[i]);
        }
    }
}

void sl_bias_activation_reference(float *x, long ldx, const float *bias, long rows, long n, sl_activation act) {
    for (long r = 0; r < rows; r++) {
        for (long i = 0; i < n; i++) {
            double v = (double)x[r * ldx + i] + (bias ? bias[i] : 0);
            switch (act) {
            case SL_ACT_GELU_ERF: v = 0.5 * v * erfc(-v / sqrt(2.0)); break;
            case SL_ACT_GELU_TANH: v = 0.5 * v * (1 + tanh(sqrt(2.0 / M_PI) * (v + 0.044715 * v * v * v))); break;
            case SL_ACT_RELU: v = v > 0 ? v : 0; break;
            default: break;
            }
            x[r * ldx + i] = (float)v;
        }
    }
}

void sl_attention_head_reference(const float *q, long ldq, const float *k, long ldk, const float *v, long ldv,
                                 float *out, long ldo, long len, long d) {
    for (long i = 0; i < len; i++) {
        double m = -INFINITY;
        for (long j = 0; j < len; j++) {
            double s = 0;
            for (long p = 0; p < d; p++) s += (double)q[i * ldq + p] * k[j * ldk + p];
            if (s > m) m = s;
        }
        double total = 0;
        for (long j = 0; j < len; j++) {
            double s = 0;
            for (long p = 0; p < d; p++) s += (double)q[i * ldq + p] * k[j * ldk + p];
            total += exp(s - m);
        }
        for (long c = 0; c < d; c++) {
            double acc = 0;
            for (long j = 0; j < len; j++) {
                double s = 0;
                for (long p = 0; p < d; p++) s += (double)q[i * ldq + p] * k[j * ldk + p];
                acc += exp(s - m) / total * v[j * ldv + c];
            }
            out[i * ldo + c] = (float)acc;
        }
    }
}
