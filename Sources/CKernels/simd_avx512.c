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
#include "vecmath_template.h"
#endif
