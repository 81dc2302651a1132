// simd_avx512.c: the avx512 copies of the vectorised elementwise maps, reductions and row softmax.
//
// Why: vecmath_template.h is written once over clang's vector extension; this file instantiates it with
// 16-lane vectors under __attribute__((target(...))), so the code is avx512 without any compiler flag.
// It is only called after cpu_features.c has confirmed that this CPU and OS support avx512.
#include "sl_internal.h"

#if SL_X86
#define SL_VW 16
#define SL_VM_ATTR SL_TARGET_AVX512
#define SL_VM_SUFFIX avx512
#define SL_SUM_VW 8 // sl_sum streams with 256-bit loads (faster on Zen 4, see vecmath_template.h)
#include <immintrin.h>
// p·2^n in one instruction (vscalefps rounds subnormal results once and overflows to inf).
#define SL_VM_SCALE2(p, n)                                                                                    \
    __builtin_bit_cast(vf, _mm512_scalef_ps(__builtin_bit_cast(__m512, (p)), __builtin_bit_cast(__m512, (n))))
// 1/d for d in [1, 16]: rcp14 (relative error < 2^-14) refined by one Newton step.
SL_TARGET_AVX512 static inline __attribute__((always_inline)) __m512 sl_recip512(__m512 d) {
    __m512 r = _mm512_rcp14_ps(d);
    return _mm512_fmadd_ps(r, _mm512_fnmadd_ps(d, r, _mm512_set1_ps(1.0f)), r);
}
#define SL_VM_RECIP(d) __builtin_bit_cast(vf, sl_recip512(__builtin_bit_cast(__m512, (d))))
#include "vecmath_template.h"
#define SL_OPT_ATTR SL_TARGET_AVX512
#define SL_OPT_SUFFIX avx512
#include "optimizer_template.h"
#endif
