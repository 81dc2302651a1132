// dgemm_nearest_packed.c: the k-means assignment over rows packed once per fit, rows in the vector lanes.
//
// Why: sl_dnearest (dgemm_nearest.c) puts the centres in the vector lanes, 16 per register tile, so with the usual
// k = 8–12 centres 25–50 % of every FMA is padding; on a host whose FMA throughput is the limit (Zen 4) that made
// the Lloyd iterations the whole cost of a fit. The data never change during a fit, so here they are packed once
// into blocks of 16 rows stored feature-major (Xp[(b·d + j)·16 + r] = x[16b + r][j]); a register tile holds 16 rows
// (the lanes) × G centres, each FMA adds x[·][j]·c[j] for 16 rows at once with c[j] broadcast, and G is chosen
// per k (k = 10: one group of 10, no padding). Each dot product still sums over the features in order with one
// FMA per feature, and the argmin still takes the first smallest ‖c‖² − 2·x·c in centre order, so labels and keys
// are bit for bit those of sl_dnearest.
#include "sl_internal.h"

#include <math.h>
#include <string.h>

enum { SL_NEAREST_BLOCK = 16 };

void sl_dpack_row_blocks(long n, long d, const double *X, long ldx, double *Xp) {
    const long blocks = sl_ceil_div(n, SL_NEAREST_BLOCK);
    for (long b = 0; b < blocks; b++) {
        double *out = Xp + b * d * SL_NEAREST_BLOCK;
        const long m = sl_min_l(SL_NEAREST_BLOCK, n - b * SL_NEAREST_BLOCK);
        for (long r = 0; r < SL_NEAREST_BLOCK; r++) {
            if (r >= m) {
                for (long j = 0; j < d; j++) out[j * SL_NEAREST_BLOCK + r] = 0;
                continue;
            }
            const double *row = X + (b * SL_NEAREST_BLOCK + r) * ldx;
            for (long j = 0; j < d; j++) out[j * SL_NEAREST_BLOCK + r] = row[j];
        }
    }
}

typedef double sl_np_v8d __attribute__((ext_vector_type(8)));
typedef long sl_np_v8l __attribute__((ext_vector_type(8)));
typedef double sl_np_v4d __attribute__((ext_vector_type(4)));
typedef long sl_np_v4l __attribute__((ext_vector_type(4)));
typedef double sl_np_v2d __attribute__((ext_vector_type(2)));
typedef long sl_np_v2l __attribute__((ext_vector_type(2)));

/// One sub-block of NV·VW packed rows (offset s within the 16-row block at xb) against the centre group c0 ..< c0 + G
/// of the transposed centres Ct (d rows of kp values, zero past k): running minimum and argmin per row.
/// (VT)x casts between same-size vector types reinterpret bits, so the selects are exact.
#define SL_NEAREST_GROUP(NAME, ATTR, VT, LT, VW, NV, G)                                                              \
    ATTR static inline __attribute__((always_inline)) void NAME(long d, const double *restrict xb, int s,             \
                                                                const double *restrict Ct, long kp, long c0, long k,  \
                                                                const double *restrict cnorm, VT best[NV],           \
                                                                LT arg[NV]) {                                        \
        VT acc[G][NV];                                                                                               \
        _Pragma("clang loop unroll(full)") for (int q = 0; q < G; q++)                                               \
            _Pragma("clang loop unroll(full)") for (int v = 0; v < NV; v++) acc[q][v] = 0;                           \
        const double *c = Ct + c0;                                                                                   \
        for (long j = 0; j < d; j++, c += kp) {                                                                      \
            VT x[NV];                                                                                                \
            _Pragma("clang loop unroll(full)") for (int v = 0; v < NV; v++)                                          \
                memcpy(&x[v], xb + j * SL_NEAREST_BLOCK + s + v * VW, sizeof x[v]);                                  \
            _Pragma("clang loop unroll(full)") for (int q = 0; q < G; q++) {                                         \
                const double cv = c[q];                                                                              \
                _Pragma("clang loop unroll(full)") for (int v = 0; v < NV; v++) acc[q][v] += x[v] * cv;              \
            }                                                                                                        \
        }                                                                                                            \
        _Pragma("clang loop unroll(full)") for (int q = 0; q < G; q++) {                                             \
            if (c0 + q >= k) break;                                                                                  \
            _Pragma("clang loop unroll(full)") for (int v = 0; v < NV; v++) {                                        \
                const VT key = cnorm[c0 + q] - 2 * acc[q][v];                                                        \
                const LT lt = key < best[v];                                                                         \
                best[v] = (VT)(((LT)key & lt) | ((LT)best[v] & ~lt));                                                \
                arg[v] = ((LT)(c0 + q) & lt) | (arg[v] & ~lt);                                                       \
            }                                                                                                        \
        }                                                                                                            \
    }

/// All blocks of one path: sub-blocks of NV·VW rows, centre groups of G (the caller picks G from GS).
#define SL_NEAREST_PACKED(NAME, ATTR, VT, LT, VW, NV, GROUP)                                                         \
    ATTR static void NAME(long n, long d, const double *Xp, const double *Ct, long kp, long k, long g,              \
                          const double *cnorm, long *labels, double *keys) {                                         \
        const long blocks = sl_ceil_div(n, SL_NEAREST_BLOCK);                                                        \
        for (long b = 0; b < blocks; b++) {                                                                         \
            const double *xb = Xp + b * d * SL_NEAREST_BLOCK;                                                        \
            for (int s = 0; s < SL_NEAREST_BLOCK; s += VW * NV) {                                                    \
                VT best[NV];                                                                                         \
                LT arg[NV];                                                                                          \
                for (int v = 0; v < NV; v++) best[v] = INFINITY, arg[v] = 0;                                         \
                for (long c0 = 0; c0 < k; c0 += g) {                                                                 \
                    switch (g) {                                                                                     \
                    case 4: GROUP##4(d, xb, s, Ct, kp, c0, k, cnorm, best, arg); break;                              \
                    case 6: GROUP##6(d, xb, s, Ct, kp, c0, k, cnorm, best, arg); break;                              \
                    case 8: GROUP##8(d, xb, s, Ct, kp, c0, k, cnorm, best, arg); break;                              \
                    case 10: GROUP##10(d, xb, s, Ct, kp, c0, k, cnorm, best, arg); break;                            \
                    default: GROUP##12(d, xb, s, Ct, kp, c0, k, cnorm, best, arg); break;                            \
                    }                                                                                                \
                }                                                                                                    \
                double bv[VW * NV];                                                                                  \
                long av[VW * NV];                                                                                    \
                memcpy(bv, best, sizeof bv);                                                                         \
                memcpy(av, arg, sizeof av);                                                                          \
                for (int r = 0; r < VW * NV; r++) {                                                                  \
                    const long i = b * SL_NEAREST_BLOCK + s + r;                                                     \
                    if (i < n) labels[i] = av[r], keys[i] = bv[r];                                                   \
                }                                                                                                    \
            }                                                                                                        \
        }                                                                                                            \
    }

#define SL_NEAREST_PATH(SFX, ATTR, VT, LT, VW, NV)                                                                   \
    SL_NEAREST_GROUP(group_##SFX##4, ATTR, VT, LT, VW, NV, 4)                                                        \
    SL_NEAREST_GROUP(group_##SFX##6, ATTR, VT, LT, VW, NV, 6)                                                        \
    SL_NEAREST_GROUP(group_##SFX##8, ATTR, VT, LT, VW, NV, 8)                                                        \
    SL_NEAREST_GROUP(group_##SFX##10, ATTR, VT, LT, VW, NV, 10)                                                      \
    SL_NEAREST_GROUP(group_##SFX##12, ATTR, VT, LT, VW, NV, 12)                                                      \
    SL_NEAREST_PACKED(nearest_packed_##SFX, ATTR, VT, LT, VW, NV, group_##SFX)

// Registers: AVX-512 takes 16 rows (2 zmm) × up to 12 centres = 24 accumulators of its 32; AVX2 4 rows (1 ymm) × 12
// = 12 of 16; the portable path 4 rows (2 × 2 lanes) × 12 = 24 two-lane vectors, which spill on SSE2's 16 but fit
// NEON's 32 (measured 7.2 → 5.5 ms per 80k × 50 × 10 pass on x86 even so).
SL_NEAREST_PATH(generic, , sl_np_v2d, sl_np_v2l, 2, 2)
#if SL_X86
SL_NEAREST_PATH(avx512, SL_TARGET_AVX512, sl_np_v8d, sl_np_v8l, 8, 2)
SL_NEAREST_PATH(avx2, SL_TARGET_AVX2, sl_np_v4d, sl_np_v4l, 4, 1)
#endif

/// The group size for k centres: as few groups of at most 12 as possible, as even as possible, each rounded up to
/// an even size (k = 10 → one group of 10; k = 16 → two of 8; k = 25 → three of 10, the last one partly unused).
static long group_size(long k) {
    const long groups = sl_ceil_div(k, 12);
    const long g = sl_round_up(sl_ceil_div(k, groups), 2);
    return g < 4 ? 4 : g;
}

void sl_dnearest_packed(long n, long d, const double *Xp, const double *C, long ldc, long k, const double *cnorm,
                        long *labels, double *keys) {
    if (n <= 0 || k <= 0) return;
    const long g = group_size(k), kp = sl_round_up(k, g);
    double *Ct = sl_gemm_scratch(SL_SCRATCH_DGEMM_B, (size_t)(kp * (d > 0 ? d : 1)) * sizeof(double));
    if (Ct == NULL) { // out of memory: slow but correct, the same sums in the same order
        for (long i = 0; i < n; i++) {
            const double *xb = Xp + (i / SL_NEAREST_BLOCK) * d * SL_NEAREST_BLOCK + i % SL_NEAREST_BLOCK;
            double best = INFINITY;
            long arg = 0;
            for (long c = 0; c < k; c++) {
                double dot = 0;
                for (long j = 0; j < d; j++) dot += xb[j * SL_NEAREST_BLOCK] * C[c * ldc + j];
                const double key = cnorm[c] - 2 * dot;
                if (key < best) best = key, arg = c;
            }
            labels[i] = arg, keys[i] = best;
        }
        return;
    }
    sl_dpack_centres(d, C, ldc, k, kp, Ct);
#if SL_X86
    switch (sl_kernels()->isa) {
    case SL_ISA_AVX512: nearest_packed_avx512(n, d, Xp, Ct, kp, k, g, cnorm, labels, keys); return;
    case SL_ISA_AVX2: nearest_packed_avx2(n, d, Xp, Ct, kp, k, g, cnorm, labels, keys); return;
    default: break;
    }
#endif
    nearest_packed_generic(n, d, Xp, Ct, kp, k, g, cnorm, labels, keys);
}
