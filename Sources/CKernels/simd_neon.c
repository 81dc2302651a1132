// simd_neon.c: the arm64 (NEON) copies of the vectorised elementwise maps, reductions and row softmax.
//
// Why: vecmath_template.h is written once over clang's vector extension; on arm64 its 4-lane vectors are
// NEON registers (Advanced SIMD is part of the baseline ISA, so no target attribute is needed).
#include "sl_internal.h"

#if SL_ARM64
#define SL_VW 4
#define SL_VM_ATTR
#define SL_VM_SUFFIX neon
#include "vecmath_template.h"
#define SL_OPT_ATTR
#define SL_OPT_SUFFIX neon
#include "optimizer_template.h"
#endif
