// gemm_pack_template.h: the packing routines of the blocked GEMM, instantiated once per micro-tile shape.
//
// Why a template: the micro-panel width (MR rows of A, NR columns of B) must be a compile-time constant for
// the copy loops to become straight vector moves, and each ISA path wants them compiled with its own target
// attribute. A file that includes this defines:
//   SL_PACK_MR, SL_PACK_NR   micro-tile shape
//   SL_PACK_ATTR             function attributes (e.g. SL_TARGET_AVX512), may be empty
//   SL_PACK_PREFIX           prefix of the static functions defined here (pack_a = SL_PACK_PREFIX##_a, ...)
// Layout: A panel = kc groups of MR floats (rows of op(A) i..i+MR at one k), zero-padded past the last row;
//         B panel = kc groups of NR floats (columns j..j+NR of op(B) at one k), zero-padded past the last column.
// Both packings are one of two moves: a "copy" (each k is already a contiguous run: op(A) transposed, op(B)
// plain) or a "transpose" (W source rows read side by side: op(A) plain, op(B) transposed), so a transposed
// operand costs the same as a plain one.

#define SL_PACK_CAT2(a, b) a##b
#define SL_PACK_CAT(a, b) SL_PACK_CAT2(a, b)
#define SL_PACK_FN(name) SL_PACK_CAT(SL_PACK_PREFIX, name)

/// out[p*W + c] = src[p*ld + c] for c < w (zero for w ≤ c < W), p < kc.
#define SL_DEFINE_PACK_COPY(NAME, W)                                                                          \
    SL_PACK_ATTR static void NAME(const float *src, long ld, long w, long kc, float *restrict out) {           \
        if (w == (W)) {                                                                                       \
            for (long p = 0; p < kc; p++)                                                                     \
                _Pragma("clang loop unroll(full)") for (int c = 0; c < (W); c++) out[p * (W) + c] = src[p * ld + c]; \
        } else {                                                                                              \
            for (long p = 0; p < kc; p++) {                                                                   \
                for (long c = 0; c < w; c++) out[p * (W) + c] = src[p * ld + c];                              \
                for (long c = w; c < (W); c++) out[p * (W) + c] = 0;                                          \
            }                                                                                                 \
        }                                                                                                     \
    }

#if defined(__x86_64__)
#include <immintrin.h>
/// out[p*W + r] = src[r*ld + p] for r < h (zero for h ≤ r < W), p < kc. Full 4×4 blocks use SSE transposes.
#define SL_DEFINE_PACK_TRANSPOSE(NAME, W)                                                                     \
    SL_PACK_ATTR static void NAME(const float *src, long ld, long h, long kc, float *restrict out) {           \
        if (h == (W)) {                                                                                       \
            long p = 0;                                                                                       \
            for (; p + 4 <= kc; p += 4) {                                                                     \
                _Pragma("clang loop unroll(full)") for (int r = 0; r + 4 <= (W); r += 4) {                    \
                    const float *s = src + r * ld + p;                                                        \
                    __m128 r0 = _mm_loadu_ps(s), r1 = _mm_loadu_ps(s + ld);                                   \
                    __m128 r2 = _mm_loadu_ps(s + 2 * ld), r3 = _mm_loadu_ps(s + 3 * ld);                      \
                    _MM_TRANSPOSE4_PS(r0, r1, r2, r3);                                                        \
                    _mm_storeu_ps(out + (p + 0) * (W) + r, r0);                                               \
                    _mm_storeu_ps(out + (p + 1) * (W) + r, r1);                                               \
                    _mm_storeu_ps(out + (p + 2) * (W) + r, r2);                                               \
                    _mm_storeu_ps(out + (p + 3) * (W) + r, r3);                                               \
                }                                                                                             \
                _Pragma("clang loop unroll(full)") for (int r = (W) / 4 * 4; r < (W); r++) {                  \
                    const float *s = src + r * ld + p;                                                        \
                    float v0 = s[0], v1 = s[1], v2 = s[2], v3 = s[3];                                         \
                    out[(p + 0) * (W) + r] = v0;                                                              \
                    out[(p + 1) * (W) + r] = v1;                                                              \
                    out[(p + 2) * (W) + r] = v2;                                                              \
                    out[(p + 3) * (W) + r] = v3;                                                              \
                }                                                                                             \
            }                                                                                                 \
            for (; p < kc; p++)                                                                               \
                _Pragma("clang loop unroll(full)") for (int r = 0; r < (W); r++) out[p * (W) + r] = src[r * ld + p]; \
        } else {                                                                                              \
            for (long p = 0; p < kc; p++) {                                                                   \
                for (long r = 0; r < h; r++) out[p * (W) + r] = src[r * ld + p];                              \
                for (long r = h; r < (W); r++) out[p * (W) + r] = 0;                                          \
            }                                                                                                 \
        }                                                                                                     \
    }
#else
#define SL_DEFINE_PACK_TRANSPOSE(NAME, W)                                                                     \
    SL_PACK_ATTR static void NAME(const float *src, long ld, long h, long kc, float *restrict out) {           \
        if (h == (W)) {                                                                                       \
            long p = 0;                                                                                       \
            for (; p + 4 <= kc; p += 4) {                                                                     \
                _Pragma("clang loop unroll(full)") for (int r = 0; r < (W); r++) {                            \
                    const float *s = src + r * ld + p;                                                        \
                    float v0 = s[0], v1 = s[1], v2 = s[2], v3 = s[3];                                         \
                    out[(p + 0) * (W) + r] = v0;                                                              \
                    out[(p + 1) * (W) + r] = v1;                                                              \
                    out[(p + 2) * (W) + r] = v2;                                                              \
                    out[(p + 3) * (W) + r] = v3;                                                              \
                }                                                                                             \
            }                                                                                                 \
            for (; p < kc; p++)                                                                               \
                _Pragma("clang loop unroll(full)") for (int r = 0; r < (W); r++) out[p * (W) + r] = src[r * ld + p]; \
        } else {                                                                                              \
            for (long p = 0; p < kc; p++) {                                                                   \
                for (long r = 0; r < h; r++) out[p * (W) + r] = src[r * ld + p];                              \
                for (long r = h; r < (W); r++) out[p * (W) + r] = 0;                                          \
            }                                                                                                 \
        }                                                                                                     \
    }
#endif

SL_DEFINE_PACK_COPY(SL_PACK_FN(_copy_mr), SL_PACK_MR)
SL_DEFINE_PACK_COPY(SL_PACK_FN(_copy_nr), SL_PACK_NR)
SL_DEFINE_PACK_TRANSPOSE(SL_PACK_FN(_transpose_mr), SL_PACK_MR)
SL_DEFINE_PACK_TRANSPOSE(SL_PACK_FN(_transpose_nr), SL_PACK_NR)

/// Packs rows [i0, i0+mc) × cols [p0, p0+kc) of op(A) into MR-row panels.
SL_PACK_ATTR static void SL_PACK_FN(_a)(int transA, const float *A, long lda, long i0, long p0, long mc, long kc,
                                        float *restrict out) {
    for (long ir = 0; ir < mc; ir += SL_PACK_MR) {
        const long h = mc - ir < SL_PACK_MR ? mc - ir : SL_PACK_MR;
        if (!transA) SL_PACK_FN(_transpose_mr)(A + (i0 + ir) * lda + p0, lda, h, kc, out);
        else SL_PACK_FN(_copy_mr)(A + p0 * lda + i0 + ir, lda, h, kc, out);
        out += SL_PACK_MR * kc;
    }
}

/// Packs rows [p0, p0+kc) × cols [j0, j0+nc) of op(B) into NR-column panels.
SL_PACK_ATTR static void SL_PACK_FN(_b)(int transB, const float *B, long ldb, long p0, long j0, long kc, long nc,
                                        float *restrict out) {
    for (long jr = 0; jr < nc; jr += SL_PACK_NR) {
        const long w = nc - jr < SL_PACK_NR ? nc - jr : SL_PACK_NR;
        if (!transB) SL_PACK_FN(_copy_nr)(B + p0 * ldb + j0 + jr, ldb, w, kc, out);
        else SL_PACK_FN(_transpose_nr)(B + (j0 + jr) * ldb + p0, ldb, w, kc, out);
        out += SL_PACK_NR * kc;
    }
}

#undef SL_DEFINE_PACK_COPY
#undef SL_DEFINE_PACK_TRANSPOSE
#undef SL_PACK_FN
#undef SL_PACK_CAT
#undef SL_PACK_CAT2
#undef SL_PACK_MR
#undef SL_PACK_NR
#undef SL_PACK_ATTR
#undef SL_PACK_PREFIX
