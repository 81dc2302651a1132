// gemm_microkernel_generic.c: the portable SGEMM micro-kernel (generic path on any CPU; NEON path on arm64).
//
// Why: it must be correct everywhere and reasonably fast with no ISA flags. It is written with clang's
// 4-lane vector extension, which is SSE2 on baseline x86-64 and NEON on arm64 (where `acc + a * b` is fused
// into fmla). Tile shapes fit each register file: 6×8 (12 accumulators, 16 xmm registers) for x86-64's
// generic path, 8×12 (24 accumulators, 32 NEON registers) on arm64.
#include "sl_internal.h"

#include <string.h>

typedef float v4f __attribute__((ext_vector_type(4)));

static inline v4f load4(const float *p) {
    v4f v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline void store4(float *p, v4f v) { memcpy(p, &v, sizeof v); }

#define SL_DEFINE_GENERIC_UKR(NAME, MR, NV)                                                                   \
    static void NAME(long kc, const float *restrict a, const float *restrict b, float *restrict c, long ldc,  \
                     float alpha, float beta, long m, long n) {                                               \
        enum { NR = 4 * (NV) };                                                                               \
        v4f acc[MR][NV];                                                                                      \
        _Pragma("clang loop unroll(full)") for (int r = 0; r < (MR); r++)                                     \
            _Pragma("clang loop unroll(full)") for (int v = 0; v < (NV); v++) acc[r][v] = (v4f)0;            \
        for (long p = 0; p < kc; p++) {                                                                       \
            v4f bv[NV];                                                                                       \
            _Pragma("clang loop unroll(full)") for (int v = 0; v < (NV); v++) bv[v] = load4(b + 4 * v);      \
            _Pragma("clang loop unroll(full)") for (int r = 0; r < (MR); r++) {                               \
                v4f av = (v4f)a[r];                                                                           \
                _Pragma("clang loop unroll(full)") for (int v = 0; v < (NV); v++) acc[r][v] += av * bv[v];   \
            }                                                                                                 \
            a += (MR);                                                                                        \
            b += NR;                                                                                          \
        }                                                                                                     \
        if (m == (MR) && n == NR) {                                                                           \
            _Pragma("clang loop unroll(full)") for (int r = 0; r < (MR); r++)                                 \
                _Pragma("clang loop unroll(full)") for (int v = 0; v < (NV); v++) {                           \
                    float *cp = c + r * ldc + 4 * v;                                                          \
                    v4f out = alpha * acc[r][v];                                                              \
                    if (beta != 0) out += beta * load4(cp);                                                   \
                    store4(cp, out);                                                                          \
                }                                                                                             \
            return;                                                                                           \
        }                                                                                                     \
        float tile[MR][NR];                                                                                   \
        _Pragma("clang loop unroll(full)") for (int r = 0; r < (MR); r++)                                     \
            _Pragma("clang loop unroll(full)") for (int v = 0; v < (NV); v++) store4(&tile[r][4 * v], acc[r][v]); \
        for (long r = 0; r < m; r++)                                                                          \
            for (long j = 0; j < n; j++) {                                                                    \
                float out = alpha * tile[r][j];                                                               \
                if (beta != 0) out += beta * c[r * ldc + j];                                                  \
                c[r * ldc + j] = out;                                                                         \
            }                                                                                                 \
    }

#if SL_ARM64
SL_DEFINE_GENERIC_UKR(ukr_neon, 8, 3)
#define SL_PACK_MR 8
#define SL_PACK_NR 12
#define SL_PACK_ATTR
#define SL_PACK_PREFIX pack_neon
#include "gemm_pack_template.h"
// M ≤ 4 without packing (fma is native on arm64; not used by the x86 generic path, where a vector fma
// without the FMA extension would become libm calls).
#define SL_VW 4
#define SL_GS_ATTR
#define SL_GS_NAME gemm_small_neon
#include "gemm_small_template.h"
#undef SL_VW

const sl_gemm_config sl_gemm_config_neon = {
    .mr = 8, .nr = 12, .kc = 256, .mc = 8 * 16, .nc = 2048,
    .ukr = ukr_neon, .small_m = gemm_small_neon, .pack_a = pack_neon_a, .pack_b = pack_neon_b,
};
#endif

SL_DEFINE_GENERIC_UKR(ukr_generic, 6, 2)
#define SL_PACK_MR 6
#define SL_PACK_NR 8
#define SL_PACK_ATTR
#define SL_PACK_PREFIX pack_generic
#include "gemm_pack_template.h"

const sl_gemm_config sl_gemm_config_generic = {
    .mr = 6, .nr = 8, .kc = 256, .mc = 6 * 16, .nc = 2048,
    .ukr = ukr_generic, .pack_a = pack_generic_a, .pack_b = pack_generic_b,
};
