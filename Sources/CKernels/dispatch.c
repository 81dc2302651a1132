// dispatch.c: the public entry points, and the one-time choice of which ISA path serves them.
//
// Why: every kernel exists once per path (generic C, AVX2+FMA, AVX-512 on x86-64; NEON on arm64). The path is
// picked at first use from cpuid, or forced by SWIFTLEARN_KERNELS=generic|avx2|avx512|neon (a request this CPU
// cannot run falls back to the best supported path; sl_active_isa reports what was chosen). After that, each
// public function is one indirect call through an immutable table, so the kernels are re-entrant and Swift sees
// plain C functions.
#include "sl_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define SL_TABLE(sfx, isa_value, cfg)                                                                         \
    {                                                                                                          \
        .isa = isa_value, .gemm = cfg, .vexp = sl_vexp_##sfx, .vtanh = sl_vtanh_##sfx,                        \
        .vsigmoid = sl_vsigmoid_##sfx, .vgelu_tanh = sl_vgelu_tanh_##sfx, .vgelu_erf = sl_vgelu_erf_##sfx,    \
        .vsilu = sl_vsilu_##sfx, .vaffine = sl_vaffine_##sfx, .vbinary = sl_vbinary_##sfx,                    \
        .vbinary_scalar = sl_vbinary_scalar_##sfx, .sum = sl_sum_##sfx, .max = sl_max_##sfx,                  \
        .softmax_rows = sl_softmax_rows_##sfx, .log_softmax_rows = sl_log_softmax_rows_##sfx,                 \
        .adam_step = sl_adam_step_##sfx,                                                                       \
    }

// Tables are filled at first use (the gemm config is an extern const struct, not a constant expression).
static sl_kernel_table table_generic;
#if SL_X86
static sl_kernel_table table_avx2;
static sl_kernel_table table_avx512;
#endif
#if SL_ARM64
static sl_kernel_table table_neon;
#endif

static const sl_kernel_table *table_for(sl_isa isa) {
    switch (isa) {
#if SL_X86
    case SL_ISA_AVX2:
        return &table_avx2;
    case SL_ISA_AVX512:
        return &table_avx512;
#endif
#if SL_ARM64
    case SL_ISA_NEON:
        return &table_neon;
#endif
    default:
        return &table_generic;
    }
}

static _Atomic(const sl_kernel_table *) active_table;

static void fill_tables(void) {
    table_generic = (sl_kernel_table)SL_TABLE(generic, SL_ISA_GENERIC, sl_gemm_config_generic);
#if SL_X86
    table_avx2 = (sl_kernel_table)SL_TABLE(avx2, SL_ISA_AVX2, sl_gemm_config_avx2);
    table_avx512 = (sl_kernel_table)SL_TABLE(avx512, SL_ISA_AVX512, sl_gemm_config_avx512);
#endif
#if SL_ARM64
    table_neon = (sl_kernel_table)SL_TABLE(neon, SL_ISA_NEON, sl_gemm_config_neon);
#endif
}

static sl_isa best_supported(void) {
#if SL_X86
    if (sl_detect_isa_support(SL_ISA_AVX512)) return SL_ISA_AVX512;
    if (sl_detect_isa_support(SL_ISA_AVX2)) return SL_ISA_AVX2;
#endif
#if SL_ARM64
    return SL_ISA_NEON;
#endif
    return SL_ISA_GENERIC;
}

static sl_isa choose_isa(void) {
    sl_isa best = best_supported();
    const char *env = getenv("SWIFTLEARN_KERNELS");
    if (env == NULL || env[0] == 0) return best;
    sl_isa want;
    if (strcmp(env, "generic") == 0) want = SL_ISA_GENERIC;
    else if (strcmp(env, "avx2") == 0) want = SL_ISA_AVX2;
    else if (strcmp(env, "avx512") == 0) want = SL_ISA_AVX512;
    else if (strcmp(env, "neon") == 0) want = SL_ISA_NEON;
    else return best;
    // A path weaker than the best is allowed (for comparisons); an unsupported one falls back to the best.
    return sl_detect_isa_support(want) ? want : best;
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_dispatch(void) {
    fill_tables();
    atomic_store_explicit(&active_table, table_for(choose_isa()), memory_order_release);
}

// A per-thread override (NULL: the process-wide choice). Tests and benchmarks compare paths through it, so one
// thread switching paths never changes what kernels running on other threads compute.
static _Thread_local const sl_kernel_table *thread_table;

const sl_kernel_table *sl_kernels(void) {
    const sl_kernel_table *local = thread_table;
    if (local != NULL) return local;
    const sl_kernel_table *t = atomic_load_explicit(&active_table, memory_order_acquire);
    if (__builtin_expect(t != NULL, 1)) return t;
    pthread_once(&init_once, init_dispatch);
    return atomic_load_explicit(&active_table, memory_order_acquire);
}

sl_isa sl_active_isa(void) { return sl_kernels()->isa; }

int sl_set_isa(sl_isa isa) {
    pthread_once(&init_once, init_dispatch);
    if (!sl_detect_isa_support(isa)) return -1;
    atomic_store_explicit(&active_table, table_for(isa), memory_order_release);
    return 0;
}

int sl_set_thread_isa(int isa) {
    pthread_once(&init_once, init_dispatch);
    if (isa < 0) {
        thread_table = NULL;
        return 0;
    }
    if (!sl_detect_isa_support((sl_isa)isa)) return -1;
    thread_table = table_for((sl_isa)isa);
    return 0;
}

int sl_thread_isa(void) { return thread_table == NULL ? -1 : (int)thread_table->isa; }

int sl_cpu_supports(sl_isa isa) { return sl_detect_isa_support(isa); }

const char *sl_isa_name(sl_isa isa) {
    switch (isa) {
    case SL_ISA_GENERIC: return "generic";
    case SL_ISA_AVX2: return "avx2";
    case SL_ISA_AVX512: return "avx512";
    case SL_ISA_NEON: return "neon";
    }
    return "unknown";
}

const char *sl_cpu_features(void) { return sl_detect_feature_string(); }

// ---- Public kernels: one indirect call each. ----------------------------------------------------------------

void sl_sgemm(int transA, int transB, long M, long N, long K, float alpha, const float *A, long lda,
              const float *B, long ldb, float beta, float *C, long ldc) {
    sl_gemm_blocked(&sl_kernels()->gemm, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

void sl_vexp(const float *x, float *y, long n) { sl_kernels()->vexp(x, y, n); }
void sl_vtanh(const float *x, float *y, long n) { sl_kernels()->vtanh(x, y, n); }
void sl_vsigmoid(const float *x, float *y, long n) { sl_kernels()->vsigmoid(x, y, n); }
void sl_vgelu_tanh(const float *x, float *y, long n) { sl_kernels()->vgelu_tanh(x, y, n); }
void sl_vgelu_erf(const float *x, float *y, long n) { sl_kernels()->vgelu_erf(x, y, n); }
void sl_vsilu(const float *x, float *y, long n) { sl_kernels()->vsilu(x, y, n); }
void sl_vaffine(const float *x, float a, float b, float *y, long n) { sl_kernels()->vaffine(x, a, b, y, n); }
void sl_vbinary(int op, const float *x, const float *y, float *z, long n) { sl_kernels()->vbinary(op, x, y, z, n); }
void sl_vbinary_scalar(int op, const float *x, float s, float *z, long n) {
    sl_kernels()->vbinary_scalar(op, x, s, z, n);
}
float sl_sum(const float *x, long n) { return sl_kernels()->sum(x, n); }
float sl_max(const float *x, long n) { return sl_kernels()->max(x, n); }
void sl_softmax_rows(const float *x, float *y, long rows, long cols) { sl_kernels()->softmax_rows(x, y, rows, cols); }
void sl_log_softmax_rows(const float *x, float *y, long rows, long cols) {
    sl_kernels()->log_softmax_rows(x, y, rows, cols);
}

void sl_adam_step(float *p, const float *grad, float *m, float *v, float *vmax, long n, float l2, float shrink, float b2,
                  float c1, float c2, float step, float bias2_root, float eps) {
    sl_kernels()->adam_step(p, grad, m, v, vmax, n, l2, shrink, b2, c1, c2, step, bias2_root, eps);
}
