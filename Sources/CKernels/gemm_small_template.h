// gemm_small_template.h: SGEMM for very few rows (M ≤ 4: a batch-1..4 linear layer, a matrix-vector product),
// computed straight from the operands without packing. Instantiated per ISA like vecmath_template.h.
//
// Why: the blocked driver copies all of op(B) into panels before computing; with M ≤ 4 each element of B is
// used at most 4 times, so that copy costs more than the arithmetic (1×384 · 384×1536 took 167 µs packed).
// Here every element of B is read exactly once, straight from memory:
//   op(B) = B (rows of B contiguous): C row block += a[i][p] · B[p][j..j+4W] for up to 4 rows at once;
//   op(B) = Bᵀ and op(A) = A: C[i][j] = dot(A row i, B row j), 4 columns of C at a time.
// (op(B) = Bᵀ with op(A) = Aᵀ goes to the blocked path.) A file that includes this defines SL_VW,
// SL_GS_ATTR (target attribute, may be empty) and SL_GS_NAME (the function to define, static).

typedef float gs_vf __attribute__((ext_vector_type(SL_VW)));
#define SL_GS_INLINE SL_GS_ATTR static inline __attribute__((always_inline))

SL_GS_INLINE gs_vf gs_load(const float *p) {
    gs_vf v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}
SL_GS_INLINE void gs_store(float *p, gs_vf v) { __builtin_memcpy(p, &v, sizeof v); }
SL_GS_INLINE float gs_hsum(gs_vf v) {
    float t[SL_VW];
    gs_store(t, v);
    for (int w = SL_VW / 2; w > 0; w /= 2)
        for (int i = 0; i < w; i++) t[i] += t[i + w];
    return t[0];
}
SL_GS_INLINE float gs_out(float acc, float alpha, float beta, const float *c) {
    return beta == 0 ? alpha * acc : alpha * acc + beta * *c;
}

/// op(B) = B: C[0..M) rows, columns in blocks of NV vectors (wider blocks stream B better); MM is the
/// compile-time row count.
SL_GS_INLINE void gs_rows_plain(const int MM, int transA, long N, long K, float alpha, const float *A, long lda,
                                const float *B, long ldb, float beta, float *C, long ldc) {
    const int NV = MM <= 2 ? 8 : 4;
    long j = 0;
    for (; j + NV * SL_VW <= N; j += NV * SL_VW) {
        gs_vf acc[4][8];
        for (int i = 0; i < MM; i++)
            for (int v = 0; v < NV; v++) acc[i][v] = (gs_vf)0;
        for (long p = 0; p < K; p++) {
            gs_vf b[8];
            for (int v = 0; v < NV; v++) b[v] = gs_load(B + p * ldb + j + v * SL_VW);
            for (int i = 0; i < MM; i++) {
                gs_vf a = (gs_vf)(transA ? A[p * lda + i] : A[i * lda + p]);
                for (int v = 0; v < NV; v++) acc[i][v] = __builtin_elementwise_fma(a, b[v], acc[i][v]);
            }
        }
        for (int i = 0; i < MM; i++)
            for (int v = 0; v < NV; v++) {
                float *c = C + i * ldc + j + v * SL_VW;
                gs_vf out = alpha * acc[i][v];
                if (beta != 0) out += beta * gs_load(c);
                gs_store(c, out);
            }
    }
    for (; j + SL_VW <= N; j += SL_VW) {
        gs_vf acc[4];
        for (int i = 0; i < MM; i++) acc[i] = (gs_vf)0;
        for (long p = 0; p < K; p++) {
            gs_vf b = gs_load(B + p * ldb + j);
            for (int i = 0; i < MM; i++)
                acc[i] = __builtin_elementwise_fma((gs_vf)(transA ? A[p * lda + i] : A[i * lda + p]), b, acc[i]);
        }
        for (int i = 0; i < MM; i++) {
            float *c = C + i * ldc + j;
            gs_vf out = alpha * acc[i];
            if (beta != 0) out += beta * gs_load(c);
            gs_store(c, out);
        }
    }
    if (j < N) {
        // fewer than SL_VW columns left: independent scalar accumulators, k outer (no long dependency chain)
        const long rem = N - j;
        float acc[4][SL_VW];
        for (int i = 0; i < MM; i++)
            for (long jj = 0; jj < rem; jj++) acc[i][jj] = 0;
        for (long p = 0; p < K; p++)
            for (int i = 0; i < MM; i++) {
                const float a = transA ? A[p * lda + i] : A[i * lda + p];
                for (long jj = 0; jj < rem; jj++) acc[i][jj] = __builtin_fmaf(a, B[p * ldb + j + jj], acc[i][jj]);
            }
        for (int i = 0; i < MM; i++)
            for (long jj = 0; jj < rem; jj++)
                C[i * ldc + j + jj] = gs_out(acc[i][jj], alpha, beta, C + i * ldc + j + jj);
    }
}

/// op(B) = Bᵀ, op(A) = A: dot products of contiguous rows, 4 columns of C at a time.
SL_GS_INLINE void gs_rows_dot(const int MM, long N, long K, float alpha, const float *A, long lda, const float *B,
                              long ldb, float beta, float *C, long ldc) {
    enum { NJ = 4 };
    long j = 0;
    for (; j + NJ <= N; j += NJ) {
        gs_vf acc[4][NJ];
        for (int i = 0; i < MM; i++)
            for (int jj = 0; jj < NJ; jj++) acc[i][jj] = (gs_vf)0;
        long p = 0;
        for (; p + SL_VW <= K; p += SL_VW) {
            gs_vf b[NJ];
            for (int jj = 0; jj < NJ; jj++) b[jj] = gs_load(B + (j + jj) * ldb + p);
            for (int i = 0; i < MM; i++) {
                gs_vf a = gs_load(A + i * lda + p);
                for (int jj = 0; jj < NJ; jj++) acc[i][jj] = __builtin_elementwise_fma(a, b[jj], acc[i][jj]);
            }
        }
        for (int i = 0; i < MM; i++)
            for (int jj = 0; jj < NJ; jj++) {
                float s = gs_hsum(acc[i][jj]);
                for (long q = p; q < K; q++) s = __builtin_fmaf(A[i * lda + q], B[(j + jj) * ldb + q], s);
                C[i * ldc + j + jj] = gs_out(s, alpha, beta, C + i * ldc + j + jj);
            }
    }
    for (; j < N; j++)
        for (int i = 0; i < MM; i++) {
            gs_vf acc = (gs_vf)0;
            long p = 0;
            for (; p + SL_VW <= K; p += SL_VW)
                acc = __builtin_elementwise_fma(gs_load(A + i * lda + p), gs_load(B + j * ldb + p), acc);
            float s = gs_hsum(acc);
            for (; p < K; p++) s = __builtin_fmaf(A[i * lda + p], B[j * ldb + p], s);
            C[i * ldc + j] = gs_out(s, alpha, beta, C + i * ldc + j);
        }
}

/// Returns 1 if it computed C (M ≤ 4 and a supported transpose combination), 0 to use the blocked path.
SL_GS_ATTR static int SL_GS_NAME(int transA, int transB, long M, long N, long K, float alpha, const float *A,
                                 long lda, const float *B, long ldb, float beta, float *C, long ldc) {
    if (M < 1 || M > 4 || (transB && transA)) return 0;
    if (!transB) {
        switch (M) {
        case 1: gs_rows_plain(1, transA, N, K, alpha, A, lda, B, ldb, beta, C, ldc); break;
        case 2: gs_rows_plain(2, transA, N, K, alpha, A, lda, B, ldb, beta, C, ldc); break;
        case 3: gs_rows_plain(3, transA, N, K, alpha, A, lda, B, ldb, beta, C, ldc); break;
        default: gs_rows_plain(4, transA, N, K, alpha, A, lda, B, ldb, beta, C, ldc); break;
        }
    } else {
        switch (M) {
        case 1: gs_rows_dot(1, N, K, alpha, A, lda, B, ldb, beta, C, ldc); break;
        case 2: gs_rows_dot(2, N, K, alpha, A, lda, B, ldb, beta, C, ldc); break;
        case 3: gs_rows_dot(3, N, K, alpha, A, lda, B, ldb, beta, C, ldc); break;
        default: gs_rows_dot(4, N, K, alpha, A, lda, B, ldb, beta, C, ldc); break;
        }
    }
    return 1;
}

#undef SL_GS_INLINE
#undef SL_GS_NAME
#undef SL_GS_ATTR
