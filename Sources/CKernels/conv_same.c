// conv_same.c: implicit-GEMM convolution for the "same" geometry (stride 1, no dilation, one group, odd kernel
// with padding (k−1)/2): forward and weight gradient, AVX-512.
//
// Why: im2col + GEMM writes the unfolded matrix (kh·kw times the image) and reads it back, then copies the GEMM's
// output into NCHW; on the 32→64 layer of a small CNN that traffic cost a third of the time. With output plane =
// input plane, the unfolded row of (channel c, tap (ki, kj)) is the image plane of c read at a constant offset
// (ki − ph)·W + (kj − pw), with the positions whose source falls outside the plane set to zero. So the micro-kernel
// loads its B vectors straight from the image with a masked load (one 32-bit mask per tap and 32-position panel,
// computed once per call; masked-off lanes are neither read nor faulted), and the unfolded matrix never exists.
//   forward: per image, an 8(output channels)×32(positions) tile in 16 zmm accumulators over K = C·kh·kw,
//            weights packed once per call into 8-row panels; the bias is added and NCHW written in the store.
//   weight gradient: dW[o, k] = Σ_p G[o, p] · X_k[p] reduces over positions, so vectors run along positions:
//            a 4(o)×6(k) tile of 24 accumulators, horizontally summed after each block of images that fits L2.
// The input gradient of this geometry is the forward convolution of G with the flipped, channel-swapped kernel
// (the caller does that), so it runs on the forward kernel too.
#include "sl_internal.h"

#include "CKernelsConv.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SL_CONV_MAX_TAPS 64

int sl_conv2d_same_supported(long kh, long kw) {
#if SL_X86
    return sl_kernels()->isa == SL_ISA_AVX512 && kh > 0 && kw > 0 && kh % 2 == 1 && kw % 2 == 1 &&
           kh * kw <= SL_CONV_MAX_TAPS;
#else
    (void)kh;
    (void)kw;
    return 0;
#endif
}

// ---- References ---------------------------------------------------------------------------------------------

void sl_conv2d_same_f32_reference(const float *x, const float *w, const float *bias, float *y, long n, long c,
                                  long h, long wd, long o, long kh, long kw) {
    const long ph = (kh - 1) / 2, pw = (kw - 1) / 2, hw = h * wd;
    for (long img = 0; img < n; img++)
        for (long oc = 0; oc < o; oc++)
            for (long oh = 0; oh < h; oh++)
                for (long ow = 0; ow < wd; ow++) {
                    double s = bias ? bias[oc] : 0;
                    for (long ci = 0; ci < c; ci++)
                        for (long ki = 0; ki < kh; ki++)
                            for (long kj = 0; kj < kw; kj++) {
                                const long ih = oh + ki - ph, iw = ow + kj - pw;
                                if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                                s += (double)w[((oc * c + ci) * kh + ki) * kw + kj] *
                                     x[(img * c + ci) * hw + ih * wd + iw];
                            }
                    y[(img * o + oc) * hw + oh * wd + ow] = (float)s;
                }
}

void sl_conv2d_same_wgrad_f32_reference(const float *x, const float *g, float *dw, long n, long c, long h,
                                        long wd, long o, long kh, long kw) {
    const long ph = (kh - 1) / 2, pw = (kw - 1) / 2, hw = h * wd;
    for (long oc = 0; oc < o; oc++)
        for (long ci = 0; ci < c; ci++)
            for (long ki = 0; ki < kh; ki++)
                for (long kj = 0; kj < kw; kj++) {
                    double s = 0;
                    for (long img = 0; img < n; img++)
                        for (long oh = 0; oh < h; oh++)
                            for (long ow = 0; ow < wd; ow++) {
                                const long ih = oh + ki - ph, iw = ow + kj - pw;
                                if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                                s += (double)g[(img * o + oc) * hw + oh * wd + ow] *
                                     x[(img * c + ci) * hw + ih * wd + iw];
                            }
                    dw[((oc * c + ci) * kh + ki) * kw + kj] += (float)s;
                }
}

#if SL_X86
#include <immintrin.h>

/// Bit t of the result is set when position p0 + t (t < width) lies in the plane and its source under tap
/// (ki, kj) does too.
static uint32_t tap_mask(long p0, int width, long hw, long h, long wd, long di, long dj) {
    uint32_t m = 0;
    for (int t = 0; t < width; t++) {
        const long p = p0 + t;
        if (p >= hw) break;
        const long ih = p / wd + di, iw = p % wd + dj;
        if (ih >= 0 && ih < h && iw >= 0 && iw < wd) m |= 1u << t;
    }
    return m;
}

/// Source offsets of every tap, row-major over (ki, kj).
static void tap_offsets(long kh, long kw, long wd, long *off, long *di, long *dj) {
    const long ph = (kh - 1) / 2, pw = (kw - 1) / 2;
    for (long ki = 0; ki < kh; ki++)
        for (long kj = 0; kj < kw; kj++) {
            const long t = ki * kw + kj;
            di[t] = ki - ph;
            dj[t] = kj - pw;
            off[t] = di[t] * wd + dj[t];
        }
}

SL_TARGET_AVX512 static inline __mmask16 conv_tail16(long n) {
    return n >= 16 ? (__mmask16)0xFFFF : n <= 0 ? (__mmask16)0 : (__mmask16)((1u << n) - 1);
}

/// A pointer `off` floats from p, computed on integers: the masked loads below start before the plane or past
/// its end at the borders (the lanes outside are masked off and never read).
static inline const float *shifted(const float *p, long off) {
    return (const float *)((uintptr_t)p + (uintptr_t)(off * (long)sizeof(float)));
}

// ---- Forward ------------------------------------------------------------------------------------------------

enum { CONV_MR = 8 };

/// One 8×(16·nv) output tile: rows o0.. of the packed weights `ap`, positions of the panel starting at `xp`.
SL_TARGET_AVX512 static inline __attribute__((always_inline)) void
conv_tile(const int nv, long c, long hw, int taps, const long *off, const uint32_t *mk, const float *restrict ap,
          const float *xp, float *y, const float *bias, long m, __mmask16 sm0, __mmask16 sm1) {
    __m512 acc[CONV_MR][2];
#pragma clang loop unroll(full)
    for (int r = 0; r < CONV_MR; r++)
#pragma clang loop unroll(full)
        for (int v = 0; v < nv; v++) acc[r][v] = _mm512_setzero_ps();
    for (long ci = 0; ci < c; ci++) {
        const float *xc = xp + ci * hw;
        for (int t = 0; t < taps; t++) {
            const float *s = shifted(xc, off[t]);
            const __m512 b0 = _mm512_maskz_loadu_ps((__mmask16)mk[t], s);
            const __m512 b1 = nv > 1 ? _mm512_maskz_loadu_ps((__mmask16)(mk[t] >> 16), s + 16) : b0;
#pragma clang loop unroll(full)
            for (int r = 0; r < CONV_MR; r++) {
                const __m512 a = _mm512_set1_ps(ap[r]);
                acc[r][0] = _mm512_fmadd_ps(a, b0, acc[r][0]);
                if (nv > 1) acc[r][1] = _mm512_fmadd_ps(a, b1, acc[r][1]);
            }
            ap += CONV_MR;
        }
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < CONV_MR; r++) {
        if (r >= m) break;
        const __m512 b = _mm512_set1_ps(bias ? bias[r] : 0.0f);
        _mm512_mask_storeu_ps(y + r * hw, sm0, _mm512_add_ps(acc[r][0], b));
        if (nv > 1) _mm512_mask_storeu_ps(y + r * hw + 16, sm1, _mm512_add_ps(acc[r][1], b));
    }
}

SL_TARGET_AVX512 static int conv_same_avx512(const float *x, const float *w, const float *bias, float *y, long n,
                                             long c, long h, long wd, long o, long kh, long kw) {
    const long hw = h * wd, taps = kh * kw, K = c * taps, panels = sl_ceil_div(hw, 32);
    const long opanels = sl_ceil_div(o, CONV_MR);
    long off[SL_CONV_MAX_TAPS], di[SL_CONV_MAX_TAPS], dj[SL_CONV_MAX_TAPS];
    tap_offsets(kh, kw, wd, off, di, dj);
    uint32_t *masks = malloc((size_t)(panels * taps) * sizeof(uint32_t));
    float *ap = NULL;
    if (masks == NULL || posix_memalign((void **)&ap, 64, (size_t)(opanels * CONV_MR * K) * sizeof(float)) != 0) {
        free(masks);
        return 0;
    }
    for (long jp = 0; jp < panels; jp++)
        for (long t = 0; t < taps; t++) masks[jp * taps + t] = tap_mask(jp * 32, 32, hw, h, wd, di[t], dj[t]);
    // Weights [o, K] into 8-row panels [K][8], zero rows past o.
    for (long op = 0; op < opanels; op++)
        for (long k = 0; k < K; k++)
            for (long r = 0; r < CONV_MR; r++) {
                const long oc = op * CONV_MR + r;
                ap[(op * K + k) * CONV_MR + r] = oc < o ? w[oc * K + k] : 0.0f;
            }
    for (long img = 0; img < n; img++) {
        const float *xi = x + img * c * hw;
        float *yi = y + img * o * hw;
        for (long jp = 0; jp < panels; jp++) {
            const long j0 = jp * 32, cols = sl_min_l(32, hw - j0);
            const __mmask16 sm0 = conv_tail16(cols), sm1 = conv_tail16(cols - 16);
            const uint32_t *mk = masks + jp * taps;
            for (long op = 0; op < opanels; op++) {
                const long o0 = op * CONV_MR, m = sl_min_l(CONV_MR, o - o0);
                const float *b = bias ? bias + o0 : NULL;
                if (cols > 16)
                    conv_tile(2, c, hw, (int)taps, off, mk, ap + op * K * CONV_MR, xi + j0, yi + o0 * hw + j0, b, m,
                              sm0, sm1);
                else
                    conv_tile(1, c, hw, (int)taps, off, mk, ap + op * K * CONV_MR, xi + j0, yi + o0 * hw + j0, b, m,
                              sm0, sm1);
            }
        }
    }
    free(masks);
    free(ap);
    return 1;
}

// ---- Weight gradient ----------------------------------------------------------------------------------------

enum { WG_MO = 4, WG_KT = 6 };

/// dw[r, j] += Σ_img Σ_p g[r, p] · x_j[p] for MO output channels and KT (channel, tap) entries, over nimg images.
SL_TARGET_AVX512 static inline __attribute__((always_inline)) void
wgrad_tile(const int MO, const int KT, long nimg, long xstride, long gstride, long hw, long nvec, const float *g,
           const float *const *xk, const int *tk, const uint16_t *m16, long taps, float *dw, long ldw) {
    __m512 acc[WG_MO][WG_KT];
#pragma clang loop unroll(full)
    for (int r = 0; r < MO; r++)
#pragma clang loop unroll(full)
        for (int j = 0; j < KT; j++) acc[r][j] = _mm512_setzero_ps();
    const __mmask16 last = conv_tail16(hw - (nvec - 1) * 16);
    for (long img = 0; img < nimg; img++) {
        const float *gi = g + img * gstride;
        const long xo = img * xstride;
        for (long v = 0; v < nvec; v++) {
            const __mmask16 pm = v == nvec - 1 ? last : (__mmask16)0xFFFF;
            __m512 gv[WG_MO];
#pragma clang loop unroll(full)
            for (int r = 0; r < MO; r++) gv[r] = _mm512_maskz_loadu_ps(pm, gi + r * hw + 16 * v);
            const uint16_t *mv = m16 + v * taps;
#pragma clang loop unroll(full)
            for (int j = 0; j < KT; j++) {
                const __m512 xv = _mm512_maskz_loadu_ps(mv[tk[j]], shifted(xk[j], xo + 16 * v));
#pragma clang loop unroll(full)
                for (int r = 0; r < MO; r++) acc[r][j] = _mm512_fmadd_ps(gv[r], xv, acc[r][j]);
            }
        }
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < MO; r++)
#pragma clang loop unroll(full)
        for (int j = 0; j < KT; j++) dw[r * ldw + j] += _mm512_reduce_add_ps(acc[r][j]);
}

#define WG_CASE(MO, KT) wgrad_tile(MO, KT, nimg, xstride, gstride, hw, nvec, g, xk, tk, m16, taps, dw, ldw)

/// wgrad_tile with MO ∈ {4, 1} and KT ∈ 1...6 chosen at run time (the loops need them as constants).
SL_TARGET_AVX512 static void wgrad_tile_any(long mo, long kt, long nimg, long xstride, long gstride, long hw,
                                            long nvec, const float *g, const float *const *xk, const int *tk,
                                            const uint16_t *m16, long taps, float *dw, long ldw) {
    if (mo == WG_MO) {
        switch (kt) {
        case 6: WG_CASE(4, 6); return;
        case 5: WG_CASE(4, 5); return;
        case 4: WG_CASE(4, 4); return;
        case 3: WG_CASE(4, 3); return;
        case 2: WG_CASE(4, 2); return;
        default: WG_CASE(4, 1); return;
        }
    }
    switch (kt) {
    case 6: WG_CASE(1, 6); return;
    case 5: WG_CASE(1, 5); return;
    case 4: WG_CASE(1, 4); return;
    case 3: WG_CASE(1, 3); return;
    case 2: WG_CASE(1, 2); return;
    default: WG_CASE(1, 1); return;
    }
}
#undef WG_CASE

SL_TARGET_AVX512 static int conv_wgrad_avx512(const float *x, const float *g, float *dw, long n, long c, long h,
                                              long wd, long o, long kh, long kw) {
    const long hw = h * wd, taps = kh * kw, K = c * taps, nvec = sl_ceil_div(hw, 16);
    long off[SL_CONV_MAX_TAPS], di[SL_CONV_MAX_TAPS], dj[SL_CONV_MAX_TAPS];
    tap_offsets(kh, kw, wd, off, di, dj);
    uint16_t *m16 = malloc((size_t)(nvec * taps) * sizeof(uint16_t));
    if (m16 == NULL) return 0;
    for (long v = 0; v < nvec; v++)
        for (long t = 0; t < taps; t++) m16[v * taps + t] = (uint16_t)tap_mask(v * 16, 16, hw, h, wd, di[t], dj[t]);
    // Images per block: their x and g planes together stay within ~512 KB of L2 while every tile runs over them.
    const long perImage = (c + o) * hw * (long)sizeof(float);
    const long block = perImage >= (512 << 10) ? 1 : (512 << 10) / perImage;
    for (long i0 = 0; i0 < n; i0 += block) {
        const long nimg = sl_min_l(block, n - i0);
        const float *xb = x + i0 * c * hw, *gb = g + i0 * o * hw;
        for (long k0 = 0; k0 < K; k0 += WG_KT) {
            const long kt = sl_min_l(WG_KT, K - k0);
            const float *xk[WG_KT];
            int tk[WG_KT];
            for (long j = 0; j < kt; j++) {
                const long ci = (k0 + j) / taps, t = (k0 + j) % taps;
                xk[j] = shifted(xb + ci * hw, off[t]);
                tk[j] = (int)t;
            }
            for (long o0 = 0; o0 < o;) {
                const long mo = o - o0 >= WG_MO ? WG_MO : 1;
                wgrad_tile_any(mo, kt, nimg, c * hw, o * hw, hw, nvec, gb + o0 * hw, xk, tk, m16, taps,
                               dw + o0 * K + k0, K);
                o0 += mo;
            }
        }
    }
    free(m16);
    return 1;
}
#endif // SL_X86

int sl_conv2d_same_f32(const float *x, const float *w, const float *bias, float *y, long n, long c, long h,
                       long wd, long o, long kh, long kw) {
    if (!sl_conv2d_same_supported(kh, kw)) return 0;
    if (n <= 0 || o <= 0 || h <= 0 || wd <= 0) return 1;
#if SL_X86
    return conv_same_avx512(x, w, bias, y, n, c, h, wd, o, kh, kw);
#else
    (void)x, (void)w, (void)bias, (void)y, (void)c;
    return 0;
#endif
}

int sl_conv2d_same_wgrad_f32(const float *x, const float *g, float *dw, long n, long c, long h, long wd, long o,
                             long kh, long kw) {
    if (!sl_conv2d_same_supported(kh, kw)) return 0;
    if (n <= 0 || o <= 0 || c <= 0 || h <= 0 || wd <= 0) return 1;
#if SL_X86
    return conv_wgrad_avx512(x, g, dw, n, c, h, wd, o, kh, kw);
#else
    (void)x, (void)g, (void)dw;
    return 0;
#endif
}
