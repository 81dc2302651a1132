// dgemm_tile.h: the one register tile of the narrow Float64 kernels (dgemm_gram.c, dgemm_nearest.c).
//
// Why: the shifted Gram matrix, the nearest-centre search and the narrow products Bᵀ·A all accumulate
// out[r][c] = Σ_p a_r[p·lda] · b[p·ldb + c] for MR row pointers a_r and 2·W contiguous values of b; only where
// a_r and b point differs. Written once with clang vector types; each file instantiates it per ISA with the target
// attribute (AVX-512: MR 8, W 8; AVX2: MR 4, W 4; SSE2/NEON: MR 4, W 2), and the compiler fuses a·b + acc into FMAs.
#ifndef SWIFTLEARN_CKERNELS_DGEMM_TILE_H
#define SWIFTLEARN_CKERNELS_DGEMM_TILE_H

#include <string.h>

typedef double sl_tile_v8d __attribute__((ext_vector_type(8)));
typedef double sl_tile_v4d __attribute__((ext_vector_type(4)));
typedef double sl_tile_v2d __attribute__((ext_vector_type(2)));

/// Defines `NAME(K, a, lda, b, ldb, out)`: out[r·2W + c] = Σ_{p<K} a[r][p·lda] · b[p·ldb + c], r < MR, c < 2W.
#define SL_DTILE(NAME, ATTR, VT, MR, W)                                                                            \
    ATTR static void NAME(long K, const double *const a[MR], long lda, const double *b, long ldb,                  \
                          double *restrict out) {                                                                  \
        VT acc[MR][2];                                                                                             \
        _Pragma("clang loop unroll(full)") for (int r = 0; r < MR; r++) acc[r][0] = acc[r][1] = 0;                 \
        for (long p = 0; p < K; p++, b += ldb) {                                                                   \
            VT b0, b1;                                                                                             \
            memcpy(&b0, b, sizeof b0);                                                                             \
            memcpy(&b1, b + W, sizeof b1);                                                                         \
            _Pragma("clang loop unroll(full)") for (int r = 0; r < MR; r++) {                                      \
                const double av = a[r][p * lda];                                                                   \
                acc[r][0] += av * b0;                                                                              \
                acc[r][1] += av * b1;                                                                              \
            }                                                                                                      \
        }                                                                                                          \
        _Pragma("clang loop unroll(full)") for (int r = 0; r < MR; r++) {                                          \
            memcpy(out + r * 2 * W, &acc[r][0], sizeof acc[r][0]);                                                 \
            memcpy(out + r * 2 * W + W, &acc[r][1], sizeof acc[r][1]);                                             \
        }                                                                                                          \
    }

#endif
