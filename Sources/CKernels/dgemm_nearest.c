// dgemm_nearest.c: narrow Float64 products that read the tall operand in place: the nearest of k centres for
// each row (the k-means assignment), its dot products alone, and Bᵀ·A for a B of few columns (a gradient share).
//
// Why: the assignment is a GEMM X·Cᵀ with a narrow output (k = 8–16 centres) followed by an argmin. Through the
// general dgemm each block of rows of X is packed on every Lloyd iteration although X never changes, the output
// is padded to the 16-wide tile and written out, then read back for the argmin. Here the few centres are packed
// once per call (transposed, zero-padded: d rows of kp values), rows of X are broadcast straight from memory into
// an MR-row register tile, and the argmin of ‖c‖² − 2·x·c is taken from the tile. Each dot product sums over the
// features in order, as dgemm does, so labels match the GEMM route. The register tile is dgemm_tile.h's, compiled
// per ISA (AVX-512: 8 rows × 16 centres, AVX2: 4 × 8, SSE2/NEON: 4 × 4).
#include "sl_internal.h"

#include <math.h>
#include <string.h>

#include "dgemm_tile.h"

// Rows [0, n) of X against the packed centres Ct (d rows of kp values): labels and keys as sl_dnearest.
#define SL_NEAREST(NAME, TILE, ATTR, MR, W)                                                                        \
    ATTR static void NAME(long n, long d, const double *X, long ldx, const double *restrict Ct, long kp, long k,   \
                          const double *restrict cnorm, long *restrict labels, double *restrict keys,              \
                          double *restrict D, long ldd) {                                                          \
        double tile[MR * 2 * W];                                                                                   \
        for (long i0 = 0; i0 < n; i0 += MR) {                                                                      \
            const long m = sl_min_l(MR, n - i0);                                                                   \
            const double *rows[MR];                                                                                \
            double best[MR];                                                                                       \
            long arg[MR];                                                                                          \
            for (int r = 0; r < MR; r++) {                                                                         \
                rows[r] = X + (i0 + (r < m ? r : m - 1)) * ldx; /* tail rows repeat the last one */                \
                best[r] = INFINITY;                                                                                \
                arg[r] = 0;                                                                                        \
            }                                                                                                      \
            for (long c0 = 0; c0 < k; c0 += 2 * W) {                                                               \
                TILE(d, rows, 1, Ct + c0, kp, tile);                                                               \
                const long w = sl_min_l(2 * W, k - c0);                                                            \
                if (D != NULL) { /* all the dot products, no argmin */                                             \
                    for (long r = 0; r < m; r++) memcpy(D + (i0 + r) * ldd + c0, tile + r * 2 * W, (size_t)w * 8); \
                    continue;                                                                                      \
                }                                                                                                  \
                for (long r = 0; r < m; r++)                                                                       \
                    for (long c = 0; c < w; c++) {                                                                 \
                        const double key = cnorm[c0 + c] - 2 * tile[r * 2 * W + c];                                \
                        if (key < best[r]) best[r] = key, arg[r] = c0 + c;                                         \
                    }                                                                                              \
            }                                                                                                      \
            if (D == NULL)                                                                                         \
                for (long r = 0; r < m; r++) labels[i0 + r] = arg[r], keys[i0 + r] = best[r];                      \
        }                                                                                                          \
    }

SL_DTILE(tile_generic, , sl_tile_v2d, 4, 2)
SL_NEAREST(nearest_generic, tile_generic, , 4, 2)
#if SL_X86
SL_DTILE(tile_avx512, SL_TARGET_AVX512, sl_tile_v8d, 8, 8)
SL_NEAREST(nearest_avx512, tile_avx512, SL_TARGET_AVX512, 8, 8)
SL_DTILE(tile_avx2, SL_TARGET_AVX2, sl_tile_v4d, 4, 4)
SL_NEAREST(nearest_avx2, tile_avx2, SL_TARGET_AVX2, 4, 4)
#endif

void sl_dpack_centres(long d, const double *C, long ldc, long k, long kp, double *Ct) {
    for (long j = 0; j < d; j++) {
        for (long c = 0; c < k; c++) Ct[j * kp + c] = C[c * ldc + j];
        for (long c = k; c < kp; c++) Ct[j * kp + c] = 0;
    }
}

/// Packs the centres and runs the tile: the argmin when D is NULL, else every dot product into D.
static void nearest_run(long n, long d, const double *X, long ldx, const double *C, long ldc, long k,
                        const double *cnorm, long *labels, double *keys, double *D, long ldd) {
    if (n <= 0 || k <= 0) return;
    // 16 centres per register tile on every path (a multiple of each path's 2·W).
    const long kp = sl_round_up(k, 16);
    double *Ct = sl_gemm_scratch(SL_SCRATCH_DGEMM_B, (size_t)(kp * (d > 0 ? d : 1)) * sizeof(double));
    if (Ct == NULL) { // out of memory: slow but correct
        for (long i = 0; i < n; i++) {
            double best = INFINITY;
            long arg = 0;
            for (long c = 0; c < k; c++) {
                double dot = 0;
                for (long j = 0; j < d; j++) dot += X[i * ldx + j] * C[c * ldc + j];
                if (D != NULL) {
                    D[i * ldd + c] = dot;
                    continue;
                }
                const double key = cnorm[c] - 2 * dot;
                if (key < best) best = key, arg = c;
            }
            if (D == NULL) labels[i] = arg, keys[i] = best;
        }
        return;
    }
    sl_dpack_centres(d, C, ldc, k, kp, Ct);
#if SL_X86
    switch (sl_kernels()->isa) {
    case SL_ISA_AVX512: nearest_avx512(n, d, X, ldx, Ct, kp, k, cnorm, labels, keys, D, ldd); return;
    case SL_ISA_AVX2: nearest_avx2(n, d, X, ldx, Ct, kp, k, cnorm, labels, keys, D, ldd); return;
    default: break;
    }
#endif
    nearest_generic(n, d, X, ldx, Ct, kp, k, cnorm, labels, keys, D, ldd);
}

void sl_dnearest(long n, long d, const double *X, long ldx, const double *C, long ldc, long k, const double *cnorm,
                 long *labels, double *keys) {
    nearest_run(n, d, X, ldx, C, ldc, k, cnorm, labels, keys, NULL, 0);
}

void sl_ddots_few(long n, long d, const double *X, long ldx, const double *C, long ldc, long k, double *D, long ldd) {
    nearest_run(n, d, X, ldx, C, ldc, k, NULL, NULL, NULL, D, ldd);
}

// ---- C[n×m] = Bᵀ·A for a B of few columns (n ≤ 16 per pass): the weight-gradient share Rᵀ·X of a linear model. --
//
// Why: through the general dgemm, A (a block of the data, rows × features) is packed on every call although it is
// read once per product. Here B's few columns are packed (K × 16, zero-padded: a few KB), the rows of A are
// broadcast in place into an MR-column register tile, and each output sums over K in order.

// Out[(c0 + c)·ldc + i0 + r] = Σ_p A[p·lda + i0 + r] · Bp[p·16 + c0 + c] for one tile column block.
#define SL_DOTS_TN(NAME, TILE, ATTR, MR, W)                                                                        \
    ATTR static void NAME(long K, long m, const double *A, long lda, const double *restrict Bp, long n,            \
                          double *restrict C, long ldc) {                                                          \
        double tile[MR * 2 * W];                                                                                   \
        for (long i0 = 0; i0 < m; i0 += MR) {                                                                      \
            const long mm = sl_min_l(MR, m - i0);                                                                  \
            const double *cols[MR];                                                                                \
            for (int r = 0; r < MR; r++) cols[r] = A + i0 + (r < mm ? r : mm - 1); /* tail columns repeat */       \
            for (long c0 = 0; c0 < n; c0 += 2 * W) {                                                               \
                TILE(K, cols, lda, Bp + c0, 16, tile);                                                             \
                const long w = sl_min_l(2 * W, n - c0);                                                            \
                for (long c = 0; c < w; c++)                                                                       \
                    for (long r = 0; r < mm; r++) C[(c0 + c) * ldc + i0 + r] = tile[r * 2 * W + c];                \
            }                                                                                                      \
        }                                                                                                          \
    }

SL_DOTS_TN(dots_tn_generic, tile_generic, , 4, 2)
#if SL_X86
SL_DOTS_TN(dots_tn_avx512, tile_avx512, SL_TARGET_AVX512, 8, 8)
SL_DOTS_TN(dots_tn_avx2, tile_avx2, SL_TARGET_AVX2, 4, 4)
#endif

void sl_ddots_tn(long K, long m, const double *A, long lda, long n, const double *B, long ldb, double *C, long ldc) {
    if (m <= 0 || n <= 0) return;
    if (K <= 0) {
        for (long c = 0; c < n; c++) memset(C + c * ldc, 0, (size_t)m * sizeof(double));
        return;
    }
    double *Bp = sl_gemm_scratch(SL_SCRATCH_DGEMM_B, (size_t)(K * 16) * sizeof(double));
    for (long n0 = 0; n0 < n; n0 += 16) {
        const long nn = sl_min_l(16, n - n0);
        if (Bp == NULL) { // out of memory: slow but correct
            for (long c = 0; c < nn; c++)
                for (long i = 0; i < m; i++) {
                    double s = 0;
                    for (long p = 0; p < K; p++) s += A[p * lda + i] * B[p * ldb + n0 + c];
                    C[(n0 + c) * ldc + i] = s;
                }
            continue;
        }
        for (long p = 0; p < K; p++) {
            for (long c = 0; c < nn; c++) Bp[p * 16 + c] = B[p * ldb + n0 + c];
            for (long c = nn; c < 16; c++) Bp[p * 16 + c] = 0;
        }
        double *out = C + n0 * ldc;
#if SL_X86
        switch (sl_kernels()->isa) {
        case SL_ISA_AVX512: dots_tn_avx512(K, m, A, lda, Bp, nn, out, ldc); continue;
        case SL_ISA_AVX2: dots_tn_avx2(K, m, A, lda, Bp, nn, out, ldc); continue;
        default: break;
        }
#endif
        dots_tn_generic(K, m, A, lda, Bp, nn, out, ldc);
    }
}
