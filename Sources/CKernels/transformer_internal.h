// transformer_internal.h: the per-path declarations of the transformer row kernels (transformer_*.c).
#ifndef SWIFTLEARN_CKERNELS_TRANSFORMER_INTERNAL_H
#define SWIFTLEARN_CKERNELS_TRANSFORMER_INTERNAL_H

#include "sl_internal.h"

#define SL_TX_DECLARE_PATH(sfx)                                                                                 \
    void sl_layernorm_residual_##sfx(const float *x, long ldx, const float *bias, const float *residual, long ldr, \
                                     const float *gamma, const float *beta, float eps, float *y, long ldy,        \
                                     long rows, long n);                                                          \
    void sl_bias_activation_##sfx(float *x, long ldx, const float *bias, long rows, long n, sl_activation act);   \
    void sl_attention_head_##sfx(const float *q, long ldq, const float *k, long ldk, const float *v, long ldv,    \
                                 float *out, long ldo, long len, long d, float *scratch);

SL_TX_DECLARE_PATH(generic)
#if SL_X86
SL_TX_DECLARE_PATH(avx2)
SL_TX_DECLARE_PATH(avx512)
#endif

#endif
