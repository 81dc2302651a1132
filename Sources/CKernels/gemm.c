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
    void *buf[SL_SCRATCH_SLOTS];
    size_t cap[SL_SCRATCH_SLOTS]; // in bytes
} gemm_buffers;

static pthread_key_t buffers_key;
static pthread_once_t buffers_once = PTHREAD_ONCE_INIT;

static void free_buffers(void *p) {
    gemm_buffers *bufs = p;
    for (int i = 0; i < SL_SCRATCH_SLOTS; i++) free(bufs->buf[i]);
    free(bufs);
}

static void make_key(void) { pthread_key_create(&buffers_key, free_buffers); }

void *sl_gemm_scratch(int slot, size_t bytes) {
    pthread_once(&buffers_once, make_key);
    gemm_buffers *bufs = pthread_getspecific(buffers_key);
    if (bufs == NULL) {
        bufs = calloc(1, sizeof *bufs);
        if (bufs == NULL) return NULL;
        pthread_setspecific(buffers_key, bufs);
    }
    if (bytes <= bufs->cap[slot]) return bufs->buf[slot];
    free(bufs->buf[slot]);
    bufs->buf[slot] = NULL;
    bufs->cap[slot] = 0;
    void *p = NULL;
    size_t rounded = (bytes + 4095) & ~(size_t)4095;
    if (posix_memalign(&p, 4096, rounded) != 0) return NULL;
    bufs->buf[slot] = p;
    bufs->cap[slot] = rounded;
    return p;
}

// ---- Helpers --------------------------------------------------------------------------------------------------


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
long sl_balanced_block(long total, long max_block, long quantum) {
    long nblocks = sl_ceil_div(total, max_block);
    return sl_min_l(sl_round_up(sl_ceil_div(total, nblocks), quantum), sl_round_up(total, quantum));
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
    // K up to 1.5·kc stays one block: splitting K = 384 in two 192s costs a second pass over C (read-modify-write)
    // and halves the FMAs per tile between stores; measured 4–6 % faster on 128×384·384×1536 (442 → 466 GFLOP/s).
    const long kc_max = K <= cfg->kc + cfg->kc / 2 ? K : sl_balanced_block(K, cfg->kc, 1);
    const long mc_max = sl_balanced_block(M, cfg->mc, mr);
    const long nc_max = sl_balanced_block(N, cfg->nc, nr);

    float *Ap = sl_gemm_scratch(SL_SCRATCH_SGEMM_A, (size_t)(mc_max * kc_max) * sizeof(float));
    float *Bp = sl_gemm_scratch(SL_SCRATCH_SGEMM_B, (size_t)(nc_max * kc_max) * sizeof(float));
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
        const long nc = sl_min_l(nc_max, N - jc);
        for (long pc = 0; pc < K; pc += kc_max) {
            const long kc = sl_min_l(kc_max, K - pc);
            const float beta_eff = pc == 0 ? beta : 1.0f;
            // Small M: read full-width B panels in place; only the edge panel (nc % nr columns) is packed.
            const long nfull = use_bstride ? nc / nr * nr : 0;
            if (nfull < nc) cfg->pack_b(transB, B, ldb, pc, jc + nfull, kc, nc - nfull, Bp + nfull * kc);
            for (long ic = 0; ic < M; ic += mc_max) {
                const long mc = sl_min_l(mc_max, M - ic);
                cfg->pack_a(transA, A, lda, ic, pc, mc, kc, Ap);
                for (long jr = 0; jr < nc; jr += nr) {
                    const long n = sl_min_l(nr, nc - jr);
                    if (jr < nfull) {
                        const float *b = B + pc * ldb + jc + jr;
                        for (long ir = 0; ir < mc; ir += mr) {
                            float *c = C + (ic + ir) * ldc + jc + jr;
                            cfg->ukr_bstride(kc, Ap + ir * kc, b, ldb, c, ldc, alpha, beta_eff, sl_min_l(mr, mc - ir));
                        }
                        continue;
                    }
                    const float *bp = Bp + jr * kc;
                    const sl_gemm_ukr_fn ukr = (2 * n <= nr && cfg->ukr_narrow) ? cfg->ukr_narrow : cfg->ukr;
                    for (long ir = 0; ir < mc; ir += mr) {
                        const long m = sl_min_l(mr, mc - ir);
                        float *c = C + (ic + ir) * ldc + jc + jr;
                        ukr(kc, Ap + ir * kc, bp, c, ldc, alpha, beta_eff, m, n);
                    }
                }
            }
        }
    }
}
