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
// Layout: the tiles of all images are numbered image by image and row by row, and a vector holds 16 consecutive
// tiles, so no lane is wasted when a tile row (7 tiles for a 14×14 plane) is narrower than a vector. A vector's
// tiles form a few runs, each a piece of one tile row; per input row, each run's even and odd columns are loaded
// into its lanes with masked loads and separated with one permute, and the outputs go back the same way with
// masked stores (the lanes of each run, the columns and rows inside the plane). Masks are precomputed per block so
// the loops have no data-dependent branches.
//   forward: per block (a few hundred tiles, so that its transformed input stays in L2), the input is transformed
//   into panels [e][vector][c][16]; then per panel of 16 output channels and vector of 16 tiles, the 16 GEMMs
//   (16 accumulators, one vector per output channel, over K = c with the weights broadcast) go to a small buffer in L1 and are transformed back to
//   y at once, so M is never stored whole. Measured on the 32→64 layer of the digits CNN (14×14, batch 32 per
//   core): the 16 GEMMs run at the FMA peak and the transforms add 40–50 % to them; with these tiles instead of one
//   sl_sgemm per element over the block followed by a separate output transform, a call fell from 1.8 to 1.2 ms.
//   weight gradient: per block, the input transform is transposed to [e][tile][c] (16×16 blocks) and the output
//   gradient transformed into [e][vector][o][16]; then dU_e[o, c-vector] accumulates over the block's tiles in 12×2
//   accumulators (output-gradient elements broadcast), with no horizontal sums.
// Planes of odd size end with a ragged tile: its missing inputs are read as zeros and only the outputs inside the
// plane are written.
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

// ---- Geometry -------------------------------------------------------------------------------------------------

enum {
    WINO_MR = 16,     // forward micro-tile: output channels (the rows of a packed weight panel) ...
    WINO_NV = 1,      // ... × vectors of 16 tiles
    WG_MR = 12,       // weight-gradient micro-tile: output channels ...
    WG_NV = 2,        // ... × vectors of 16 input channels
    WINO_BLOCK_BYTES = 256 << 10, // a block's transformed tiles: they stay in L2 from the transform to the GEMMs
};

/// Tile geometry of one call and its blocking: the tiles of all images are numbered image by image, row by row,
/// and processed in blocks of bt consecutive tiles (a block may start or end inside an image or a tile row).
typedef struct {
    long c, h, wd, o;
    long th, tw, tiles; // tile rows and tiles per row of a plane, tiles per image
    long total;         // tiles of all images
    long bt;            // tiles per block, a multiple of 16
} wino_geom;

static wino_geom wino_geometry(long n, long c, long h, long wd, long o, long bytesPerTile) {
    wino_geom g = {.c = c, .h = h, .wd = wd, .o = o, .th = (h + 1) / 2, .tw = (wd + 1) / 2};
    g.tiles = g.th * g.tw;
    g.total = n * g.tiles;
    long bt = WINO_BLOCK_BYTES / bytesPerTile;
    bt = bt < 16 ? 16 : bt;
    const long blocks = sl_ceil_div(g.total, bt); // the fewest blocks, of near-equal size
    g.bt = sl_round_up(sl_ceil_div(g.total, blocks), 16);
    return g;
}

/// The distance in floats between the 16 transform elements' planes of `floats` floats each: an odd number of
/// cache lines, so that the 16 vectors a transform writes or reads per step fall into 16 different L1 sets (16
/// planes a multiple of 4 KB apart would all compete for one set of an 8- or 12-way L1).
static long wino_plane_stride(long floats) {
    long s = sl_round_up(floats, 16);
    if ((s / 16) % 2 == 0) s += 16;
    return s;
}

/// A run of consecutive tiles of one tile row inside a vector of 16 tiles: lanes [a, b) hold the tiles tx, tx + 1,
/// … of tile row ty of image img.
typedef struct {
    int a, b;
    long img, ty, tx;
} wino_run;

/// Splits the vectors of tiles [t0, t0 + count) into runs: vector v's are runs[first[v] ..< first[v + 1]]. Lanes
/// past the last tile belong to no run (the transforms leave them zero).
static void wino_runs(const wino_geom *g, long t0, long count, wino_run *runs, long *first) {
    const long nv = sl_ceil_div(count, 16);
    long nr = 0;
    for (long v = 0; v < nv; v++) {
        first[v] = nr;
        const long end = sl_min_l(16, count - 16 * v);
        for (long lane = 0; lane < end;) {
            const long t = t0 + 16 * v + lane, img = t / g->tiles, rem = t % g->tiles;
            const long ty = rem / g->tw, tx = rem % g->tw, len = sl_min_l(g->tw - tx, end - lane);
            runs[nr++] = (wino_run){.a = (int)lane, .b = (int)(lane + len), .img = img, .ty = ty, .tx = tx};
            lane += len;
        }
    }
    first[nv] = nr;
}

/// A pointer `off` floats from p, computed on integers: masked accesses start before a row or a plane when a run
/// does not begin at lane 0 or a tile at column −1 (the lanes outside are masked off and never touched).
static inline const float *wino_shifted(const float *p, long off) {
    return (const float *)((uintptr_t)p + (uintptr_t)(off * (long)sizeof(float)));
}

/// Lanes [lo, hi) of 32, clipped to 0...32.
static inline uint32_t wino_lanes(long lo, long hi) {
    lo = lo < 0 ? 0 : lo;
    hi = hi > 32 ? 32 : hi;
    if (hi <= lo) return 0;
    return (uint32_t)((((uint64_t)1 << (hi - lo)) - 1) << lo);
}

/// The lanes of a run's 32-float row segment (lanes [2a, 2b), lane j at column col0 + j) whose column is in [0, wd).
static inline uint32_t wino_run_mask(const wino_run *r, long col0, long wd) {
    return wino_lanes(2 * r->a, 2 * r->b) & wino_lanes(-col0, wd - col0);
}

/// The even (sel = 0) or odd (sel = 1) lanes of the 32 floats a:b.
SL_TARGET_AVX512 static inline __m512 wino_deinterleave(__m512 a, __m512 b, int sel) {
    const __m512i idx = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    return _mm512_permutex2var_ps(a, _mm512_add_epi32(idx, _mm512_set1_epi32(sel)), b);
}

// ---- Weight transforms ----------------------------------------------------------------------------------------

/// U = G·w·Gᵀ for every 3×3 kernel of w [o, c, 3, 3], G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1], packed for the forward
/// micro-kernel: element e of (oc, ci) at u[((e·nop + oc / MR)·c + ci)·MR + oc % MR]; rows past o stay zero.
static void wino_weight_transform(const float *w, long o, long c, float *u) {
    const long nop = sl_ceil_div(o, WINO_MR);
    memset(u, 0, (size_t)(16 * nop * c * WINO_MR) * sizeof(float));
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
                for (int j = 0; j < 4; j++)
                    u[(((i * 4 + j) * nop + oc / WINO_MR) * c + ci) * WINO_MR + oc % WINO_MR] = r[j];
            }
        }
}

/// dw[o, c] += Gᵀ·dU[o, c]·G for every kernel; element e of dU[oc, ci] is du[(e·ldo + oc)·ldc + ci].
static void wino_weight_adjoint(const float *du, long ldo, long ldc, long o, long c, float *dw) {
    for (long oc = 0; oc < o; oc++)
        for (long ci = 0; ci < c; ci++) {
            float d[4][4];
            for (int e = 0; e < 16; e++) d[e / 4][e % 4] = du[(e * ldo + oc) * ldc + ci];
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

// ---- Tile transforms (one vector of 16 tiles) -------------------------------------------------------------------

/// Where a run's input rows are: lane j of the left 32-float segment of input row k (row 2·ty − 1 + k) is at
/// base + k·wd + j from the channel's plane of image 0 (the image is in the offset); the right segment starts 2
/// columns later. m[k] holds the valid lanes of row k's segments (left low/high half, right low/high half), all
/// zero for a row outside the plane, so the loads need no branches (which the varying runs would mispredict).
typedef struct {
    long base;
    uint16_t m[4][4];
} wino_in_run;

/// Where row `row`, column `col` of run r's image is, counted from the channel-0 plane of image 0 of a tensor with
/// `chans` channels (the caller adds the channel's plane).
static inline long wino_place(const wino_geom *g, long chans, const wino_run *r, long row, long col) {
    return r->img * chans * g->h * g->wd + row * g->wd + col;
}

static void wino_in_runs(const wino_geom *g, long chans, const wino_run *runs, long nr, wino_in_run *out) {
    for (long k = 0; k < nr; k++) {
        const wino_run *r = &runs[k];
        const long col0 = 2 * r->tx - 1 - 2 * r->a;
        const uint32_t ml = wino_run_mask(r, col0, g->wd), mr = wino_run_mask(r, col0 + 2, g->wd);
        wino_in_run *o = &out[k];
        o->base = wino_place(g, chans, r, 2 * r->ty - 1, col0);
        for (int i = 0; i < 4; i++) {
            const long row = 2 * r->ty - 1 + i;
            const int in = row >= 0 && row < g->h;
            o->m[i][0] = in ? (uint16_t)ml : 0;
            o->m[i][1] = in ? (uint16_t)(ml >> 16) : 0;
            o->m[i][2] = in ? (uint16_t)mr : 0;
            o->m[i][3] = in ? (uint16_t)(mr >> 16) : 0;
        }
    }
}

/// v[e] = (Bᵀ·d·B)[e] for the 16 tiles of one vector of channel `ch`, Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1].
SL_TARGET_AVX512 static inline __attribute__((always_inline)) void
wino_input_vector(const float *x, long wd, const wino_in_run *runs, long nr, __m512 v[16]) {
    __m512 s[4][4]; // input row k: left segment (2 halves), right segment (2 halves)
    for (int k = 0; k < 4; k++)
        for (int j = 0; j < 4; j++) s[k][j] = _mm512_setzero_ps();
    for (long i = 0; i < nr; i++) {
        const wino_in_run *r = &runs[i];
        for (int k = 0; k < 4; k++) {
            const float *p = wino_shifted(x, r->base + k * wd);
            s[k][0] = _mm512_mask_loadu_ps(s[k][0], r->m[k][0], p);
            s[k][1] = _mm512_mask_loadu_ps(s[k][1], r->m[k][1], p + 16);
            s[k][2] = _mm512_mask_loadu_ps(s[k][2], r->m[k][2], p + 2);
            s[k][3] = _mm512_mask_loadu_ps(s[k][3], r->m[k][3], p + 18);
        }
    }
    __m512 p[4][4]; // d·B, row k
    for (int k = 0; k < 4; k++) {
        const __m512 d0 = wino_deinterleave(s[k][0], s[k][1], 0), d1 = wino_deinterleave(s[k][0], s[k][1], 1);
        const __m512 d2 = wino_deinterleave(s[k][2], s[k][3], 0), d3 = wino_deinterleave(s[k][2], s[k][3], 1);
        p[k][0] = _mm512_sub_ps(d0, d2);
        p[k][1] = _mm512_add_ps(d1, d2);
        p[k][2] = _mm512_sub_ps(d2, d1);
        p[k][3] = _mm512_sub_ps(d1, d3);
    }
    for (int j = 0; j < 4; j++) {
        v[0 * 4 + j] = _mm512_sub_ps(p[0][j], p[2][j]);
        v[1 * 4 + j] = _mm512_add_ps(p[1][j], p[2][j]);
        v[2 * 4 + j] = _mm512_sub_ps(p[2][j], p[1][j]);
        v[3 * 4 + j] = _mm512_sub_ps(p[1][j], p[3][j]);
    }
}

/// Where a run's output rows are: lane j of the 32-float segment of output row i is at off + i·wd + j from the
/// channel's plane of image 0 (the image is in the offset); m[i] holds the valid lanes of row i (low and high
/// half), zero for a row outside the plane.
typedef struct {
    long off;
    uint16_t m[2][2];
} wino_out_run;

static void wino_out_runs(const wino_geom *g, long chans, const wino_run *runs, long nr, wino_out_run *out) {
    for (long k = 0; k < nr; k++) {
        const wino_run *r = &runs[k];
        const long col0 = 2 * r->tx - 2 * r->a;
        const uint32_t m = wino_run_mask(r, col0, g->wd);
        const int second = 2 * r->ty + 1 < g->h;
        out[k] = (wino_out_run){.off = wino_place(g, chans, r, 2 * r->ty, col0),
                                .m = {{(uint16_t)m, (uint16_t)(m >> 16)},
                                      {second ? (uint16_t)m : 0, second ? (uint16_t)(m >> 16) : 0}}};
    }
}

/// The run tables of one block of tiles, for input (c channels) and output (o channels) tensors: vector v's runs
/// are runs[first[v] ..< first[v + 1]], with their input and output places in in[] and out[] at the same indices.
typedef struct {
    wino_run *runs;
    wino_in_run *in;
    wino_out_run *out;
    long *first;
} wino_block_runs;

/// Room for blocks of up to maxv vectors (a vector holds at most 16 runs); 0 when out of memory.
static int wino_block_runs_alloc(wino_block_runs *b, long maxv) {
    b->runs = malloc((size_t)(16 * maxv) * sizeof(wino_run));
    b->in = malloc((size_t)(16 * maxv) * sizeof(wino_in_run));
    b->out = malloc((size_t)(16 * maxv) * sizeof(wino_out_run));
    b->first = malloc((size_t)(maxv + 1) * sizeof(long));
    return b->runs && b->in && b->out && b->first;
}

static void wino_block_runs_free(wino_block_runs *b) { free(b->runs), free(b->in), free(b->out), free(b->first); }

/// Fills the tables for tiles [t0, t0 + count).
static void wino_block_runs_fill(const wino_geom *g, long t0, long count, wino_block_runs *b) {
    const long nv = sl_ceil_div(count, 16);
    wino_runs(g, t0, count, b->runs, b->first);
    wino_in_runs(g, g->c, b->runs, b->first[nv], b->in);
    wino_out_runs(g, g->o, b->runs, b->first[nv], b->out);
}

/// y = Aᵀ·m·A + bias for one vector of 16 tiles of one output channel (m[e] at mb + e·estride), Aᵀ = [1 1 1 0;
/// 0 1 −1 −1], written to the runs' places in y (the channel's plane of image 0); other lanes are not written.
SL_TARGET_AVX512 static inline __attribute__((always_inline)) void
wino_output_vector(const float *mb, long estride, __m512 b, const wino_out_run *runs, long nr, long wd, float *y) {
    const __m512i lo = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    const __m512i hi = _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
    __m512 q[4][2]; // m·A, row k
    for (int k = 0; k < 4; k++) {
        const __m512 m0 = _mm512_load_ps(mb + (k * 4 + 0) * estride), m1 = _mm512_load_ps(mb + (k * 4 + 1) * estride);
        const __m512 m2 = _mm512_load_ps(mb + (k * 4 + 2) * estride), m3 = _mm512_load_ps(mb + (k * 4 + 3) * estride);
        q[k][0] = _mm512_add_ps(_mm512_add_ps(m0, m1), m2);
        q[k][1] = _mm512_sub_ps(_mm512_sub_ps(m1, m2), m3);
    }
    const __m512 y00 = _mm512_add_ps(_mm512_add_ps(q[0][0], q[1][0]), _mm512_add_ps(q[2][0], b));
    const __m512 y01 = _mm512_add_ps(_mm512_add_ps(q[0][1], q[1][1]), _mm512_add_ps(q[2][1], b));
    const __m512 y10 = _mm512_add_ps(_mm512_sub_ps(_mm512_sub_ps(q[1][0], q[2][0]), q[3][0]), b);
    const __m512 y11 = _mm512_add_ps(_mm512_sub_ps(_mm512_sub_ps(q[1][1], q[2][1]), q[3][1]), b);
    const __m512 r0lo = _mm512_permutex2var_ps(y00, lo, y01), r0hi = _mm512_permutex2var_ps(y00, hi, y01);
    const __m512 r1lo = _mm512_permutex2var_ps(y10, lo, y11), r1hi = _mm512_permutex2var_ps(y10, hi, y11);
    for (long i = 0; i < nr; i++) {
        const wino_out_run *r = &runs[i];
        float *p = (float *)wino_shifted(y, r->off), *q = (float *)wino_shifted(y, r->off + wd);
        _mm512_mask_storeu_ps(p, r->m[0][0], r0lo);
        _mm512_mask_storeu_ps(p + 16, r->m[0][1], r0hi);
        _mm512_mask_storeu_ps(q, r->m[1][0], r1lo);
        _mm512_mask_storeu_ps(q + 16, r->m[1][1], r1hi);
    }
}

/// dm[e] = (A·gt·Aᵀ)[e] for the 2×2 output-gradient tiles gt of one vector of one channel (zero outside the
/// plane): the adjoint of the output transform, A = [1 0; 1 1; 1 −1; 0 −1].
SL_TARGET_AVX512 static inline __attribute__((always_inline)) void
wino_gradient_vector(const float *g, long wd, const wino_out_run *runs, long nr, __m512 dm[16]) {
    __m512 s[2][2]; // output row i, two halves of its 32-float segment
    for (int i = 0; i < 2; i++) s[i][0] = s[i][1] = _mm512_setzero_ps();
    for (long k = 0; k < nr; k++) {
        const wino_out_run *r = &runs[k];
        const float *p = wino_shifted(g, r->off), *q = wino_shifted(g, r->off + wd);
        s[0][0] = _mm512_mask_loadu_ps(s[0][0], r->m[0][0], p);
        s[0][1] = _mm512_mask_loadu_ps(s[0][1], r->m[0][1], p + 16);
        s[1][0] = _mm512_mask_loadu_ps(s[1][0], r->m[1][0], q);
        s[1][1] = _mm512_mask_loadu_ps(s[1][1], r->m[1][1], q + 16);
    }
    __m512 q[2][4]; // gt·Aᵀ, row i
    for (int i = 0; i < 2; i++) {
        const __m512 g0 = wino_deinterleave(s[i][0], s[i][1], 0), g1 = wino_deinterleave(s[i][0], s[i][1], 1);
        q[i][0] = g0;
        q[i][1] = _mm512_add_ps(g0, g1);
        q[i][2] = _mm512_sub_ps(g0, g1);
        q[i][3] = _mm512_sub_ps(_mm512_setzero_ps(), g1);
    }
    for (int l = 0; l < 4; l++) {
        dm[0 * 4 + l] = q[0][l];
        dm[1 * 4 + l] = _mm512_add_ps(q[0][l], q[1][l]);
        dm[2 * 4 + l] = _mm512_sub_ps(q[0][l], q[1][l]);
        dm[3 * 4 + l] = _mm512_sub_ps(_mm512_setzero_ps(), q[1][l]);
    }
}

/// Transposes the 16×16 block r in place (r[i][j] becomes r[j][i]).
SL_TARGET_AVX512 static inline __attribute__((always_inline)) void wino_transpose16(__m512 r[16]) {
    __m512 t[16], u[16];
    for (int i = 0; i < 8; i++) {
        t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
    for (int gi = 0; gi < 4; gi++) {
        const __m512d a = _mm512_castps_pd(t[4 * gi]), b = _mm512_castps_pd(t[4 * gi + 2]);
        const __m512d c = _mm512_castps_pd(t[4 * gi + 1]), d = _mm512_castps_pd(t[4 * gi + 3]);
        u[4 * gi + 0] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, b));
        u[4 * gi + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, b));
        u[4 * gi + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(c, d));
        u[4 * gi + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(c, d));
    }
    // u[4g + m], 128-bit lane L: rows 4g…4g+3 of column 4L + m.
    for (int m = 0; m < 4; m++) {
        const __m512 v0 = _mm512_shuffle_f32x4(u[m], u[4 + m], 0x88), w0 = _mm512_shuffle_f32x4(u[m], u[4 + m], 0xDD);
        const __m512 v1 = _mm512_shuffle_f32x4(u[8 + m], u[12 + m], 0x88);
        const __m512 w1 = _mm512_shuffle_f32x4(u[8 + m], u[12 + m], 0xDD);
        r[m] = _mm512_shuffle_f32x4(v0, v1, 0x88);
        r[8 + m] = _mm512_shuffle_f32x4(v0, v1, 0xDD);
        r[4 + m] = _mm512_shuffle_f32x4(w0, w1, 0x88);
        r[12 + m] = _mm512_shuffle_f32x4(w0, w1, 0xDD);
    }
}

// ---- Forward --------------------------------------------------------------------------------------------------

/// M[r, tiles] for one element e: Σ_ci U[ci, r] · V[ci, tiles], MR output channels × nv vectors of 16 tiles; the
/// panels are up [c][MR] and vp [nv][c][16], the result goes to mb [MR][nv][16].
SL_TARGET_AVX512 static inline __attribute__((always_inline)) void
wino_fwd_tile(const int nv, long c, const float *restrict up, const float *restrict vp, float *restrict mb) {
    __m512 acc[WINO_MR][WINO_NV];
#pragma clang loop unroll(full)
    for (int r = 0; r < WINO_MR; r++)
#pragma clang loop unroll(full)
        for (int v = 0; v < WINO_NV; v++) acc[r][v] = _mm512_setzero_ps();
    for (long ci = 0; ci < c; ci++) {
        __m512 b[WINO_NV];
#pragma clang loop unroll(full)
        for (int v = 0; v < WINO_NV; v++)
            if (v < nv) b[v] = _mm512_load_ps(vp + (v * c + ci) * 16);
#pragma clang loop unroll(full)
        for (int r = 0; r < WINO_MR; r++) {
            const __m512 a = _mm512_set1_ps(up[ci * WINO_MR + r]);
#pragma clang loop unroll(full)
            for (int v = 0; v < WINO_NV; v++)
                if (v < nv) acc[r][v] = _mm512_fmadd_ps(a, b[v], acc[r][v]);
        }
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < WINO_MR; r++)
#pragma clang loop unroll(full)
        for (int v = 0; v < WINO_NV; v++)
            if (v < nv) _mm512_store_ps(mb + (r * WINO_NV + v) * 16, acc[r][v]);
}

SL_TARGET_AVX512 static int wino_forward(const float *x, const float *w, const float *bias, float *y, long n, long c,
                                         long h, long wd, long o) {
    const wino_geom g = wino_geometry(n, c, h, wd, o, 16 * c * (long)sizeof(float));
    const long nop = sl_ceil_div(o, WINO_MR), maxv = g.bt / 16, hw = h * wd;
    const long vplane = wino_plane_stride(maxv * c * 16), mplane = WINO_MR * WINO_NV * 16;
    float *u = NULL, *v = NULL, *mb = NULL;
    wino_block_runs br;
    int ok = wino_block_runs_alloc(&br, maxv) &&
             posix_memalign((void **)&u, 64, (size_t)(16 * nop * c * WINO_MR) * sizeof(float)) == 0 &&
             posix_memalign((void **)&v, 64, (size_t)(16 * vplane) * sizeof(float)) == 0 &&
             posix_memalign((void **)&mb, 64, (size_t)(16 * mplane) * sizeof(float)) == 0;
    if (ok) {
        wino_weight_transform(w, o, c, u);
        for (long t0 = 0; t0 < g.total; t0 += g.bt) {
            const long count = sl_min_l(g.bt, g.total - t0), nv = sl_ceil_div(count, 16);
            wino_block_runs_fill(&g, t0, count, &br);
            const wino_in_run *inr = br.in;
            const wino_out_run *outr = br.out;
            const long *first = br.first;
            // Input transform into panels [e][vector][c][16].
            for (long tv = 0; tv < nv; tv++)
                for (long ch = 0; ch < c; ch++) {
                    __m512 vv[16];
                    wino_input_vector(x + ch * hw, wd, inr + first[tv], first[tv + 1] - first[tv], vv);
                    float *dst = v + (tv * c + ch) * 16;
                    for (int e = 0; e < 16; e++) _mm512_store_ps(dst + e * vplane, vv[e]);
                }
            // Per panel of output channels and vector(s) of tiles: the 16 GEMMs into mb, then the output transform.
            for (long op = 0; op < nop; op++) {
                const long rows = sl_min_l(WINO_MR, o - op * WINO_MR);
                for (long tv0 = 0; tv0 < nv; tv0 += WINO_NV) {
                    const long nvv = sl_min_l(WINO_NV, nv - tv0);
                    for (int e = 0; e < 16; e++) {
                        const float *up = u + (e * nop + op) * c * WINO_MR, *vp = v + e * vplane + tv0 * c * 16;
                        if (nvv == WINO_NV) wino_fwd_tile(WINO_NV, c, up, vp, mb + e * mplane);
                        else wino_fwd_tile(1, c, up, vp, mb + e * mplane);
                    }
                    for (long r = 0; r < rows; r++) {
                        const long oc = op * WINO_MR + r;
                        const __m512 b = _mm512_set1_ps(bias ? bias[oc] : 0.0f);
                        for (long k = 0; k < nvv; k++) {
                            const long tv = tv0 + k;
                            wino_output_vector(mb + (r * WINO_NV + k) * 16, mplane, b, outr + first[tv],
                                               first[tv + 1] - first[tv], wd, y + oc * hw);
                        }
                    }
                }
            }
        }
    }
    free(u), free(v), free(mb);
    wino_block_runs_free(&br);
    return ok;
}

// ---- Weight gradient ------------------------------------------------------------------------------------------

/// dU[r, cv] += Σ_t dM[r, t] · V[t, cv] over the kt tiles of a block for mr output channels × nv vectors of 16
/// input channels: dm [vector][ldo][16] (row r of vector tv at dm + (tv·ldo + r)·16), vt [tile][ldc].
SL_TARGET_AVX512 static inline __attribute__((always_inline)) void
wino_wgrad_tile(const int mr, const int nv, long ntv, long ldo, long ldc, const float *restrict dm,
                const float *restrict vt, float *restrict du) {
    __m512 acc[WG_MR][WG_NV];
#pragma clang loop unroll(full)
    for (int r = 0; r < WG_MR; r++)
#pragma clang loop unroll(full)
        for (int v = 0; v < WG_NV; v++) acc[r][v] = _mm512_setzero_ps();
    for (long tv = 0; tv < ntv; tv++) {
        const float *a = dm + tv * ldo * 16, *b = vt + tv * 16 * ldc;
        for (int l = 0; l < 16; l++) {
            __m512 bv[WG_NV];
#pragma clang loop unroll(full)
            for (int v = 0; v < WG_NV; v++)
                if (v < nv) bv[v] = _mm512_load_ps(b + l * ldc + v * 16);
#pragma clang loop unroll(full)
            for (int r = 0; r < WG_MR; r++) {
                if (r >= mr) break;
                const __m512 av = _mm512_set1_ps(a[r * 16 + l]);
#pragma clang loop unroll(full)
                for (int v = 0; v < WG_NV; v++)
                    if (v < nv) acc[r][v] = _mm512_fmadd_ps(av, bv[v], acc[r][v]);
            }
        }
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < WG_MR; r++) {
        if (r >= mr) break;
#pragma clang loop unroll(full)
        for (int v = 0; v < WG_NV; v++)
            if (v < nv) {
                float *d = du + r * ldc + v * 16;
                _mm512_store_ps(d, _mm512_add_ps(_mm512_load_ps(d), acc[r][v]));
            }
    }
}

#define WG_CASE(MR, NV) wino_wgrad_tile(MR, NV, ntv, ldo, ldc, dm, vt, du)

/// wino_wgrad_tile with mr ∈ {12, 8, 4} and nv ∈ {2, 1} chosen at run time (the loops need them as constants).
SL_TARGET_AVX512 static void wino_wgrad_tile_any(long mr, long nv, long ntv, long ldo, long ldc, const float *dm,
                                                 const float *vt, float *du) {
    if (nv == 2) {
        if (mr == 12) WG_CASE(12, 2);
        else if (mr == 8) WG_CASE(8, 2);
        else WG_CASE(4, 2);
    } else {
        if (mr == 12) WG_CASE(12, 1);
        else if (mr == 8) WG_CASE(8, 1);
        else WG_CASE(4, 1);
    }
}
#undef WG_CASE

SL_TARGET_AVX512 static int wino_wgrad(const float *x, const float *gr, float *dw, long n, long c, long h, long wd,
                                       long o) {
    // Input channels padded to whole vectors, output channels to a multiple of 4 (the micro-tile heights).
    const long ldc = sl_round_up(c, 16), ldo = sl_round_up(o, 4), hw = h * wd;
    const wino_geom g = wino_geometry(n, c, h, wd, o, 16 * (ldc + ldo) * (long)sizeof(float));
    const long maxv = g.bt / 16;
    const long vplane = wino_plane_stride(g.bt * ldc), mplane = wino_plane_stride(maxv * ldo * 16);
    float *du = NULL, *vt = NULL, *dm = NULL, *scratch = NULL;
    wino_block_runs br;
    int ok = wino_block_runs_alloc(&br, maxv) &&
             posix_memalign((void **)&du, 64, (size_t)(16 * ldo * ldc) * sizeof(float)) == 0 &&
             posix_memalign((void **)&vt, 64, (size_t)(16 * vplane) * sizeof(float)) == 0 &&
             posix_memalign((void **)&dm, 64, (size_t)(16 * mplane) * sizeof(float)) == 0 &&
             posix_memalign((void **)&scratch, 64, (size_t)(16 * 256) * sizeof(float)) == 0;
    if (ok) {
        memset(du, 0, (size_t)(16 * ldo * ldc) * sizeof(float));
        memset(dm, 0, (size_t)(16 * mplane) * sizeof(float)); // output-channel rows past o stay zero
        for (long t0 = 0; t0 < g.total; t0 += g.bt) {
            const long count = sl_min_l(g.bt, g.total - t0), nv = sl_ceil_div(count, 16);
            wino_block_runs_fill(&g, t0, count, &br);
            const wino_in_run *inr = br.in;
            const wino_out_run *outr = br.out;
            const long *first = br.first;
            // Input transform, transposed to [e][tile][ldc] through 16×16 blocks (16 channels × 16 tiles).
            for (long tv = 0; tv < nv; tv++)
                for (long ch0 = 0; ch0 < ldc; ch0 += 16) {
                    for (long k = 0; k < 16; k++) {
                        __m512 vv[16];
                        if (ch0 + k < c)
                            wino_input_vector(x + (ch0 + k) * hw, wd, inr + first[tv], first[tv + 1] - first[tv],
                                              vv);
                        else
                            for (int e = 0; e < 16; e++) vv[e] = _mm512_setzero_ps();
                        for (int e = 0; e < 16; e++) _mm512_store_ps(scratch + (e * 16 + k) * 16, vv[e]);
                    }
                    for (int e = 0; e < 16; e++) {
                        __m512 blk[16];
                        for (int k = 0; k < 16; k++) blk[k] = _mm512_load_ps(scratch + (e * 16 + k) * 16);
                        wino_transpose16(blk);
                        float *dst = vt + e * vplane + tv * 16 * ldc + ch0;
                        for (int l = 0; l < 16; l++) _mm512_store_ps(dst + l * ldc, blk[l]);
                    }
                }
            // Output-gradient transform into panels [e][vector][ldo][16].
            for (long tv = 0; tv < nv; tv++)
                for (long oc = 0; oc < o; oc++) {
                    __m512 dv[16];
                    wino_gradient_vector(gr + oc * hw, wd, outr + first[tv], first[tv + 1] - first[tv], dv);
                    float *dst = dm + (tv * ldo + oc) * 16;
                    for (int e = 0; e < 16; e++) _mm512_store_ps(dst + e * mplane, dv[e]);
                }
            for (int e = 0; e < 16; e++)
                for (long o0 = 0; o0 < ldo;) {
                    const long mr = ldo - o0 >= 12 ? 12 : ldo - o0 >= 8 ? 8 : 4;
                    for (long cv = 0; cv < ldc / 16; cv += WG_NV)
                        wino_wgrad_tile_any(mr, sl_min_l(WG_NV, ldc / 16 - cv), nv, ldo, ldc,
                                            dm + e * mplane + o0 * 16, vt + e * vplane + cv * 16,
                                            du + (e * ldo + o0) * ldc + cv * 16);
                    o0 += mr;
                }
        }
        wino_weight_adjoint(du, ldo, ldc, o, c, dw);
    }
    free(du), free(vt), free(dm), free(scratch);
    wino_block_runs_free(&br);
    return ok;
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
