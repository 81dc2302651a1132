// gemm.c: the blocked SGEMM driver shared by every ISA path (BLIS / GotoBLAS layering).
//
// Why: a fast GEMM is mostly data movement. op(B) is copied ("packed") in kc×nc blocks into NR-column
// micro-panels and op(A) in mc×kc blocks into MR-row micro-panels, so the micro-kernel (one per ISA, in
// gemm_microkernel_*.c) reads both operands with unit stride from cache: the kc×NR B micro-panel stays in L1
// while the loop runs over all MR-row panels of the A block held in L2, and the B block stays in L3.
// Transposed operands are handled by the packing routines reading the source with the other stride, so
// transA/transB cost nothing extra in the kernel. When M is small (≤ 128 rows, so each B panel is reused by at
// most 16 micro-tiles) and op(B) = B, full-width B panels are read in place by a strided micro-kernel instead
// of being packed (packing B was ~7% of the time of a 64×128×784 product; the strided reads come from L1/L2). With M ≤ 4 packing would cost more than it saves, so such
// calls go to an unpacked path (gemm_small_template.h) when the ISA provides one, and so do narrow products
// (N ≤ 32) on AVX-512 (cfg->tiny, gemm_microkernel_x86.c). Packing buffers are per
// thread, grown on demand and kept for the thread's lifetime (freed at thread exit), so a call never
// allocates once warm and concurrent calls from different threads never share state.
#include "sl_internal.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// ---- Thread-local packing buffers -------------------------------------------------------------------------

typedef struct {
    float *a, *b;
    size_t a_cap, b_cap; // in floats
} gemm_buffers;

static pthread_key_t buffers_key;
static pthread_once_t buffers_once = PTHREAD_ONCE_INIT;

static void free_buffers(void *p) {
    gemm_buffers *bufs = p;
    free(bufs->a);
    free(bufs->b);
    free(bufs);
}

static void make_key(void) { pthread_key_create(&buffers_key, free_buffers); }

static float *grow(float **buf, size_t *cap, size_t need) {
    if (need <= *cap) return *buf;
    free(*buf);
    *buf = NULL;
    *cap = 0;
    void *p = NULL;
    size_t bytes = (need * sizeof(float) + 4095) & ~(size_t)4095;
    if (posix_memalign(&p, 4096, bytes) != 0) return NULL;
    *buf = p;
    *cap = bytes / sizeof(float);
    return *buf;
}

static gemm_buffers *thread_buffers(void) {
    pthread_once(&buffers_once, make_key);
    gemm_buffers *bufs = pthread_getspecific(buffers_key);
    if (bufs == NULL) {
        bufs = calloc(1, sizeof *bufs);
        if (bufs == NULL) return NULL;
        pthread_setspecific(buffers_key, bufs);
    }
    return bufs;
}

// ---- Helpers --------------------------------------------------------------------------------------------------

static long ceil_div(long a, long b) { return (a + b - 1) / b; }
static long round_up(long a, long b) { return ceil_div(a, b) * b; }
static long min_l(long a, long b) { return a < b ? a : b; }

/// C = beta · C over an M×N block (beta == 0 writes zeros without reading C).
static void scale_c(long M, long N, float beta, float *C, long ldc) {
    for (long i = 0; i < M; i++) {
        float *c = C + i * ldc;
        if (beta == 0) memset(c, 0, (size_t)N * sizeof(float));
        else if (beta != 1)
            for (long j = 0; j < N; j++) c[j] *= beta;
    }
}

/// Splits `total` into the fewest blocks of at most `max_block`, of near-equal size rounded up to `quantum`
/// (so K = 784 becomes 3 × 262 rather than 256 + 256 + 256 + 16).
static long balanced_block(long total, long max_block, long quantum) {
    long nblocks = ceil_div(total, max_block);
    return min_l(round_up(ceil_div(total, nblocks), quantum), round_up(total, quantum));
}

void sl_gemm_blocked(const sl_gemm_config *cfg, int transA, int transB, long M, long N, long K, float alpha,
                     const float *A, long lda, const float *B, long ldb, float beta, float *C, long ldc) {
    if (M <= 0 || N <= 0) return;
    if (K <= 0 || alpha == 0) {
        scale_c(M, N, beta, C, ldc);
        return;
    }
    if (M <= 4 && cfg->small_m && cfg->small_m(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)) return;
    if (cfg->tiny && cfg->tiny(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)) return;
    const long mr = cfg->mr, nr = cfg->nr;
    const long kc_max = balanced_block(K, cfg->kc, 1);
    const long mc_max = balanced_block(M, cfg->mc, mr);
    const long nc_max = balanced_block(N, cfg->nc, nr);

    gemm_buffers *bufs = thread_buffers();
    float *Ap = bufs ? grow(&bufs->a, &bufs->a_cap, (size_t)(mc_max * kc_max)) : NULL;
    float *Bp = bufs ? grow(&bufs->b, &bufs->b_cap, (size_t)(nc_max * kc_max)) : NULL;
    if (Ap == NULL || Bp == NULL) { // out of memory: slow but correct
        sl_sgemm_reference(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
        return;
    }

#ifndef SL_BSTRIDE_MAX_M
#define SL_BSTRIDE_MAX_M 128
#endif
    // Not when rows of B are a multiple of 4 KB apart: they all map to one L1 set (measured 6% slower).
    const int use_bstride = cfg->ukr_bstride != NULL && !transB && M <= SL_BSTRIDE_MAX_M && ldb % 1024 != 0;
    for (long jc = 0; jc < N; jc += nc_max) {
        const long nc = min_l(nc_max, N - jc);
        for (long pc = 0; pc < K; pc += kc_max) {
            const long kc = min_l(kc_max, K - pc);
            const float beta_eff = pc == 0 ? beta : 1.0f;
            // Small M: read full-width B panels in place; only the edge panel (nc % nr columns) is packed.
            const long nfull = use_bstride ? nc / nr * nr : 0;
            if (nfull < nc) cfg->pack_b(transB, B, ldb, pc, jc + nfull, kc, nc - nfull, Bp + nfull * kc);
            for (long ic = 0; ic < M; ic += mc_max) {
                const long mc = min_l(mc_max, M - ic);
                cfg->pack_a(transA, A, lda, ic, pc, mc, kc, Ap);
                for (long jr = 0; jr < nc; jr += nr) {
                    const long n = min_l(nr, nc - jr);
                    if (jr < nfull) {
                        const float *b = B + pc * ldb + jc + jr;
                        for (long ir = 0; ir < mc; ir += mr) {
                            float *c = C + (ic + ir) * ldc + jc + jr;
                            cfg->ukr_bstride(kc, Ap + ir * kc, b, ldb, c, ldc, alpha, beta_eff, min_l(mr, mc - ir));
                        }
                        continue;
                    }
                    const float *bp = Bp + jr * kc;
                    const sl_gemm_ukr_fn ukr = (2 * n <= nr && cfg->ukr_narrow) ? cfg->ukr_narrow : cfg->ukr;
                    for (long ir = 0; ir < mc; ir += mr) {
                        const long m = min_l(mr, mc - ir);
                        float *c = C + (ic + ir) * ldc + jc + jr;
                        ukr(kc, Ap + ir * kc, bp, c, ldc, alpha, beta_eff, m, n);
                    }
                }
            }
        }
    }
}
