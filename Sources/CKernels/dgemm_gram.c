// dgemm_gram.c: the shifted Gram matrix Σᵣ (xᵣ − s)(xᵣ − s)ᵀ of a tall, narrow Float64 matrix, upper triangle only.
//
// Why: PCA on tall data (scikit-learn's covariance_eigh solver) needs XᵀX of the centred data. Through the general
// dgemm that is a centred copy of X (one more pass over memory), two packings of the same rows (as op(A) and as
// op(B)) and the full d×d product, although it is symmetric. Here each block of rows is packed once, shifted on
// the way (the shift is a cheap estimate of the mean, so the centring costs nothing and the rank-one correction
// G − n·δδᵀ the caller applies loses no accuracy), its column sums are taken in the same pass, and only the tiles
// that touch the upper triangle are computed. The register tile is dgemm_tile.h's, compiled per ISA (AVX-512:
// 8×16, AVX2: 4×8, SSE2/NEON: 4×4).
#include "sl_internal.h"

#include "dgemm_tile.h"

/// Packs rows [0, kc) of X minus `shift` into P[p·dp + j] (zero-padded to dp columns) and adds them to `sums`.
#define SL_GRAM_PACK(NAME, ATTR)                                                                                   \
    ATTR static void NAME(long kc, long d, long dp, const double *X, long ldx, const double *restrict shift,        \
                          double *restrict P, double *restrict sums) {                                             \
        for (long p = 0; p < kc; p++) {                                                                            \
            const double *restrict src = X + p * ldx;                                                              \
            double *restrict dst = P + p * dp;                                                                     \
            for (long j = 0; j < d; j++) {                                                                         \
                const double v = src[j] - shift[j];                                                                \
                dst[j] = v;                                                                                        \
                sums[j] += v;                                                                                      \
            }                                                                                                      \
            for (long j = d; j < dp; j++) dst[j] = 0;                                                              \
        }                                                                                                          \
    }

SL_DTILE(gram_tile_generic, , sl_tile_v2d, 4, 2)
SL_GRAM_PACK(gram_pack_generic, )
#if SL_X86
SL_DTILE(gram_tile_avx512, SL_TARGET_AVX512, sl_tile_v8d, 8, 8)
SL_GRAM_PACK(gram_pack_avx512, SL_TARGET_AVX512)
SL_DTILE(gram_tile_avx2, SL_TARGET_AVX2, sl_tile_v4d, 4, 4)
SL_GRAM_PACK(gram_pack_avx2, SL_TARGET_AVX2)
#endif

typedef void (*gram_tile_fn)(long, const double *const *, long, const double *, long, double *);
typedef void (*gram_pack_fn)(long, long, long, const double *, long, const double *, double *, double *);

void sl_dgram_shifted(long n, long d, const double *X, long ldx, const double *shift, double *G, long ldg,
                      double *sums) {
    if (n <= 0 || d <= 0) return;
    gram_tile_fn tile = gram_tile_generic;
    gram_pack_fn pack = gram_pack_generic;
    long mr = 4, nr = 4;
#if SL_X86
    switch (sl_kernels()->isa) {
    case SL_ISA_AVX512: tile = gram_tile_avx512, pack = gram_pack_avx512, mr = 8, nr = 16; break;
    case SL_ISA_AVX2: tile = gram_tile_avx2, pack = gram_pack_avx2, mr = 4, nr = 8; break;
    default: break;
    }
#endif
    const long dp = sl_round_up(d, 16);
    // A packed block of about 128 KB: it stays in L2 while every tile streams through it.
    long kc = 16384 / dp;
    kc = kc < 16 ? 16 : kc > 256 ? 256 : kc;
    double *P = sl_gemm_scratch(SL_SCRATCH_DGEMM_A, (size_t)(kc * dp) * sizeof(double));
    if (P == NULL) { // out of memory: slow but correct
        for (long r = 0; r < n; r++) {
            const double *x = X + r * ldx;
            for (long i = 0; i < d; i++) {
                const double xi = x[i] - shift[i];
                sums[i] += xi;
                for (long j = i; j < d; j++) G[i * ldg + j] += xi * (x[j] - shift[j]);
            }
        }
        return;
    }
    double out[8 * 16];
    long tiles_per_block = 0;
    for (long i0 = 0; i0 < d; i0 += mr) tiles_per_block += sl_ceil_div(d - (i0 / nr) * nr, nr);
    for (long r0 = 0; r0 < n; r0 += kc) {
        const long rows = sl_min_l(kc, n - r0);
        pack(rows, d, dp, X + r0 * ldx, ldx, shift, P, sums);
        // While the tiles run on the packed block (no memory traffic), the next block is fetched into cache a
        // few lines per tile: the hardware prefetcher alone restarts cold at every block.
        const char *next = (const char *)(X + (r0 + rows) * ldx);
        const long next_rows = sl_min_l(kc, n - r0 - rows);
        const long next_lines = next_rows > 0 ? sl_ceil_div((next_rows * ldx - (ldx - d)) * (long)sizeof(double), 64) : 0;
        const long lines_per_tile = sl_ceil_div(next_lines, tiles_per_block);
        long fetched = 0;
        for (long i0 = 0; i0 < d; i0 += mr) {
            const long m = sl_min_l(mr, d - i0);
            const double *a[8];
            for (long r = 0; r < mr; r++) a[r] = P + i0 + r; // padded columns: within the row (dp ≥ i0 + mr)
            // The first tile column holding an entry with j ≥ i0.
            for (long j0 = (i0 / nr) * nr; j0 < d; j0 += nr) {
                for (long l = 0; l < lines_per_tile && fetched < next_lines; l++, fetched++)
                    __builtin_prefetch(next + fetched * 64, 0, 2);
                tile(rows, a, dp, P + j0, dp, out);
                const long w = sl_min_l(nr, d - j0);
                for (long r = 0; r < m; r++) {
                    double *g = G + (i0 + r) * ldg;
                    for (long c = i0 + r > j0 ? i0 + r - j0 : 0; c < w; c++) g[j0 + c] += out[r * nr + c];
                }
            }
        }
        for (; fetched < next_lines; fetched++) __builtin_prefetch(next + fetched * 64, 0, 2);
    }
}
