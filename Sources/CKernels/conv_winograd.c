// conv_winograd.c: Winograd F(2×2, 3×3) convolution for 3×3 "same" layers (stride 1, padding 1, one group),
// forward and weight gradient, AVX-512.
//
// Why: a direct (implicit-GEMM) 3×3 convolution does 9 multiply-adds per output and input channel; on 2 cores it
// cannot go much past what PyTorch's does. F(2×2, 3×3) computes a 2×2 output tile from a 4×4 input tile with 16
// products per channel pair instead of 36, so the multiply-adds drop 2.25× and the rest is cheap additions:
//   U = G·w·Gᵀ (weights, 4×4 per (o, c)),  V = Bᵀ·d·B (4×4 input tile d),  y tile = Aᵀ·[Σ_c U ⊙ V]·A,
// and the Σ_c for one of the 16 transform elements e, over all tiles t, is a GEMM: M_e[o, t] = Σ_c U_e[o, c]·V_e[c, t].
//   weight gradient: the adjoint of the same chain: dM = A·g·Aᵀ (2×2 output-gradient tile, zero outside the
//   plane), dU_e[o, c] = Σ_t dM_e[o, t]·V_e[c, t] (a GEMM reducing over tiles), dw[o, c] = Gᵀ·dU[o, c]·G.
// Layout: the transformed tiles of a block are stored [e][channel][tile], tiles contiguous, so the transforms run
// 16 tiles of one tile row per vector (the even and odd columns of two input rows are separated with one permute)
// and both GEMMs read rows of tiles with unit stride. A block is a run of tile rows (of one or several images)
// sized so that its transformed input and output stay in L2 between the transform, the 16 GEMMs and the inverse
// transform. Planes of odd size end with a ragged tile: its missing inputs are read as zeros and only the
// outputs inside the plane are written.
// The input gradient of this geometry is the forward convolution of g with the flipped, channel-swapped kernel
// (the caller does that), so it runs on the forward path too.
#include "sl_internal.h"

#include "CKernelsConv.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int sl_conv2d_winograd_supported(void) {
#if SL_X86
    return sl_kernels()->isa == SL_ISA_AVX512;
#else
    return 0;
#endif
}

#if SL_X86
#include <immintrin.h>

/// Tile geometry of one call and the block the tile rows are processed in.
typedef struct {
    long c, h, wd, o;
    long th, tw;    // tile rows per image, tiles per tile row
    long rows;      // tile rows per block
    long ldt;       // row stride of the transformed buffers: rows·tw rounded up to a vector
    long vstride;   // distance between the 16 transform elements' planes of the input (c rows) and of the
    long mstride;   // output or output gradient (o rows): see wino_plane_stride
} wino_geom;

/// The distance in floats between consecutive transform elements' planes of `rows` rows of ldt floats: an odd
/// number of cache lines, so the 16 planes a transform touches per tile row fall into 16 different L1 sets (with
/// a multiple of 4 KB they would all compete for one 12-way set and miss).
static long wino_plane_stride(long rows, long ldt) {
    long s = rows * ldt; // a multiple of 16 floats (one line)
    if ((s / 16) % 2 == 0) s += 16;
    return s;
}

/// Bytes of L2 the transformed input and output of a block may take.
enum { WINO_BLOCK_BYTES = 960 << 10 };

static wino_geom wino_geometry(long c, long h, long wd, long o, long n) {
    wino_geom g = {.c = c, .h = h, .wd = wd, .o = o, .th = (h + 1) / 2, .tw = (wd + 1) / 2};
    const long perRow = 16 * g.tw * (c + o) * (long)sizeof(float);
    long maxRows = WINO_BLOCK_BYTES / perRow;
    if (maxRows < 1) maxRows = 1;
    const long total = n * g.th;
    if (maxRows > total) maxRows = total;
    // Among the block sizes from half the budget up, the one whose tile count wastes the fewest vector lanes.
    long best = maxRows, bestWaste = sl_round_up(maxRows * g.tw, 16) - maxRows * g.tw;
    for (long r = maxRows - 1; r >= (maxRows + 1) / 2 && bestWaste > 0; r--) {
        const long waste = sl_round_up(r * g.tw, 16) - r * g.tw;
        if (waste * best < bestWaste * r) best = r, bestWaste = waste;
    }
    g.rows = best;
    g.ldt = sl_round_up(best * g.tw, 16);
    g.vstride = wino_plane_stride(c, g.ldt);
    g.mstride = wino_plane_stride(o, g.ldt);
    return g;
}

/// A pointer `off` floats from p, computed on integers: masked loads start before the plane at its left edge
/// (the lanes outside are masked off and never read).
static inline const float *wino_shifted(const float *p, long off) {
    return (const float *)((uintptr_t)p + (uintptr_t)(off * (long)sizeof(float)));
}

/// Bits [lo, hi) of a 32-bit mask: the lanes of a 32-float row segment starting at column col0 that lie in [0, wd).
static inline uint32_t wino_cols(long col0, long wd) {
    const long lo = col0 < 0 ? -col0 : 0, hi = wd - col0 > 32 ? 32 : wd - col0;
    if (hi <= lo) return 0;
    const uint64_t span = ((uint64_t)1 << (hi - lo)) - 1;
    return (uint32_t)(span << lo);
}

/// The even (sel = 0) or odd (sel = 1) lanes of the 32 floats a:b.
SL_TARGET_AVX512 static inline __m512 wino_deinterleave(__m512 a, __m512 b, int sel) {
    const __m512i idx = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    return _mm512_permutex2var_ps(a, _mm512_add_epi32(idx, _mm512_set1_epi32(sel)), b);
}

// ---- Transforms -----------------------------------------------------------------------------------------------

/// U[e, o, c] = (G·w[o, c]·Gᵀ)[e] for the 3×3 kernels w [o, c, 3, 3], G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1].
static void wino_weight_transform(const float *w, long o, long c, float *u) {
    for (long oc = 0; oc < o; oc++)
        for (long ci = 0; ci < c; ci++) {
            const float *k = w + (oc * c + ci) * 9;
            float t[4][3]; // G·k
            for (int j = 0; j < 3; j++) {
                t[0][j] = k[j];
                t[1][j] = 0.5f * (k[j] + k[3 + j] + k[6 + j]);
                t[2][j] = 0.5f * (k[j] - k[3 + j] + k[6 + j]);
                t[3][j] = k[6 + j];
            }
            for (int i = 0; i < 4; i++) {
                const float r[4] = {t[i][0], 0.5f * (t[i][0] + t[i][1] + t[i][2]), 0.5f * (t[i][0] - t[i][1] + t[i][2]),
                                    t[i][2]};
                for (int j = 0; j < 4; j++) u[((long)(i * 4 + j) * o + oc) * c + ci] = r[j];
            }
        }
}

/// dw[o, c] += Gᵀ·dU[o, c]·G for every kernel, dU stored [e, o, c].
static void wino_weight_adjoint(const float *du, long o, long c, float *dw) {
    for (long oc = 0; oc < o; oc++)
        for (long ci = 0; ci < c; ci++) {
            float d[4][4];
            for (int e = 0; e < 16; e++) d[e / 4][e % 4] = du[((long)e * o + oc) * c + ci];
            float t[3][4]; // Gᵀ·d
            for (int j = 0; j < 4; j++) {
                t[0][j] = d[0][j] + 0.5f * (d[1][j] + d[2][j]);
                t[1][j] = 0.5f * (d[1][j] - d[2][j]);
                t[2][j] = 0.5f * (d[1][j] + d[2][j]) + d[3][j];
            }
            float *k = dw + (oc * c + ci) * 9;
            for (int i = 0; i < 3; i++) {
                k[i * 3 + 0] += t[i][0] + 0.5f * (t[i][1] + t[i][2]);
                k[i * 3 + 1] += 0.5f * (t[i][1] - t[i][2]);
                k[i * 3 + 2] += 0.5f * (t[i][1] + t[i][2]) + t[i][3];
            }
        }
}

/// V[e, ch, t] = (Bᵀ·d·B)[e] for the 4×4 input tiles d of the block's tile rows [r0, r0 + nrows) (row r is tile
/// row r % th of image r / th of x), Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]; planes vstride apart.
SL_TARGET_AVX512 static void wino_input_transform(const wino_geom *g, const float *x, long r0, long nrows, float *v) {
    const long c = g->c, h = g->h, wd = g->wd, hw = h * wd, tw = g->tw, ldt = g->ldt, estride = g->vstride;
    // Channel by channel, so each of the 16 planes is written front to back and x is read in order.
    for (long ch = 0; ch < c; ch++)
        for (long r = 0; r < nrows; r++) {
            const long img = (r0 + r) / g->th, ty = (r0 + r) % g->th;
            const float *plane = x + (img * c + ch) * hw;
            for (long tx0 = 0; tx0 < tw; tx0 += 16) {
                const __mmask16 sm = (__mmask16)((1u << sl_min_l(16, tw - tx0)) - 1);
                const long col0 = 2 * tx0 - 1;
                const uint32_t ml = wino_cols(col0, wd), mr = wino_cols(col0 + 2, wd);
                __m512 p[4][4]; // d·B, row k
                for (int k = 0; k < 4; k++) {
                    const long row = 2 * ty - 1 + k;
                    if (row < 0 || row >= h) {
                        for (int j = 0; j < 4; j++) p[k][j] = _mm512_setzero_ps();
                        continue;
                    }
                    const float *s = wino_shifted(plane + row * wd, col0);
                    const __m512 l0 = _mm512_maskz_loadu_ps((__mmask16)ml, s);
                    const __m512 l1 = _mm512_maskz_loadu_ps((__mmask16)(ml >> 16), s + 16);
                    const __m512 q0 = _mm512_maskz_loadu_ps((__mmask16)mr, s + 2);
                    const __m512 q1 = _mm512_maskz_loadu_ps((__mmask16)(mr >> 16), s + 18);
                    const __m512 d0 = wino_deinterleave(l0, l1, 0), d1 = wino_deinterleave(l0, l1, 1);
                    const __m512 d2 = wino_deinterleave(q0, q1, 0), d3 = wino_deinterleave(q0, q1, 1);
                    p[k][0] = _mm512_sub_ps(d0, d2);
                    p[k][1] = _mm512_add_ps(d1, d2);
                    p[k][2] = _mm512_sub_ps(d2, d1);
                    p[k][3] = _mm512_sub_ps(d1, d3);
                }
                float *dst = v + ch * ldt + r * tw + tx0;
                for (int j = 0; j < 4; j++) {
                    _mm512_mask_storeu_ps(dst + (0 * 4 + j) * estride, sm, _mm512_sub_ps(p[0][j], p[2][j]));
                    _mm512_mask_storeu_ps(dst + (1 * 4 + j) * estride, sm, _mm512_add_ps(p[1][j], p[2][j]));
                    _mm512_mask_storeu_ps(dst + (2 * 4 + j) * estride, sm, _mm512_sub_ps(p[2][j], p[1][j]));
                    _mm512_mask_storeu_ps(dst + (3 * 4 + j) * estride, sm, _mm512_sub_ps(p[1][j], p[3][j]));
                }
            }
        }
}

/// dM[e, oc, t] = (A·gt·Aᵀ)[e] for the 2×2 output-gradient tiles gt of the block's tile rows (zero outside the
/// plane), A = [1 0; 1 1; 1 −1; 0 −1]: the adjoint of the output transform; planes mstride apart.
SL_TARGET_AVX512 static void wino_gradient_transform(const wino_geom *g, const float *gr, long r0, long nrows,
                                                     float *dm) {
    const long o = g->o, h = g->h, wd = g->wd, hw = h * wd, tw = g->tw, ldt = g->ldt, estride = g->mstride;
    for (long oc = 0; oc < o; oc++)
        for (long r = 0; r < nrows; r++) {
            const long img = (r0 + r) / g->th, ty = (r0 + r) % g->th;
            const float *plane = gr + (img * o + oc) * hw;
            for (long tx0 = 0; tx0 < tw; tx0 += 16) {
                const __mmask16 sm = (__mmask16)((1u << sl_min_l(16, tw - tx0)) - 1);
                const uint32_t mc = wino_cols(2 * tx0, wd);
                __m512 q[2][4]; // g·Aᵀ, row i
                for (int i = 0; i < 2; i++) {
                    const long row = 2 * ty + i;
                    if (row >= h) {
                        for (int l = 0; l < 4; l++) q[i][l] = _mm512_setzero_ps();
                        continue;
                    }
                    const float *s = plane + row * wd + 2 * tx0;
                    const __m512 a = _mm512_maskz_loadu_ps((__mmask16)mc, s);
                    const __m512 b = _mm512_maskz_loadu_ps((__mmask16)(mc >> 16), s + 16);
                    const __m512 g0 = wino_deinterleave(a, b, 0), g1 = wino_deinterleave(a, b, 1);
                    q[i][0] = g0;
                    q[i][1] = _mm512_add_ps(g0, g1);
                    q[i][2] = _mm512_sub_ps(g0, g1);
                    q[i][3] = _mm512_sub_ps(_mm512_setzero_ps(), g1);
                }
                float *dst = dm + oc * ldt + r * tw + tx0;
                for (int l = 0; l < 4; l++) {
                    _mm512_mask_storeu_ps(dst + (0 * 4 + l) * estride, sm, q[0][l]);
                    _mm512_mask_storeu_ps(dst + (1 * 4 + l) * estride, sm, _mm512_add_ps(q[0][l], q[1][l]));
                    _mm512_mask_storeu_ps(dst + (2 * 4 + l) * estride, sm, _mm512_sub_ps(q[0][l], q[1][l]));
                    _mm512_mask_storeu_ps(dst + (3 * 4 + l) * estride, sm, _mm512_sub_ps(_mm512_setzero_ps(), q[1][l]));
                }
            }
        }
}

/// y tile = Aᵀ·M·A + bias for the block's tile rows, Aᵀ = [1 1 1 0; 0 1 −1 −1]; only outputs inside the plane
/// are written. M is [e, o, t] with planes mstride apart.
SL_TARGET_AVX512 static void wino_output_transform(const wino_geom *g, const float *m, const float *bias,
                                                   long r0, long nrows, float *y) {
    const long o = g->o, h = g->h, wd = g->wd, hw = h * wd, tw = g->tw, ldt = g->ldt, estride = g->mstride;
    const __m512i lo = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    const __m512i hi = _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
    for (long oc = 0; oc < o; oc++) {
        const __m512 b = _mm512_set1_ps(bias ? bias[oc] : 0.0f);
        for (long r = 0; r < nrows; r++) {
            const long img = (r0 + r) / g->th, ty = (r0 + r) % g->th;
            const int rowsOut = 2 * ty + 1 < h ? 2 : 1;
            for (long tx0 = 0; tx0 < tw; tx0 += 16) {
                const __mmask16 lm = (__mmask16)((1u << sl_min_l(16, tw - tx0)) - 1);
                const uint32_t mc = wino_cols(2 * tx0, wd);
                const float *src = m + oc * ldt + r * tw + tx0;
                __m512 q[4][2]; // M·A, row k
                for (int k = 0; k < 4; k++) {
                    const __m512 m0 = _mm512_maskz_loadu_ps(lm, src + (k * 4 + 0) * estride);
                    const __m512 m1 = _mm512_maskz_loadu_ps(lm, src + (k * 4 + 1) * estride);
                    const __m512 m2 = _mm512_maskz_loadu_ps(lm, src + (k * 4 + 2) * estride);
                    const __m512 m3 = _mm512_maskz_loadu_ps(lm, src + (k * 4 + 3) * estride);
                    q[k][0] = _mm512_add_ps(_mm512_add_ps(m0, m1), m2);
                    q[k][1] = _mm512_sub_ps(_mm512_sub_ps(m1, m2), m3);
                }
                float *dst = y + (img * o + oc) * hw + 2 * ty * wd + 2 * tx0;
                for (int i = 0; i < rowsOut; i++) {
                    __m512 y0, y1;
                    if (i == 0) {
                        y0 = _mm512_add_ps(_mm512_add_ps(q[0][0], q[1][0]), _mm512_add_ps(q[2][0], b));
                        y1 = _mm512_add_ps(_mm512_add_ps(q[0][1], q[1][1]), _mm512_add_ps(q[2][1], b));
                    } else {
                        y0 = _mm512_add_ps(_mm512_sub_ps(_mm512_sub_ps(q[1][0], q[2][0]), q[3][0]), b);
                        y1 = _mm512_add_ps(_mm512_sub_ps(_mm512_sub_ps(q[1][1], q[2][1]), q[3][1]), b);
                    }
                    _mm512_mask_storeu_ps(dst + i * wd, (__mmask16)mc, _mm512_permutex2var_ps(y0, lo, y1));
                    _mm512_mask_storeu_ps(dst + i * wd + 16, (__mmask16)(mc >> 16), _mm512_permutex2var_ps(y0, hi, y1));
                }
            }
        }
    }
}

// ---- Drivers --------------------------------------------------------------------------------------------------

SL_TARGET_AVX512 static int wino_forward(const float *x, const float *w, const float *bias, float *y, long n, long c,
                                         long h, long wd, long o) {
    const wino_geom g = wino_geometry(c, h, wd, o, n);
    float *u = NULL, *v = NULL, *m = NULL;
    const size_t ub = (size_t)(16 * o * c) * sizeof(float), vb = (size_t)(16 * g.vstride) * sizeof(float),
                 mb = (size_t)(16 * g.mstride) * sizeof(float);
    if (posix_memalign((void **)&u, 64, ub) != 0) return 0;
    if (posix_memalign((void **)&v, 64, vb) != 0 || posix_memalign((void **)&m, 64, mb) != 0) {
        free(u), free(v);
        return 0;
    }
    wino_weight_transform(w, o, c, u);
    const long total = n * g.th;
    for (long r0 = 0; r0 < total; r0 += g.rows) {
        const long nrows = sl_min_l(g.rows, total - r0), tiles = nrows * g.tw;
        wino_input_transform(&g, x, r0, nrows, v);
        for (int e = 0; e < 16; e++)
            sl_sgemm(0, 0, o, tiles, c, 1.0f, u + e * o * c, c, v + e * g.vstride, g.ldt, 0.0f, m + e * g.mstride,
                     g.ldt);
        wino_output_transform(&g, m, bias, r0, nrows, y);
    }
    free(u), free(v), free(m);
    return 1;
}

SL_TARGET_AVX512 static int wino_wgrad(const float *x, const float *gr, float *dw, long n, long c, long h, long wd,
                                       long o) {
    const wino_geom g = wino_geometry(c, h, wd, o, n);
    float *du = NULL, *v = NULL, *dm = NULL;
    const size_t ub = (size_t)(16 * o * c) * sizeof(float), vb = (size_t)(16 * g.vstride) * sizeof(float),
                 mb = (size_t)(16 * g.mstride) * sizeof(float);
    if (posix_memalign((void **)&du, 64, ub) != 0) return 0;
    if (posix_memalign((void **)&v, 64, vb) != 0 || posix_memalign((void **)&dm, 64, mb) != 0) {
        free(du), free(v);
        return 0;
    }
    memset(du, 0, ub);
    const long total = n * g.th;
    for (long r0 = 0; r0 < total; r0 += g.rows) {
        const long nrows = sl_min_l(g.rows, total - r0), tiles = nrows * g.tw;
        wino_input_transform(&g, x, r0, nrows, v);
        wino_gradient_transform(&g, gr, r0, nrows, dm);
        for (int e = 0; e < 16; e++)
            sl_sgemm(0, 1, o, c, tiles, 1.0f, dm + e * g.mstride, g.ldt, v + e * g.vstride, g.ldt, 1.0f,
                     du + e * o * c, c);
    }
    wino_weight_adjoint(du, o, c, dw);
    free(du), free(v), free(dm);
    return 1;
}
#endif // SL_X86

int sl_conv2d_winograd_f32(const float *x, const float *w, const float *bias, float *y, long n, long c, long h,
                           long wd, long o) {
    if (!sl_conv2d_winograd_supported()) return 0;
    if (n <= 0 || o <= 0 || h <= 0 || wd <= 0) return 1;
#if SL_X86
    if (c <= 0) {
        sl_conv2d_same_f32_reference(x, w, bias, y, n, c, h, wd, o, 3, 3);
        return 1;
    }
    return wino_forward(x, w, bias, y, n, c, h, wd, o);
#else
    (void)x, (void)w, (void)bias, (void)y, (void)c;
    return 0;
#endif
}

int sl_conv2d_winograd_wgrad_f32(const float *x, const float *g, float *dw, long n, long c, long h, long wd, long o) {
    if (!sl_conv2d_winograd_supported()) return 0;
    if (n <= 0 || o <= 0 || c <= 0 || h <= 0 || wd <= 0) return 1;
#if SL_X86
    return wino_wgrad(x, g, dw, n, c, h, wd, o);
#else
    (void)x, (void)g, (void)dw;
    return 0;
#endif
}
