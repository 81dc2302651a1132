// peak_fma.c: a throughput probe for the benchmark. Twelve independent accumulator chains hide the FMA
// latency (4-cycle FMA latency × 2 pipes needs at least 8 chains), so the loop runs at the FMA units' rate.
#include "CKernelsPeak.h"
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx512f")))
static double peak_avx512(long iterations, float *sink) {
    __m512 acc[12];
    for (int i = 0; i < 12; i++) acc[i] = _mm512_set1_ps((float)i * 1e-3f);
    const __m512 m = _mm512_set1_ps(0.999999f), a = _mm512_set1_ps(1e-7f);
    for (long it = 0; it < iterations; it++) {
        for (int i = 0; i < 12; i++) acc[i] = _mm512_fmadd_ps(acc[i], m, a);
    }
    __m512 s = acc[0];
    for (int i = 1; i < 12; i++) s = _mm512_add_ps(s, acc[i]);
    *sink += _mm512_reduce_add_ps(s);
    return (double)iterations * 12.0 * 16.0 * 2.0;
}

__attribute__((target("avx2,fma")))
static double peak_avx2(long iterations, float *sink) {
    __m256 acc[12];
    for (int i = 0; i < 12; i++) acc[i] = _mm256_set1_ps((float)i * 1e-3f);
    const __m256 m = _mm256_set1_ps(0.999999f), a = _mm256_set1_ps(1e-7f);
    for (long it = 0; it < iterations; it++) {
        for (int i = 0; i < 12; i++) acc[i] = _mm256_fmadd_ps(acc[i], m, a);
    }
    __m256 s = acc[0];
    for (int i = 1; i < 12; i++) s = _mm256_add_ps(s, acc[i]);
    float lanes[8];
    _mm256_storeu_ps(lanes, s);
    for (int i = 0; i < 8; i++) *sink += lanes[i];
    return (double)iterations * 12.0 * 8.0 * 2.0;
}
#endif

static double peak_generic(long iterations, float *sink) {
    float acc[12][4];
    for (int i = 0; i < 12; i++) for (int j = 0; j < 4; j++) acc[i][j] = (float)(i + j) * 1e-3f;
    for (long it = 0; it < iterations; it++) {
        for (int i = 0; i < 12; i++) for (int j = 0; j < 4; j++) acc[i][j] = acc[i][j] * 0.999999f + 1e-7f;
    }
    for (int i = 0; i < 12; i++) for (int j = 0; j < 4; j++) *sink += acc[i][j];
    return (double)iterations * 12.0 * 4.0 * 2.0;
}

double sl_peak_fma_flops(long iterations, float *sink) {
#if defined(__x86_64__)
    switch (sl_active_isa()) {
    case SL_ISA_AVX512: return peak_avx512(iterations, sink);
    case SL_ISA_AVX2: return peak_avx2(iterations, sink);
    default: break;
    }
#endif
    return peak_generic(iterations, sink);
}
