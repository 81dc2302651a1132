// simd_avx2.c: the avx2 copies of the vectorised elementwise maps, reductions and row softmax.
//
// Why: vecmath_template.h is written once over clang's vector extension; this file instantiates it with
// 8-lane vectors under __attribute__((target(...))), so the code is avx2 without any compiler flag.
// It is only called after cpu_features.c has confirmed that this CPU and OS support avx2.
#include "sl_internal.h"

#if SL_X86
#define SL_VW 8
#define SL_VM_ATTR SL_TARGET_AVX2
#define SL_VM_SUFFIX avx2
#include "vecmath_template.h"
#define SL_OPT_ATTR SL_TARGET_AVX2
#define SL_OPT_SUFFIX avx2
#include "optimizer_template.h"
#endif
