// vector_search.c: distances from one query to many stored rows, and the Float32 running k-smallest selection.
//
// Why: an HNSW walk scores a node's neighbours a handful at a time (a gather of scattered rows, not a GEMM), and
// at width 384 each score is a few dozen FMAs, so the loop's width decides the walk's speed. Each copy below
// is compiled for its ISA with a target attribute (no build flags); the next row is prefetched while the current
// one is scored, because the rows are scattered over memory. Exact search scores in blocks with the GEMM and keeps
// the k best with sl_stopk_merge, the Float32 twin of selection.c.
#include "sl_internal.h"

#include <math.h>

#if SL_X86
#include <immintrin.h>
#endif

static inline const float *row_ptr(const float *base, long dim, const int *ids, long i) {
    return base + (ids ? (long)ids[i] : i) * dim;
}

static inline void prefetch_row(const float *p, long dim) {
    // Every cache line of the row: rows are scattered, and one row of width 384 is 24 lines.
    for (long l = 0; l < dim; l += 16) __builtin_prefetch(p + l, 0, 3);
}

// ---- generic ---------------------------------------------------------------------------------------------------

static float dot_generic(const float *a, const float *b, long d) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    long i = 0;
    for (; i + 4 <= d; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    for (; i < d; i++) s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
}

static float l2sq_generic(const float *a, const float *b, long d) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    long i = 0;
    for (; i + 4 <= d; i += 4) {
        float t0 = a[i] - b[i], t1 = a[i + 1] - b[i + 1], t2 = a[i + 2] - b[i + 2], t3 = a[i + 3] - b[i + 3];
        s0 += t0 * t0;
        s1 += t1 * t1;
        s2 += t2 * t2;
        s3 += t3 * t3;
    }
    for (; i < d; i++) {
        float t = a[i] - b[i];
        s0 += t * t;
    }
    return (s0 + s1) + (s2 + s3);
}

#if SL_X86
// ---- AVX2 + FMA ------------------------------------------------------------------------------------------------

SL_TARGET_AVX2 static inline float hsum256(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
    return _mm_cvtss_f32(s);
}

SL_TARGET_AVX2 static float dot_avx2(const float *a, const float *b, long d) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    long i = 0;
    for (; i + 16 <= d; i += 16) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
    }
    for (; i + 8 <= d; i += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    float s = hsum256(_mm256_add_ps(s0, s1));
    for (; i < d; i++) s += a[i] * b[i];
    return s;
}

SL_TARGET_AVX2 static float l2sq_avx2(const float *a, const float *b, long d) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    long i = 0;
    for (; i + 16 <= d; i += 16) {
        __m256 t0 = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
        __m256 t1 = _mm256_sub_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8));
        s0 = _mm256_fmadd_ps(t0, t0, s0);
        s1 = _mm256_fmadd_ps(t1, t1, s1);
    }
    for (; i + 8 <= d; i += 8) {
        __m256 t = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
        s0 = _mm256_fmadd_ps(t, t, s0);
    }
    float s = hsum256(_mm256_add_ps(s0, s1));
    for (; i < d; i++) {
        float t = a[i] - b[i];
        s += t * t;
    }
    return s;
}

// ---- AVX-512 ---------------------------------------------------------------------------------------------------

SL_TARGET_AVX512 static float dot_avx512(const float *a, const float *b, long d) {
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    long i = 0;
    for (; i + 32 <= d; i += 32) {
        s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), s0);
        s1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16), s1);
    }
    for (; i + 16 <= d; i += 16) s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), s0);
    if (i < d) {
        __mmask16 m = (__mmask16)((1u << (d - i)) - 1);
        s1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i), s1);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
}

SL_TARGET_AVX512 static float l2sq_avx512(const float *a, const float *b, long d) {
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    long i = 0;
    for (; i + 32 <= d; i += 32) {
        __m512 t0 = _mm512_sub_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i));
        __m512 t1 = _mm512_sub_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16));
        s0 = _mm512_fmadd_ps(t0, t0, s0);
        s1 = _mm512_fmadd_ps(t1, t1, s1);
    }
    for (; i + 16 <= d; i += 16) {
        __m512 t = _mm512_sub_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i));
        s0 = _mm512_fmadd_ps(t, t, s0);
    }
    if (i < d) {
        __mmask16 m = (__mmask16)((1u << (d - i)) - 1);
        __m512 t = _mm512_sub_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i));
        s1 = _mm512_fmadd_ps(t, t, s1);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
}
#endif

// ---- the row loops (one per ISA so the distance inlines) -----------------------------------------------------

// Rows are fetched two ahead: one row's FMAs take less time than a miss to memory.
#define SL_ROWS_LOOP(fn)                                                                                          \
    if (n > 0) prefetch_row(row_ptr(base, dim, ids, 0), dim);                                                     \
    if (n > 1) prefetch_row(row_ptr(base, dim, ids, 1), dim);                                                     \
    for (long i = 0; i < n; i++) {                                                                                \
        if (i + 2 < n) prefetch_row(row_ptr(base, dim, ids, i + 2), dim);                                         \
        out[i] = fn(q, row_ptr(base, dim, ids, i), dim);                                                          \
    }

static void dot_rows_generic(const float *q, const float *base, long dim, const int *ids, long n, float *out) {
    SL_ROWS_LOOP(dot_generic)
}
static void l2_rows_generic(const float *q, const float *base, long dim, const int *ids, long n, float *out) {
    SL_ROWS_LOOP(l2sq_generic)
}
#if SL_X86
SL_TARGET_AVX2 static void dot_rows_avx2(const float *q, const float *base, long dim, const int *ids, long n, float *out) {
    SL_ROWS_LOOP(dot_avx2)
}
SL_TARGET_AVX2 static void l2_rows_avx2(const float *q, const float *base, long dim, const int *ids, long n, float *out) {
    SL_ROWS_LOOP(l2sq_avx2)
}
SL_TARGET_AVX512 static void dot_rows_avx512(const float *q, const float *base, long dim, const int *ids, long n,
                                             float *out) {
    SL_ROWS_LOOP(dot_avx512)
}
SL_TARGET_AVX512 static void l2_rows_avx512(const float *q, const float *base, long dim, const int *ids, long n,
                                            float *out) {
    SL_ROWS_LOOP(l2sq_avx512)
}
#endif

void sl_sdot_rows(const float *q, const float *base, long dim, const int *ids, long n, float *out) {
#if SL_X86
    switch (sl_active_isa()) {
    case SL_ISA_AVX512: dot_rows_avx512(q, base, dim, ids, n, out); return;
    case SL_ISA_AVX2: dot_rows_avx2(q, base, dim, ids, n, out); return;
    default: break;
    }
#endif
    dot_rows_generic(q, base, dim, ids, n, out);
}

void sl_sl2sq_rows(const float *q, const float *base, long dim, const int *ids, long n, float *out) {
#if SL_X86
    switch (sl_active_isa()) {
    case SL_ISA_AVX512: l2_rows_avx512(q, base, dim, ids, n, out); return;
    case SL_ISA_AVX2: l2_rows_avx2(q, base, dim, ids, n, out); return;
    default: break;
    }
#endif
    l2_rows_generic(q, base, dim, ids, n, out);
}

// ---- Float32 k-smallest merge ----------------------------------------------------------------------------------

static inline void insert_sorted_f(float *keys, long *indices, long *filled, long k, float v, long id) {
    long p = *filled < k ? (*filled)++ : k - 1;
    while (p > 0 && keys[p - 1] > v) {
        keys[p] = keys[p - 1];
        indices[p] = indices[p - 1];
        p--;
    }
    keys[p] = v;
    indices[p] = id;
}

void sl_stopk_merge(long rows, long cols, const float *D, long ldd, const float *bias, long offset, long k,
                    float *keys, long *indices, long *filled) {
    for (long i = 0; i < rows; i++) {
        const float *d = D + i * ldd;
        float *kv = keys + i * k;
        long *ki = indices + i * k;
        long f = filled[i];
        // A NaN comparison is false, so NaN entries never enter; INFINITY admits everything finite until full.
        float threshold = f == k ? kv[k - 1] : INFINITY;
        long j = 0;
        for (; j + 16 <= cols; j += 16) {
            int hit = 0;
            if (bias) {
                for (int t = 0; t < 16; t++) hit |= (d[j + t] + bias[j + t] < threshold);
            } else {
                for (int t = 0; t < 16; t++) hit |= (d[j + t] < threshold);
            }
            if (!hit && f == k) continue;
            for (int t = 0; t < 16; t++) {
                const float v = bias ? d[j + t] + bias[j + t] : d[j + t];
                if (v < threshold || (f < k && v == v)) {
                    insert_sorted_f(kv, ki, &f, k, v, offset + j + t);
                    if (f == k) threshold = kv[k - 1];
                }
            }
        }
        for (; j < cols; j++) {
            const float v = bias ? d[j] + bias[j] : d[j];
            if (v < threshold || (f < k && v == v)) {
                insert_sorted_f(kv, ki, &f, k, v, offset + j);
                if (f == k) threshold = kv[k - 1];
            }
        }
        filled[i] = f;
    }
}
