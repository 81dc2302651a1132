// gemm_microkernel_x86.c: the x86-64 SGEMM micro-kernels (AVX-512 and AVX2+FMA) and their packing routines.
//
// Why: the micro-kernel is where the FLOPs are. Each keeps an MR×NR tile of C in vector registers and, per k,
// loads one NR-wide row of the packed B panel and broadcasts MR values of the packed A panel into FMAs:
//   AVX-512: 8×32 tile = 16 zmm accumulators + 2 B vectors; 16 independent FMA chains cover the FMA latency.
//            Measured on Zen 4 (double-pumped 512-bit FMA, 32 KB L1D) against 14×32, 12×32, 6×32, 6×64, 8×48 and
//            kc 128..384: 8×32 with kc = 256 was fastest or tied on every shape (its 32 KB B micro-panel and
//            8-row A panels, packed with two 4×4 transposes, suit the small L1), ~1.1× the 14×32 tile on
//            skinny shapes. Tile and blocking can be overridden at compile time (SL_AVX512_MR/_NV/_KC/_MC/_NC)
//            for experiments.
//   AVX2:    6×16 tile = 12 ymm accumulators + 2 B vectors + 1 broadcast (the classic Haswell shape).
// Edge tiles (m < MR or n < NR) are stored with masks / row guards; packed panels are zero-padded, so the
// FMA loop itself never branches. Code is generated from target attributes, so no -march flag is needed.
#include "sl_internal.h"

#if SL_X86
#include <immintrin.h>

// ---- AVX-512 -------------------------------------------------------------------------------------------------

#ifndef SL_AVX512_MR
#define SL_AVX512_MR 8
#endif
#ifndef SL_AVX512_NV
#define SL_AVX512_NV 2
#endif
enum { MR512 = SL_AVX512_MR, NV512 = SL_AVX512_NV, NR512 = 16 * SL_AVX512_NV };

SL_TARGET_AVX512 static inline __mmask16 tail_mask16(long n) {
    return n >= 16 ? (__mmask16)0xFFFF : n <= 0 ? (__mmask16)0 : (__mmask16)((1u << n) - 1);
}

/// Body of the AVX-512 micro-kernel using the first `nv` (≤ NV512) vectors of each packed B row: nv = NV512 is
/// the full tile; nv = 1 serves edge panels at most 16 columns wide (e.g. N = 10) at half the FMAs.
SL_TARGET_AVX512 static inline __attribute__((always_inline)) void
ukr_avx512_body(const int nv, long kc, const float *restrict a, const float *restrict b, long ldb, float *restrict c,
                long ldc, float alpha, float beta, long m, long n) {
    __m512 acc[MR512][NV512];
#pragma clang loop unroll(full)
    for (int r = 0; r < MR512; r++)
#pragma clang loop unroll(full)
        for (int v = 0; v < nv; v++) acc[r][v] = _mm512_setzero_ps();

#pragma clang loop unroll(full)
    for (int r = 0; r < MR512; r++) {
        // Every cache line of the tile's row, the last one too when C is not 64-byte aligned: the adjacent-line
        // prefetcher does not fetch them, and at 2048² (C far larger than L2) the missing lines cost ~3 %.
#pragma clang loop unroll(full)
        for (int v = 0; v < nv; v++) _mm_prefetch((const char *)(c + r * ldc + 16 * v), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + r * ldc + 16 * nv - 1), _MM_HINT_T0);
    }

    for (long p = 0; p < kc; p++) {
        __m512 bv[NV512];
#pragma clang loop unroll(full)
        for (int v = 0; v < nv; v++) bv[v] = _mm512_loadu_ps(b + 16 * v);
#pragma clang loop unroll(full)
        for (int r = 0; r < MR512; r++) {
            __m512 av = _mm512_set1_ps(a[r]);
#pragma clang loop unroll(full)
            for (int v = 0; v < nv; v++) acc[r][v] = _mm512_fmadd_ps(av, bv[v], acc[r][v]);
        }
        a += MR512;
        b += ldb;
    }

    const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
    if (m == MR512 && n == 16 * nv) {
        if (beta == 0) {
#pragma clang loop unroll(full)
            for (int r = 0; r < MR512; r++)
#pragma clang loop unroll(full)
                for (int v = 0; v < nv; v++) _mm512_storeu_ps(c + r * ldc + 16 * v, _mm512_mul_ps(va, acc[r][v]));
        } else if (beta == 1) {
#pragma clang loop unroll(full)
            for (int r = 0; r < MR512; r++)
#pragma clang loop unroll(full)
                for (int v = 0; v < nv; v++) {
                    float *cp = c + r * ldc + 16 * v;
                    _mm512_storeu_ps(cp, _mm512_fmadd_ps(va, acc[r][v], _mm512_loadu_ps(cp)));
                }
        } else {
#pragma clang loop unroll(full)
            for (int r = 0; r < MR512; r++)
#pragma clang loop unroll(full)
                for (int v = 0; v < nv; v++) {
                    float *cp = c + r * ldc + 16 * v;
                    _mm512_storeu_ps(cp, _mm512_fmadd_ps(va, acc[r][v], _mm512_mul_ps(vb, _mm512_loadu_ps(cp))));
                }
        }
        return;
    }
    __mmask16 mask[NV512];
#pragma clang loop unroll(full)
    for (int v = 0; v < nv; v++) mask[v] = tail_mask16(n - 16 * v);
#pragma clang loop unroll(full)
    for (int r = 0; r < MR512; r++) {
        if (r >= m) break;
#pragma clang loop unroll(full)
        for (int v = 0; v < nv; v++) {
            float *cp = c + r * ldc + 16 * v;
            __m512 out = _mm512_mul_ps(va, acc[r][v]);
            if (beta != 0) out = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(mask[v], cp), out);
            _mm512_mask_storeu_ps(cp, mask[v], out);
        }
    }
}

SL_TARGET_AVX512 static void ukr_avx512(long kc, const float *restrict a, const float *restrict b,
                                        float *restrict c, long ldc, float alpha, float beta, long m, long n) {
    ukr_avx512_body(NV512, kc, a, b, NR512, c, ldc, alpha, beta, m, n);
}

/// The full-width kernel reading op(B) = B straight from memory (row stride ldb) instead of a packed panel:
/// used when M is small, so that packing B would cost more than re-reading it (gemm.c).
SL_TARGET_AVX512 static void ukr_avx512_bstride(long kc, const float *restrict a, const float *restrict b, long ldb,
                                                float *restrict c, long ldc, float alpha, float beta, long m) {
    ukr_avx512_body(NV512, kc, a, b, ldb, c, ldc, alpha, beta, m, NR512);
}

SL_TARGET_AVX512 static void ukr_avx512_half(long kc, const float *restrict a, const float *restrict b,
                                             float *restrict c, long ldc, float alpha, float beta, long m, long n) {
    ukr_avx512_body(1, kc, a, b, NR512, c, ldc, alpha, beta, m, n);
}

#define SL_PACK_MR MR512
#define SL_PACK_NR NR512
#define SL_PACK_ATTR SL_TARGET_AVX512
#define SL_PACK_PREFIX pack_avx512
#include "gemm_pack_template.h"

#define SL_VW 16
#define SL_GS_ATTR SL_TARGET_AVX512
#define SL_GS_NAME gemm_small_avx512
#include "gemm_small_template.h"
#undef SL_VW

/// Narrow products (op(B) = B with N ≤ 32 columns and K·N ≤ SL_TINY_MAX_KN, any M): computed straight from the
/// operands with no packing. Each row of C (one or two 16-wide vectors, masked at the right edge) is an
/// accumulator; per k, the row of B is loaded once (masked, so the load never runs past the matrix) and MM rows
/// of op(A) are broadcast into it: C[i,:] += A[i,p] · B[p,:]. For 32×128 · 128×10 packing cost more than the
/// FMAs (2.2 µs blocked vs 1.16 µs here, at the FMA bound for 10 of 16 lanes).
SL_TARGET_AVX512 static inline __attribute__((always_inline)) void
tiny_avx512_rows(const int MM, const int nv, int transA, long K, float alpha, const float *restrict A, long lda,
                 const float *restrict B, long ldb, float beta, float *restrict C, long ldc, __mmask16 m0,
                 __mmask16 m1) {
    __m512 acc[8][2];
#pragma clang loop unroll(full)
    for (int i = 0; i < MM; i++)
#pragma clang loop unroll(full)
        for (int v = 0; v < nv; v++) acc[i][v] = _mm512_setzero_ps();
    if (!transA) {
        for (long p = 0; p < K; p++) {
            const __m512 b0 = _mm512_maskz_loadu_ps(m0, B + p * ldb);
            const __m512 b1 = nv > 1 ? _mm512_maskz_loadu_ps(m1, B + p * ldb + 16) : b0;
#pragma clang loop unroll(full)
            for (int i = 0; i < MM; i++) {
                const __m512 a = _mm512_set1_ps(A[i * lda + p]);
                acc[i][0] = _mm512_fmadd_ps(a, b0, acc[i][0]);
                if (nv > 1) acc[i][1] = _mm512_fmadd_ps(a, b1, acc[i][1]);
            }
        }
    } else {
        for (long p = 0; p < K; p++) {
            const __m512 b0 = _mm512_maskz_loadu_ps(m0, B + p * ldb);
            const __m512 b1 = nv > 1 ? _mm512_maskz_loadu_ps(m1, B + p * ldb + 16) : b0;
#pragma clang loop unroll(full)
            for (int i = 0; i < MM; i++) {
                const __m512 a = _mm512_set1_ps(A[p * lda + i]);
                acc[i][0] = _mm512_fmadd_ps(a, b0, acc[i][0]);
                if (nv > 1) acc[i][1] = _mm512_fmadd_ps(a, b1, acc[i][1]);
            }
        }
    }
    const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
#pragma clang loop unroll(full)
    for (int i = 0; i < MM; i++)
#pragma clang loop unroll(full)
        for (int v = 0; v < nv; v++) {
            const __mmask16 mk = v ? m1 : m0;
            float *cp = C + i * ldc + 16 * v;
            __m512 out = alpha == 1 ? acc[i][v] : _mm512_mul_ps(va, acc[i][v]);
            if (beta != 0) out = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(mk, cp), out);
            _mm512_mask_storeu_ps(cp, mk, out);
        }
}

/// All rows for one block of ≤ 16·nv columns: 8 rows at a time, then 4, 2, 1.
SL_TARGET_AVX512 static inline __attribute__((always_inline)) void
tiny_avx512_cols(const int nv, int transA, long M, long K, float alpha, const float *A, long lda, const float *B,
                 long ldb, float beta, float *C, long ldc, __mmask16 m0, __mmask16 m1) {
    const long sa = transA ? 1 : lda; // step between rows of op(A)
    long i = 0;
    for (; i + 8 <= M; i += 8)
        tiny_avx512_rows(8, nv, transA, K, alpha, A + i * sa, lda, B, ldb, beta, C + i * ldc, ldc, m0, m1);
    if (i + 4 <= M) {
        tiny_avx512_rows(4, nv, transA, K, alpha, A + i * sa, lda, B, ldb, beta, C + i * ldc, ldc, m0, m1);
        i += 4;
    }
    if (i + 2 <= M) {
        tiny_avx512_rows(2, nv, transA, K, alpha, A + i * sa, lda, B, ldb, beta, C + i * ldc, ldc, m0, m1);
        i += 2;
    }
    if (i < M) tiny_avx512_rows(1, nv, transA, K, alpha, A + i * sa, lda, B, ldb, beta, C + i * ldc, ldc, m0, m1);
}

// op(B) (K × ≤ 32 floats) is re-read from cache per 8 rows of A, so it must fit in L2: measured faster than the
// blocked path for every M with N ≤ 32 up to K·N = 256K (1 MB), e.g. 1.16 vs 2.2 µs (32×128·128×10), 4.5 vs 7.0 µs
// (64×256·256×16), 600 vs 726 µs (1024×1024·1024×32); A and C are each touched once per 32 columns.
#ifndef SL_TINY_MAX_KN
#define SL_TINY_MAX_KN (256 * 1024)
#endif
#ifndef SL_TINY_MAX_N
#define SL_TINY_MAX_N 32
#endif

SL_TARGET_AVX512 static int gemm_tiny_avx512(int transA, int transB, long M, long N, long K, float alpha,
                                             const float *A, long lda, const float *B, long ldb, float beta,
                                             float *C, long ldc) {
    if (transB || N > SL_TINY_MAX_N || K * N > SL_TINY_MAX_KN) return 0;
    for (long j = 0; j < N; j += 32) {
        const long n = N - j < 32 ? N - j : 32;
        const __mmask16 m0 = tail_mask16(n), m1 = tail_mask16(n - 16);
        if (n > 16) tiny_avx512_cols(2, transA, M, K, alpha, A, lda, B + j, ldb, beta, C + j, ldc, m0, m1);
        else tiny_avx512_cols(1, transA, M, K, alpha, A, lda, B + j, ldb, beta, C + j, ldc, m0, m1);
    }
    return 1;
}

#ifndef SL_AVX512_KC
#define SL_AVX512_KC 256
#endif
#ifndef SL_AVX512_MC
#define SL_AVX512_MC (MR512 * 24)
#endif
#ifndef SL_AVX512_NC
#define SL_AVX512_NC 2048
#endif

const sl_gemm_config sl_gemm_config_avx512 = {
    .mr = MR512, .nr = NR512, .kc = SL_AVX512_KC, .mc = SL_AVX512_MC, .nc = SL_AVX512_NC,
    .ukr = ukr_avx512, .ukr_narrow = ukr_avx512_half, .ukr_bstride = ukr_avx512_bstride, .small_m = gemm_small_avx512,
    .tiny = gemm_tiny_avx512,
    .pack_a = pack_avx512_a, .pack_b = pack_avx512_b,
};

// ---- AVX2 + FMA ----------------------------------------------------------------------------------------------

enum { MR256 = 6, NV256 = 2, NR256 = 16 };

SL_TARGET_AVX2 static inline __m256i tail_mask8(long n) {
    const __m256i iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    int k = n >= 8 ? 8 : n <= 0 ? 0 : (int)n;
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(k), iota);
}

SL_TARGET_AVX2 static void ukr_avx2(long kc, const float *restrict a, const float *restrict b, float *restrict c,
                                    long ldc, float alpha, float beta, long m, long n) {
    __m256 acc[MR256][NV256];
#pragma clang loop unroll(full)
    for (int r = 0; r < MR256; r++)
#pragma clang loop unroll(full)
        for (int v = 0; v < NV256; v++) acc[r][v] = _mm256_setzero_ps();

#pragma clang loop unroll(full)
    for (int r = 0; r < MR256; r++) _mm_prefetch((const char *)(c + r * ldc), _MM_HINT_T0);

    for (long p = 0; p < kc; p++) {
        __m256 bv[NV256];
#pragma clang loop unroll(full)
        for (int v = 0; v < NV256; v++) bv[v] = _mm256_load_ps(b + 8 * v);
#pragma clang loop unroll(full)
        for (int r = 0; r < MR256; r++) {
            __m256 av = _mm256_broadcast_ss(a + r);
#pragma clang loop unroll(full)
            for (int v = 0; v < NV256; v++) acc[r][v] = _mm256_fmadd_ps(av, bv[v], acc[r][v]);
        }
        a += MR256;
        b += NR256;
    }

    const __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
    if (m == MR256 && n == NR256) {
#pragma clang loop unroll(full)
        for (int r = 0; r < MR256; r++)
#pragma clang loop unroll(full)
            for (int v = 0; v < NV256; v++) {
                float *cp = c + r * ldc + 8 * v;
                __m256 out = _mm256_mul_ps(va, acc[r][v]);
                if (beta != 0) out = _mm256_fmadd_ps(vb, _mm256_loadu_ps(cp), out);
                _mm256_storeu_ps(cp, out);
            }
        return;
    }
    __m256i mask[NV256];
#pragma clang loop unroll(full)
    for (int v = 0; v < NV256; v++) mask[v] = tail_mask8(n - 8 * v);
#pragma clang loop unroll(full)
    for (int r = 0; r < MR256; r++) {
        if (r >= m) break;
#pragma clang loop unroll(full)
        for (int v = 0; v < NV256; v++) {
            float *cp = c + r * ldc + 8 * v;
            __m256 out = _mm256_mul_ps(va, acc[r][v]);
            if (beta != 0) out = _mm256_fmadd_ps(vb, _mm256_maskload_ps(cp, mask[v]), out);
            _mm256_maskstore_ps(cp, mask[v], out);
        }
    }
}

#define SL_PACK_MR MR256
#define SL_PACK_NR NR256
#define SL_PACK_ATTR SL_TARGET_AVX2
#define SL_PACK_PREFIX pack_avx2
#include "gemm_pack_template.h"

#define SL_VW 8
#define SL_GS_ATTR SL_TARGET_AVX2
#define SL_GS_NAME gemm_small_avx2
#define gs_vf gs_vf8
#define gs_load gs_load8
#define gs_store gs_store8
#define gs_hsum gs_hsum8
#define gs_out gs_out8
#define gs_rows_plain gs_rows_plain8
#define gs_rows_dot gs_rows_dot8
#include "gemm_small_template.h"
#undef SL_VW

const sl_gemm_config sl_gemm_config_avx2 = {
    .mr = MR256, .nr = NR256, .kc = 256, .mc = MR256 * 24, .nc = 2048,
    .ukr = ukr_avx2, .small_m = gemm_small_avx2, .pack_a = pack_avx2_a, .pack_b = pack_avx2_b,
};

#endif // SL_X86
