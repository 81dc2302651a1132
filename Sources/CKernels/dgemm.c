// dgemm.c: the blocked Float64 GEMM driver, its packing routines, the portable micro-kernel and the oracle.
//
// Why: the classical models (distances for k-NN and k-means, covariance for PCA, the logistic loss) work in
// Float64, and a naive triple loop runs them at a few percent of the FMA peak. The layering is the one of the
// SGEMM (gemm.c): op(B) is packed in kc×nc blocks into NR-column micro-panels, op(A) in mc×kc blocks into
// MR-row micro-panels, and a register-tile micro-kernel per ISA (dgemm_x86.c) streams both from cache. Packing
// is plain C with the micro-tile width as a parameter: it moves O(mk + kn) values against O(mnk) FMAs, so it
// needs no ISA copies. Each C element sums its K products in the same order whatever the caller's split of
// M or N, so results do not depend on the thread count.
#include "sl_internal.h"

#include <string.h>

typedef double v2d __attribute__((ext_vector_type(2)));

/// Packs rows [i0, i0+mc) × cols [p0, p0+kc) of op(A) into MR-row panels: out[p·MR + r], zero-padded.
static void dpack_a(int transA, const double *A, long lda, long i0, long p0, long mc, long kc, long mr,
                    double *restrict out) {
    for (long ir = 0; ir < mc; ir += mr, out += mr * kc) {
        const long h = sl_min_l(mr, mc - ir);
        if (transA) {
            for (long p = 0; p < kc; p++) {
                const double *src = A + (p0 + p) * lda + i0 + ir;
                long r = 0;
                for (; r < h; r++) out[p * mr + r] = src[r];
                for (; r < mr; r++) out[p * mr + r] = 0;
            }
        } else {
            for (long r = 0; r < h; r++) {
                const double *src = A + (i0 + ir + r) * lda + p0;
                for (long p = 0; p < kc; p++) out[p * mr + r] = src[p];
            }
            for (long r = h; r < mr; r++)
                for (long p = 0; p < kc; p++) out[p * mr + r] = 0;
        }
    }
}

/// Packs rows [p0, p0+kc) × cols [j0, j0+nc) of op(B) into NR-column panels: out[p·NR + j], zero-padded.
static void dpack_b(int transB, const double *B, long ldb, long p0, long j0, long kc, long nc, long nr,
                    double *restrict out) {
    for (long jr = 0; jr < nc; jr += nr, out += nr * kc) {
        const long w = sl_min_l(nr, nc - jr);
        if (transB) {
            for (long j = 0; j < w; j++) {
                const double *src = B + (j0 + jr + j) * ldb + p0;
                for (long p = 0; p < kc; p++) out[p * nr + j] = src[p];
            }
            for (long j = w; j < nr; j++)
                for (long p = 0; p < kc; p++) out[p * nr + j] = 0;
        } else {
            for (long p = 0; p < kc; p++) {
                const double *src = B + (p0 + p) * ldb + j0 + jr;
                long j = 0;
                for (; j < w; j++) out[p * nr + j] = src[j];
                for (; j < nr; j++) out[p * nr + j] = 0;
            }
        }
    }
}

static void scale_c(long M, long N, double beta, double *C, long ldc) {
    for (long i = 0; i < M; i++) {
        double *c = C + i * ldc;
        if (beta == 0) memset(c, 0, (size_t)N * sizeof(double));
        else if (beta != 1)
            for (long j = 0; j < N; j++) c[j] *= beta;
    }
}

/// C = alpha·A·Bᵀ + beta·C with few rows (M ≤ 4) and both operands row-major: contiguous dot products, no
/// packing (packing all of B to use each of its values at most 4 times costs more than the FMAs; k-means++
/// scores 1–4 candidate centres against every row this way).
static void dgemm_dots(long M, long N, long K, double alpha, const double *A, long lda, const double *B, long ldb,
                       double beta, double *C, long ldc) {
    for (long i = 0; i < M; i++) {
        const double *a = A + i * lda;
        for (long j = 0; j < N; j++) {
            const double *b = B + j * ldb;
            v2d acc0 = 0, acc1 = 0;
            long p = 0;
            for (; p + 4 <= K; p += 4) {
                v2d a0, a1, b0, b1;
                memcpy(&a0, a + p, sizeof a0), memcpy(&a1, a + p + 2, sizeof a1);
                memcpy(&b0, b + p, sizeof b0), memcpy(&b1, b + p + 2, sizeof b1);
                acc0 += a0 * b0;
                acc1 += a1 * b1;
            }
            v2d acc = acc0 + acc1;
            double s = acc.x + acc.y;
            for (; p < K; p++) s += a[p] * b[p];
            C[i * ldc + j] = beta == 0 ? alpha * s : alpha * s + beta * C[i * ldc + j];
        }
    }
}

static void dgemm_blocked(const sl_dgemm_config *cfg, int transA, int transB, long M, long N, long K, double alpha,
                          const double *A, long lda, const double *B, long ldb, double beta, double *C, long ldc) {
    if (M <= 0 || N <= 0) return;
    if (K <= 0 || alpha == 0) {
        scale_c(M, N, beta, C, ldc);
        return;
    }
    if (M <= 4 && transB && !transA) {
        dgemm_dots(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
        return;
    }
    const long mr = cfg->mr, nr = cfg->nr;
    const long kc_max = sl_balanced_block(K, cfg->kc, 1);
    const long mc_max = sl_balanced_block(M, cfg->mc, mr);
    const long nc_max = sl_balanced_block(N, cfg->nc, nr);
    double *Ap = sl_gemm_scratch(SL_SCRATCH_DGEMM_A, (size_t)(mc_max * kc_max) * sizeof(double));
    double *Bp = sl_gemm_scratch(SL_SCRATCH_DGEMM_B, (size_t)(nc_max * kc_max) * sizeof(double));
    if (Ap == NULL || Bp == NULL) { // out of memory: slow but correct
        sl_dgemm_reference(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
        return;
    }
    for (long jc = 0; jc < N; jc += nc_max) {
        const long nc = sl_min_l(nc_max, N - jc);
        for (long pc = 0; pc < K; pc += kc_max) {
            const long kc = sl_min_l(kc_max, K - pc);
            const double beta_eff = pc == 0 ? beta : 1.0;
            dpack_b(transB, B, ldb, pc, jc, kc, nc, nr, Bp);
            for (long ic = 0; ic < M; ic += mc_max) {
                const long mc = sl_min_l(mc_max, M - ic);
                dpack_a(transA, A, lda, ic, pc, mc, kc, mr, Ap);
                for (long jr = 0; jr < nc; jr += nr) {
                    const long n = sl_min_l(nr, nc - jr);
                    for (long ir = 0; ir < mc; ir += mr) {
                        double *c = C + (ic + ir) * ldc + jc + jr;
                        cfg->ukr(kc, Ap + ir * kc, Bp + jr * kc, c, ldc, alpha, beta_eff, sl_min_l(mr, mc - ir), n);
                    }
                }
            }
        }
    }
}

void sl_dgemm(int transA, int transB, long M, long N, long K, double alpha, const double *A, long lda,
              const double *B, long ldb, double beta, double *C, long ldc) {
    const sl_dgemm_config *cfg = &sl_dgemm_config_generic;
#if SL_X86
    switch (sl_kernels()->isa) {
    case SL_ISA_AVX512: cfg = &sl_dgemm_config_avx512; break;
    case SL_ISA_AVX2: cfg = &sl_dgemm_config_avx2; break;
    default: break;
    }
#endif
    dgemm_blocked(cfg, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

void sl_dgemm_reference(int transA, int transB, long M, long N, long K, double alpha, const double *A, long lda,
                        const double *B, long ldb, double beta, double *C, long ldc) {
    for (long i = 0; i < M; i++)
        for (long j = 0; j < N; j++) {
            long double acc = 0; // wider than the kernels, so the oracle's own rounding is negligible
            for (long p = 0; p < K; p++)
                acc += (long double)(transA ? A[p * lda + i] : A[i * lda + p]) *
                       (long double)(transB ? B[j * ldb + p] : B[p * ldb + j]);
            double r = alpha * (double)acc;
            if (beta != 0) r += beta * C[i * ldc + j];
            C[i * ldc + j] = r;
        }
}

// ---- The portable micro-kernel: 4×4 with 2-lane vectors (SSE2 on x86-64, NEON on arm64). ---------------------

static void dukr_generic(long kc, const double *restrict a, const double *restrict b, double *restrict c, long ldc,
                         double alpha, double beta, long m, long n) {
    enum { MR = 4, NR = 4 };
    v2d acc[MR][2];
    for (int r = 0; r < MR; r++) acc[r][0] = acc[r][1] = 0;
    for (long p = 0; p < kc; p++, a += MR, b += NR) {
        v2d b0, b1;
        memcpy(&b0, b, sizeof b0), memcpy(&b1, b + 2, sizeof b1);
        for (int r = 0; r < MR; r++) {
            acc[r][0] += a[r] * b0;
            acc[r][1] += a[r] * b1;
        }
    }
    for (long r = 0; r < m; r++) {
        double tile[NR];
        memcpy(tile, &acc[r][0], sizeof acc[r][0]), memcpy(tile + 2, &acc[r][1], sizeof acc[r][1]);
        for (long j = 0; j < n; j++) {
            double *cp = c + r * ldc + j;
            *cp = beta == 0 ? alpha * tile[j] : alpha * tile[j] + beta * *cp;
        }
    }
}

const sl_dgemm_config sl_dgemm_config_generic = {.mr = 4, .nr = 4, .kc = 256, .mc = 96, .nc = 2048, .ukr = dukr_generic};
