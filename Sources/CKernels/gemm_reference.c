// gemm_reference.c: the naive triple-loop SGEMM, the oracle the fast paths are tested against.
//
// Why: it is short enough to be obviously right. It accumulates each dot product in double, so its own
// rounding error is far below that of any float kernel being checked. Slow; never used on a hot path.
#include "sl_internal.h"

void sl_sgemm_reference(int transA, int transB, long M, long N, long K, float alpha, const float *A, long lda,
                        const float *B, long ldb, float beta, float *C, long ldc) {
    for (long i = 0; i < M; i++) {
        for (long j = 0; j < N; j++) {
            double acc = 0;
            for (long p = 0; p < K; p++) {
                float a = transA ? A[p * lda + i] : A[i * lda + p];
                float b = transB ? B[j * ldb + p] : B[p * ldb + j];
                acc += (double)a * (double)b;
            }
            double r = (double)alpha * acc;
            if (beta != 0) r += (double)beta * (double)C[i * ldc + j];
            C[i * ldc + j] = (float)r;
        }
    }
}
