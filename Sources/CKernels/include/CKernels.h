// CKernels: the only ISA-specific code in SwiftLearn.
//
// Every function here is a plain C entry point over raw buffers. Each hot function exists in several
// copies compiled with __attribute__((target(...))) (AVX-512, AVX2+FMA on x86-64; NEON is baseline on arm64)
// plus a portable generic copy; one copy is chosen once, at first use, from cpuid
// (__builtin_cpu_supports), or forced with the environment variable SWIFTLEARN_KERNELS=generic|avx2|avx512.
// No compiler flags are needed by users of the package.
//
// Conventions: row-major, element strides (not bytes), `long` sizes, no allocation visible to the caller,
// single-threaded (the caller, Kernels/ParallelFor.swift, splits work across threads).
#ifndef SWIFTLEARN_CKERNELS_H
#define SWIFTLEARN_CKERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Instruction-set paths a kernel table can use.
typedef enum {
    SL_ISA_GENERIC = 0,
    SL_ISA_AVX2 = 1,
    SL_ISA_AVX512 = 2,
    SL_ISA_NEON = 3,
} sl_isa;

/// The active path (chosen on first call from cpuid and SWIFTLEARN_KERNELS).
sl_isa sl_active_isa(void);
/// Switches the active path; returns 0 on success, -1 if this CPU cannot run it. Not thread-safe with running kernels.
int sl_set_isa(sl_isa isa);
/// Overrides the path for the calling thread only (isa < 0 removes the override); returns 0, or -1 if this CPU
/// cannot run it. Other threads keep the process-wide path, so tests can compare paths while other work runs.
int sl_set_thread_isa(int isa);
/// The calling thread's override, or -1 when it has none.
int sl_thread_isa(void);
/// 1 if this CPU can run the path.
int sl_cpu_supports(sl_isa isa);
/// "generic", "avx2", "avx512", "neon".
const char *sl_isa_name(sl_isa isa);
/// Comma-separated CPU features detected (e.g. "sse4.2,avx2,fma,avx512f,avx512bw,avx512vl").
const char *sl_cpu_features(void);

/// C[M×N] = alpha · op(A) · op(B) + beta · C, row-major.
/// op(A) is M×K: A[i*lda + p] when transA == 0, A[p*lda + i] when transA != 0. Likewise op(B) is K×N.
/// beta == 0 means C is not read (may hold NaN); alpha == 0 or K == 0 means A and B are not read.
/// Single-threaded and re-entrant: packs into per-thread buffers (grown on demand, kept until the thread
/// exits; ≤ 2.3 MB per thread for the AVX-512 path), so concurrent calls on disjoint C blocks are safe.
/// No alignment is required. To use 2 threads, split N at a multiple of 32 (or M at a multiple of 8).
void sl_sgemm(int transA, int transB, long M, long N, long K, float alpha,
              const float *A, long lda, const float *B, long ldb, float beta, float *C, long ldc);
/// The naive triple loop: oracle for tests and fallback.
void sl_sgemm_reference(int transA, int transB, long M, long N, long K, float alpha,
                        const float *A, long lda, const float *B, long ldb, float beta, float *C, long ldc);

/// C[M×N] = alpha · op(A) · op(B) + beta · C in Float64, row-major, with the conventions of sl_sgemm.
/// Single-threaded and re-entrant (per-thread packing buffers); each element's sum runs over K in the same order
/// however the caller splits M or N across threads, so results do not depend on the split.
void sl_dgemm(int transA, int transB, long M, long N, long K, double alpha,
              const double *A, long lda, const double *B, long ldb, double beta, double *C, long ldc);
/// The naive triple loop in Float64 (long double accumulation): oracle for tests and fallback.
void sl_dgemm_reference(int transA, int transB, long M, long N, long K, double alpha,
                        const double *A, long lda, const double *B, long ldb, double beta, double *C, long ldc);

/// The shifted Gram matrix of a tall, narrow matrix (PCA's covariance): for the n rows x_r of X (row stride ldx,
/// d columns), G[i·ldg + j] += Σ_r (x_r[i] − s[i])(x_r[j] − s[j]) for j ≥ i (the upper triangle; entries below
/// the diagonal are not touched) and sums[j] += Σ_r (x_r[j] − s[j]). Single-threaded and re-entrant (per-thread
/// packing buffer); each entry sums the rows in order, so splitting the rows into fixed blocks gives results that
/// do not depend on the thread count.
void sl_dgram_shifted(long n, long d, const double *X, long ldx, const double *shift, double *G, long ldg,
                      double *sums);

/// The nearest centre of each row (k-means assignment): for the n rows x_i of X (row stride ldx, d columns) and the
/// k centres c_c (rows of C, stride ldc) with cnorm[c] = ‖c_c‖², labels[i] = the first c minimising
/// cnorm[c] − 2·x_i·c_c and keys[i] = that minimum (add ‖x_i‖² for the squared distance). Each dot product sums
/// the d products in order. Single-threaded and re-entrant (per-thread buffer for the packed centres).
void sl_dnearest(long n, long d, const double *X, long ldx, const double *C, long ldc, long k, const double *cnorm,
                 long *labels, double *keys);
/// Packs the n rows of X (row stride ldx) for sl_dnearest_packed: blocks of 16 rows, feature-major within a block
/// (Xp[(b·d + j)·16 + r] = X[(16b + r)·ldx + j]), the last block zero-padded. Xp holds ceil(n / 16)·16·d values.
void sl_dpack_row_blocks(long n, long d, const double *X, long ldx, double *Xp);
/// sl_dnearest on rows packed by sl_dpack_row_blocks (n rows, d features): the same labels and keys bit for bit,
/// with the rows rather than the centres in the vector lanes (no padding of the centres to the vector width).
void sl_dnearest_packed(long n, long d, const double *Xp, const double *C, long ldc, long k, const double *cnorm,
                        long *labels, double *keys);
/// D[i·ldd + c] = x_i·c_c for the n rows of X and a few (k) centres, through the tile of sl_dnearest (k-means++
/// scores its candidate centres against every row this way, without packing X).
void sl_ddots_few(long n, long d, const double *X, long ldx, const double *C, long ldc, long k, double *D, long ldd);
/// C[c·ldc + i] = Σ_p A[p·lda + i]·B[p·ldb + c] for i < m, c < n: C = Bᵀ·A (n × m) for a B (K × n) of few
/// columns, A (K × m) read in place and each entry summed over p in order (a linear model's gradient share Rᵀ·X).
void sl_ddots_tn(long K, long m, const double *A, long lda, long n, const double *B, long ldb, double *C, long ldc);

/// For each of `rows` rows, merges the entries D[i·ldd + j] + bias[j] (j < cols, index offset + j) into that row's
/// running list of the k smallest: keys[i·k ..< i·k + filled[i]] ascending with their indices, ties in index
/// order (an entry equal to the current k-th is not taken). Start with filled[i] = 0; call once per column block,
/// blocks in increasing index order.
void sl_dtopk_merge(long rows, long cols, const double *D, long ldd, const double *bias, long offset, long k,
                    double *keys, long *indices, long *filled);

/// y = exp(x) elementwise in Float64 (≤ 2 ulp; libm's exp where the result leaves the normal range, and for NaN).
/// y must not overlap x.
void sl_vexp_f64(const double *x, double *y, long n);

// Elementwise maps, contiguous, y may alias x (exactly, or not at all). SIMD paths: exp ≤ 2 ulp (overflow → +inf,
// -inf → 0, NaN → NaN); tanh, sigmoid, SiLU ≤ 3e-7 relative, GELU-tanh ≤ 3.5e-7; GELU-erf (exact x·Φ(x))
// ≤ 7e-7 relative, including the negative tail. SiLU and the GELUs map -inf to -0 (their limit) rather than NaN.
void sl_vexp(const float *x, float *y, long n);
void sl_vtanh(const float *x, float *y, long n);
void sl_vsigmoid(const float *x, float *y, long n);
void sl_vgelu_tanh(const float *x, float *y, long n);
void sl_vgelu_erf(const float *x, float *y, long n);
void sl_vsilu(const float *x, float *y, long n);
/// y = a·x + b (scalars a, b)
void sl_vaffine(const float *x, float a, float b, float *y, long n);

/// Max pooling of `planes` float planes h×w into ho×wo without padding or dilation; winners[o] is the offset of
/// the maximum within its plane (NaN wins).
void sl_maxpool2d_f32(const float *x, float *y, int *winners, long planes, long h, long w, long kh, long kw, long sh,
                      long sw, long ho, long wo);

/// One LSTM time step's backward gate arithmetic for `rows` rows of hidden size h (gate order i, f, g, o):
/// dgates from the activated gates, tanh(c_t), c_{t−1}, the carried dh and the output's upstream gradient; dc is
/// updated in place to dc_{t−1}'s direct part.
void sl_lstm_backward_step_f32(const float *gates, const float *cell_tanh, const float *c_prev, const float *dh,
                               const float *upstream, float *dc, float *dgates, long rows, long h);

/// One Adam/AdamW update of n float parameters in place (vmax may be NULL: no AMSGrad). c1 = 1 − β1 and c2 = 1 − β2
/// are rounded from double by the caller, as PyTorch's scalars. See optimizer_template.h.
void sl_adam_step(float *p, const float *grad, float *m, float *v, float *vmax, long n, float l2, float shrink, float b2,
                  float c1, float c2, float step, float bias2_root, float eps);
/// z = x op y, contiguous, same length. op: 0 add, 1 sub, 2 mul, 3 div.
void sl_vbinary(int op, const float *x, const float *y, float *z, long n);
/// z = x op s (scalar s on the right). op as sl_vbinary.
void sl_vbinary_scalar(int op, const float *x, float s, float *z, long n);

// Reductions, contiguous. Sums accumulate with a fixed association order (deterministic for a given ISA).
float sl_sum(const float *x, long n);
float sl_max(const float *x, long n);
/// Row-wise over a rows×cols matrix (row stride = cols): softmax and log-softmax, stable for |x| up to 1e38
/// (max subtracted first). Like PyTorch: a row whose max is -inf (all -inf) gives NaN for both softmax and
/// log-softmax; a +inf or NaN entry makes the row NaN. sl_max propagates NaN; sl_max of n = 0 is -inf.
void sl_softmax_rows(const float *x, float *y, long rows, long cols);
void sl_log_softmax_rows(const float *x, float *y, long rows, long cols);

// Histogram gradient boosting over UInt8 bin codes (histogram.c). Histograms have 256 cells per feature.
/// One histogram cell: sums of gradients and hessians, and the number of rows. 32 bytes, so that on x86 one
/// 256-bit load, add and store updates a whole cell (the reserved fields stay zero).
typedef struct {
    double gradient;
    double hessian;
    unsigned int count;
    unsigned int reserved;
    double reserved2;
} sl_hist_bin;
/// Split-search settings: minimum rows and hessian per child, L2 penalty λ, minimum gain; with constant_hessian
/// the hessian of a cell is count · hessian_constant (the hessian sums of the histogram are not read).
typedef struct {
    unsigned int min_samples_leaf;
    double min_hessian;
    double l2;
    double min_gain;
    int constant_hessian;
    double hessian_constant;
} sl_split_settings;
/// The best cut of one feature: gain (−1 if none), last bin going left, whether missing values go left, and
/// the left child's sums.
typedef struct {
    double gain;
    int bin;
    int missing_left;
    double gradient_left;
    double hessian_left;
    unsigned int count_left;
} sl_split_candidate;
/// Histograms of features first_feature ..< first_feature + features of a column-major bin matrix (column f
/// starts at binned + f·stride) over the node's rows (rows[k], or k when rows is NULL); gradients and hessians are
/// in node order (index k). hessians may be NULL (constant hessian: the hessian sums stay 0). hist receives
/// features × 256 cells. With used_bins (one count per feature of the range) only the cells a feature's codes can
/// reach, 0 ..< used_bins[f] and missing_bin, are cleared and written (the others are left as they were); with
/// NULL all 256 are.
void sl_hist_build_u8(const unsigned char *binned, long stride, long first_feature, long features, const unsigned int *rows,
                      long n, const float *gradients, const float *hessians, const int *used_bins, int missing_bin,
                      sl_hist_bin *hist);
/// out = parent − child over features × 256 cells, or only the reachable cells with used_bins (as sl_hist_build_u8):
/// the sibling's histogram. out may alias parent.
void sl_hist_subtract(const sl_hist_bin *parent, const sl_hist_bin *child, sl_hist_bin *out, long features,
                      const int *used_bins, int missing_bin);
/// out[k] = source[rows[k]].
void sl_gather_f32(const float *source, const unsigned int *rows, long n, float *out);
/// The best split of one feature's histogram for a node with the given sums and value (gain: the children's
/// G²/(H+λ) plus the node's loss G·value); scans bins left to right with missing values going right and, when the
/// feature had missing values in training, right to left with them going left. The first strictly best cut wins.
void sl_hist_best_split(const sl_hist_bin *hist, int bins_non_missing, int has_missing, double sum_gradient,
                        double sum_hessian, unsigned count, double node_value, const sl_split_settings *settings,
                        sl_split_candidate *best);
/// sl_hist_best_split for features 0 ..< features of hist (256 cells each), one candidate per feature in best;
/// bins_non_missing and has_missing (0/1) give each feature's. Same results as one call per feature, faster.
void sl_hist_best_splits(const sl_hist_bin *hist, long features, const int *bins_non_missing,
                         const unsigned char *has_missing, double sum_gradient, double sum_hessian, unsigned count,
                         double node_value, const sl_split_settings *settings, sl_split_candidate *best);
/// Stable partition of rows[0..<n]: rows whose code in column is ≤ bin (or is missing_bin when missing_left) first.
/// scratch holds n entries. Returns the number going left.
long sl_partition_rows_u8(const unsigned char *column, unsigned int *rows, long n, int bin, int missing_bin,
                          int missing_left, unsigned int *scratch);

/// Advises the kernel to back [pointer, pointer + bytes) with transparent huge pages (Linux madvise
/// MADV_HUGEPAGE; pointer must be page-aligned). Returns 0 if the advice was taken, -1 if refused or unsupported.
/// Only a hint: contents and validity of the memory do not change.
int sl_advise_huge_pages(void *pointer, size_t bytes);

#ifdef __cplusplus
}
#endif
#include "CKernelsPeak.h"
#include "CKernelsRetrieval.h"
#include "CKernelsTransformer.h"
#include "CKernelsConv.h"
#include "CKernelsTrees.h"

#endif
