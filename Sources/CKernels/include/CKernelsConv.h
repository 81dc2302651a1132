#ifndef CKERNELS_CONV_H
#define CKERNELS_CONV_H

// Implicit-GEMM 2-D convolution ("same" geometry: stride 1, no dilation, one group, odd kernel, padding (k−1)/2,
// so the output plane is the input plane), Float32, NCHW, single-threaded over the images it is given.

/// 1 when the active kernel path has the implicit-GEMM convolution for a kh×kw kernel (AVX-512 today); callers
/// use the im2col path otherwise.
int sl_conv2d_same_supported(long kh, long kw);

/// y[img, o, p] = bias[o] + Σ_{c, ki, kj} w[o, c, ki, kj] · x[img, c, p shifted by (ki − ph, kj − pw)] (zero
/// outside the plane), for n images of c×h×wd; bias may be NULL. Returns 0 (and writes nothing) when unsupported.
int sl_conv2d_same_f32(const float *x, const float *w, const float *bias, float *y, long n, long c, long h,
                       long wd, long o, long kh, long kw);

/// dw[o, c, ki, kj] += Σ_img Σ_p g[img, o, p] · x[img, c, p shifted by (ki − ph, kj − pw)]: the weight gradient,
/// accumulated into dw. Returns 0 (and writes nothing) when unsupported.
int sl_conv2d_same_wgrad_f32(const float *x, const float *g, float *dw, long n, long c, long h, long wd, long o,
                             long kh, long kw);

/// Naive references of the two functions above (double accumulation, any path): the oracles of the tests.
void sl_conv2d_same_f32_reference(const float *x, const float *w, const float *bias, float *y, long n, long c,
                                  long h, long wd, long o, long kh, long kw);
void sl_conv2d_same_wgrad_f32_reference(const float *x, const float *g, float *dw, long n, long c, long h,
                                        long wd, long o, long kh, long kw);

// Winograd F(2×2, 3×3) convolution (conv_winograd.c) for the 3×3 case of the same geometry (padding 1): 2.25×
// fewer multiply-adds than the implicit GEMM, worth it when both channel counts are large enough for the
// transform-domain GEMMs to run near peak. Float32, NCHW, single-threaded over the images it is given.

/// 1 when the active kernel path has the Winograd convolution (AVX-512 today).
int sl_conv2d_winograd_supported(void);

/// The forward convolution of sl_conv2d_same_f32 for a 3×3 kernel w [o, c, 3, 3], any plane size. Returns 0 (and
/// writes nothing) when unsupported or out of memory.
int sl_conv2d_winograd_f32(const float *x, const float *w, const float *bias, float *y, long n, long c, long h,
                           long wd, long o);

/// The weight gradient of sl_conv2d_same_wgrad_f32 for a 3×3 kernel, accumulated into dw [o, c, 3, 3]. Returns 0
/// (and writes nothing) when unsupported or out of memory.
int sl_conv2d_winograd_wgrad_f32(const float *x, const float *g, float *dw, long n, long c, long h, long wd, long o);

#endif
