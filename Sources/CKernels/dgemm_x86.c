// dgemm_x86.c: the x86-64 Float64 GEMM micro-kernels (AVX-512 and AVX2+FMA), driven by dgemm.c.
//
// Why: each keeps an MR×NR tile of C in registers; per k it loads one NR-wide row of the packed B panel and
// broadcasts MR values of the packed A panel into FMAs:
//   AVX-512: 8×16 doubles = 16 zmm accumulators (2 per row), enough independent chains to cover the FMA latency.
//   AVX2:    6×8 doubles = 12 ymm accumulators (the classic Haswell shape in Float64).
// Edge tiles (m < MR, n < NR) are stored with masks and row guards; packed panels are zero-padded, so the FMA
// loop never branches.
#include "sl_internal.h"

#if SL_X86
#include <immintrin.h>

SL_TARGET_AVX512 static __mmask8 dmask8(long n) {
    return n >= 8 ? (__mmask8)0xFF : n <= 0 ? (__mmask8)0 : (__mmask8)((1u << n) - 1);
}

SL_TARGET_AVX512 static void dukr_avx512(long kc, const double *restrict a, const double *restrict b,
                                         double *restrict c, long ldc, double alpha, double beta, long m, long n) {
    enum { MR = 8 };
    __m512d acc[MR][2];
#pragma clang loop unroll(full)
    for (int r = 0; r < MR; r++) acc[r][0] = acc[r][1] = _mm512_setzero_pd();
    for (long p = 0; p < kc; p++) {
        const __m512d b0 = _mm512_load_pd(b), b1 = _mm512_load_pd(b + 8);
#pragma clang loop unroll(full)
        for (int r = 0; r < MR; r++) {
            const __m512d av = _mm512_set1_pd(a[r]);
            acc[r][0] = _mm512_fmadd_pd(av, b0, acc[r][0]);
            acc[r][1] = _mm512_fmadd_pd(av, b1, acc[r][1]);
        }
        a += MR;
        b += 16;
    }
    const __m512d va = _mm512_set1_pd(alpha), vb = _mm512_set1_pd(beta);
    const __mmask8 m0 = dmask8(n), m1 = dmask8(n - 8);
#pragma clang loop unroll(full)
    for (int r = 0; r < MR; r++) {
        if (r >= m) break;
        double *cp = c + r * ldc;
        __m512d o0 = _mm512_mul_pd(va, acc[r][0]), o1 = _mm512_mul_pd(va, acc[r][1]);
        if (beta != 0) {
            o0 = _mm512_fmadd_pd(vb, _mm512_maskz_loadu_pd(m0, cp), o0);
            o1 = _mm512_fmadd_pd(vb, _mm512_maskz_loadu_pd(m1, cp + 8), o1);
        }
        _mm512_mask_storeu_pd(cp, m0, o0);
        _mm512_mask_storeu_pd(cp + 8, m1, o1);
    }
}

const sl_dgemm_config sl_dgemm_config_avx512 = {.mr = 8, .nr = 16, .kc = 256, .mc = 96, .nc = 2048, .ukr = dukr_avx512};

SL_TARGET_AVX2 static __m256i dmask4(long n) {
    const __m256i iota = _mm256_setr_epi64x(0, 1, 2, 3);
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x(n < 0 ? 0 : n), iota);
}

SL_TARGET_AVX2 static void dukr_avx2(long kc, const double *restrict a, const double *restrict b, double *restrict c,
                                     long ldc, double alpha, double beta, long m, long n) {
    enum { MR = 6 };
    __m256d acc[MR][2];
#pragma clang loop unroll(full)
    for (int r = 0; r < MR; r++) acc[r][0] = acc[r][1] = _mm256_setzero_pd();
    for (long p = 0; p < kc; p++) {
        const __m256d b0 = _mm256_load_pd(b), b1 = _mm256_load_pd(b + 4);
#pragma clang loop unroll(full)
        for (int r = 0; r < MR; r++) {
            const __m256d av = _mm256_broadcast_sd(a + r);
            acc[r][0] = _mm256_fmadd_pd(av, b0, acc[r][0]);
            acc[r][1] = _mm256_fmadd_pd(av, b1, acc[r][1]);
        }
        a += MR;
        b += 8;
    }
    const __m256d va = _mm256_set1_pd(alpha), vb = _mm256_set1_pd(beta);
    const __m256i m0 = dmask4(n), m1 = dmask4(n - 4);
#pragma clang loop unroll(full)
    for (int r = 0; r < MR; r++) {
        if (r >= m) break;
        double *cp = c + r * ldc;
        __m256d o0 = _mm256_mul_pd(va, acc[r][0]), o1 = _mm256_mul_pd(va, acc[r][1]);
        if (beta != 0) {
            o0 = _mm256_fmadd_pd(vb, _mm256_maskload_pd(cp, m0), o0);
            o1 = _mm256_fmadd_pd(vb, _mm256_maskload_pd(cp + 4, m1), o1);
        }
        _mm256_maskstore_pd(cp, m0, o0);
        _mm256_maskstore_pd(cp + 4, m1, o1);
    }
}

const sl_dgemm_config sl_dgemm_config_avx2 = {.mr = 6, .nr = 8, .kc = 256, .mc = 72, .nc = 2048, .ukr = dukr_avx2};

#endif // SL_X86
