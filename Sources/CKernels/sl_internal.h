// sl_internal.h: private declarations shared by the CKernels implementation files (not part of the public API).
//
// Why: each ISA path lives in its own translation unit (so its code is compiled with that ISA's target
// attribute) and exports its functions under a suffix (_generic, _avx2, _avx512, _neon). dispatch.c gathers
// them into one table per path, and the public entry points call through the table chosen once at first use.
#ifndef SWIFTLEARN_CKERNELS_INTERNAL_H
#define SWIFTLEARN_CKERNELS_INTERNAL_H

#include "CKernels.h"

#if defined(__x86_64__) || defined(_M_X64)
#define SL_X86 1
#define SL_TARGET_AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,fma")))
#define SL_TARGET_AVX2 __attribute__((target("avx2,fma")))
#else
#define SL_X86 0
#endif

#if defined(__aarch64__) || defined(_M_ARM64)
#define SL_ARM64 1
#else
#define SL_ARM64 0
#endif

// ---- GEMM ---------------------------------------------------------------------------------------------------

/// Micro-kernel: C[m×n] = alpha · Ap·Bp + beta · C for one MR×NR tile (m ≤ MR rows and n ≤ NR columns are
/// stored; the packed panels are zero-padded to the full tile). Ap holds kc groups of MR floats (one per k),
/// Bp holds kc groups of NR floats. beta == 0 means C is not read.
typedef void (*sl_gemm_ukr_fn)(long kc, const float *Ap, const float *Bp, float *C, long ldc, float alpha,
                               float beta, long m, long n);

/// Packs rows [i0, i0+mc) × cols [p0, p0+kc) of op(A) into MR-row panels (zero-padded), MR = mr.
typedef void (*sl_pack_a_fn)(int transA, const float *A, long lda, long i0, long p0, long mc, long kc, float *out);
/// Packs rows [p0, p0+kc) × cols [j0, j0+nc) of op(B) into NR-column panels (zero-padded), NR = nr.
typedef void (*sl_pack_b_fn)(int transB, const float *B, long ldb, long p0, long j0, long kc, long nc, float *out);

typedef struct {
    int mr, nr;          // micro-tile
    long kc, mc, nc;     // cache blocking: kc (L1: B micro-panel), mc (L2: A block), nc (L3: B block)
    sl_gemm_ukr_fn ukr;
    sl_gemm_ukr_fn ukr_narrow; // optional: same packing, for edge panels with n ≤ nr/2 (NULL: use ukr)
    /// optional: full-width (n = nr) kernel reading op(B) = B unpacked, row stride ldb (NULL: always pack B)
    void (*ukr_bstride)(long kc, const float *Ap, const float *B, long ldb, float *C, long ldc, float alpha,
                        float beta, long m);
    /// optional: unpacked GEMM for M ≤ 4; returns 0 when it does not handle the case (NULL: never)
    int (*small_m)(int transA, int transB, long M, long N, long K, float alpha, const float *A, long lda,
                   const float *B, long ldb, float beta, float *C, long ldc);
    /// optional: unpacked GEMM for tiny products (any M), tried before packing; returns 0 when it does not
    /// handle the case (NULL: never)
    int (*tiny)(int transA, int transB, long M, long N, long K, float alpha, const float *A, long lda,
                const float *B, long ldb, float beta, float *C, long ldc);
    sl_pack_a_fn pack_a;
    sl_pack_b_fn pack_b;
} sl_gemm_config;

/// The blocked driver (gemm.c), shared by every path.
void sl_gemm_blocked(const sl_gemm_config *cfg, int transA, int transB, long M, long N, long K, float alpha,
                     const float *A, long lda, const float *B, long ldb, float beta, float *C, long ldc);

/// Per-thread scratch memory shared by the GEMM drivers (gemm.c): one buffer per slot, 4 KB aligned, grown on
/// demand and kept until the thread exits (so a warm call never allocates). NULL when out of memory.
enum { SL_SCRATCH_SGEMM_A, SL_SCRATCH_SGEMM_B, SL_SCRATCH_DGEMM_A, SL_SCRATCH_DGEMM_B, SL_SCRATCH_SLOTS };
void *sl_gemm_scratch(int slot, size_t bytes);

static inline long sl_ceil_div(long a, long b) { return (a + b - 1) / b; }
static inline long sl_round_up(long a, long b) { return sl_ceil_div(a, b) * b; }
static inline long sl_min_l(long a, long b) { return a < b ? a : b; }
/// Splits `total` into the fewest blocks of at most `max_block`, of near-equal size rounded up to `quantum`.
long sl_balanced_block(long total, long max_block, long quantum);
/// The k centres (rows of C, stride ldc, d features) transposed for the nearest-centre kernels: Ct[j·kp + c],
/// zero for k ≤ c < kp (dgemm_nearest.c).
void sl_dpack_centres(long d, const double *C, long ldc, long k, long kp, double *Ct);

// ---- Float64 GEMM (dgemm.c) ------------------------------------------------------------------------------------

/// Micro-kernel: C[m×n] = alpha · Ap·Bp + beta · C for one MR×NR tile, as sl_gemm_ukr_fn in Float64.
typedef void (*sl_dgemm_ukr_fn)(long kc, const double *Ap, const double *Bp, double *C, long ldc, double alpha,
                                double beta, long m, long n);

typedef struct {
    int mr, nr;      // micro-tile
    long kc, mc, nc; // cache blocking, as sl_gemm_config
    sl_dgemm_ukr_fn ukr;
} sl_dgemm_config;

extern const sl_dgemm_config sl_dgemm_config_generic;
#if SL_X86
extern const sl_dgemm_config sl_dgemm_config_avx2;
extern const sl_dgemm_config sl_dgemm_config_avx512;
#endif

// ---- Kernel table ------------------------------------------------------------------------------------------

typedef struct {
    sl_isa isa;
    sl_gemm_config gemm;
    void (*vexp)(const float *, float *, long);
    void (*vtanh)(const float *, float *, long);
    void (*vsigmoid)(const float *, float *, long);
    void (*vgelu_tanh)(const float *, float *, long);
    void (*vgelu_erf)(const float *, float *, long);
    void (*vsilu)(const float *, float *, long);
    void (*vaffine)(const float *, float, float, float *, long);
    void (*vbinary)(int, const float *, const float *, float *, long);
    void (*vbinary_scalar)(int, const float *, float, float *, long);
    float (*sum)(const float *, long);
    float (*max)(const float *, long);
    void (*softmax_rows)(const float *, float *, long, long);
    void (*log_softmax_rows)(const float *, float *, long, long);
    void (*adam_step)(float *, const float *, float *, float *, float *, long, float, float, float, float, float, float,
                      float, float);
} sl_kernel_table;

/// The active table (dispatch.c).
const sl_kernel_table *sl_kernels(void);

/// Detected CPU support (cpu_features.c).
int sl_detect_isa_support(sl_isa isa);
const char *sl_detect_feature_string(void);

// Per-path function sets. SL_DECLARE_PATH(avx512) declares sl_vexp_avx512, ...
#define SL_DECLARE_PATH(sfx)                                                                                   \
    void sl_vexp_##sfx(const float *x, float *y, long n);                                                     \
    void sl_vtanh_##sfx(const float *x, float *y, long n);                                                    \
    void sl_vsigmoid_##sfx(const float *x, float *y, long n);                                                 \
    void sl_vgelu_tanh_##sfx(const float *x, float *y, long n);                                               \
    void sl_vgelu_erf_##sfx(const float *x, float *y, long n);                                                \
    void sl_vsilu_##sfx(const float *x, float *y, long n);                                                    \
    void sl_vaffine_##sfx(const float *x, float a, float b, float *y, long n);                                 \
    void sl_vbinary_##sfx(int op, const float *x, const float *y, float *z, long n);                          \
    void sl_vbinary_scalar_##sfx(int op, const float *x, float s, float *z, long n);                          \
    float sl_sum_##sfx(const float *x, long n);                                                               \
    float sl_max_##sfx(const float *x, long n);                                                               \
    void sl_softmax_rows_##sfx(const float *x, float *y, long rows, long cols);                               \
    void sl_log_softmax_rows_##sfx(const float *x, float *y, long rows, long cols);                           \
    void sl_adam_step_##sfx(float *restrict p, const float *restrict grad, float *restrict m, float *restrict v, \
                            float *restrict vmax, long n, float l2, float shrink, float b2, float c1, float c2,   \
                            float step, float bias2_root, float eps);

SL_DECLARE_PATH(generic)
extern const sl_gemm_config sl_gemm_config_generic;
#if SL_X86
SL_DECLARE_PATH(avx2)
SL_DECLARE_PATH(avx512)
extern const sl_gemm_config sl_gemm_config_avx2;
extern const sl_gemm_config sl_gemm_config_avx512;
#endif
#if SL_ARM64
SL_DECLARE_PATH(neon)
extern const sl_gemm_config sl_gemm_config_neon;
#endif

#endif
