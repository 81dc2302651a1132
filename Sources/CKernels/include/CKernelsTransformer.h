// CKernelsTransformer.h: the fused per-row kernels of a transformer encoder's inference path (BERT).
//
// Conventions as CKernels.h: row-major, element strides, `long` sizes, no allocation, single-threaded (the Swift
// side splits rows or (sequence, head) pairs across threads). Each function exists per ISA path (AVX-512,
// AVX2+FMA, generic C), chosen by the calling thread's active path (sl_active_isa / sl_set_thread_isa), plus a
// naive double-precision `_reference` copy that serves as the test oracle.
#ifndef SWIFTLEARN_CKERNELS_TRANSFORMER_H
#define SWIFTLEARN_CKERNELS_TRANSFORMER_H

#ifdef __cplusplus
extern "C" {
#endif

/// Activations of sl_bias_activation.
typedef enum {
    SL_ACT_NONE = 0,
    SL_ACT_GELU_ERF = 1,
    SL_ACT_GELU_TANH = 2,
    SL_ACT_RELU = 3,
} sl_activation;

/// y[r] = LayerNorm(x[r] + bias + residual[r]) · gamma + beta for each of `rows` rows of n floats (row strides ldx,
/// ldr, ldy). bias and residual may be NULL (left out). y may alias x or residual exactly. Mean and variance are
/// computed in two passes (biased variance, as PyTorch), in float with 16 partial sums.
void sl_layernorm_residual(const float *x, long ldx, const float *bias, const float *residual, long ldr,
                           const float *gamma, const float *beta, float eps, float *y, long ldy, long rows, long n);
void sl_layernorm_residual_reference(const float *x, long ldx, const float *bias, const float *residual, long ldr,
                                     const float *gamma, const float *beta, float eps, float *y, long ldy, long rows,
                                     long n);

/// x[r] = act(x[r] + bias) in place for `rows` rows of n floats (row stride ldx); bias may be NULL.
/// GELU-erf and GELU-tanh have the accuracy of sl_vgelu_erf / sl_vgelu_tanh.
void sl_bias_activation(float *x, long ldx, const float *bias, long rows, long n, sl_activation act);
void sl_bias_activation_reference(float *x, long ldx, const float *bias, long rows, long n, sl_activation act);

/// Scaled dot-product attention of one sequence and one head, scale already folded into q:
/// out[len×d] = softmax(q·kᵀ) · v, all keys visible. q, k, v, out are len×d with row strides ldq, ldk, ldv, ldo
/// (so one head of a packed [tokens, 3·hidden] QKV matrix is read in place). scratch holds len·len floats.
void sl_attention_head(const float *q, long ldq, const float *k, long ldk, const float *v, long ldv, float *out,
                       long ldo, long len, long d, float *scratch);
void sl_attention_head_reference(const float *q, long ldq, const float *k, long ldk, const float *v, long ldv,
                                 float *out, long ldo, long len, long d);

#ifdef __cplusplus
}
#endif

#endif
