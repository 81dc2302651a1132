// transformer_avx2.c: the AVX2+FMA copies of the transformer row kernels (transformer_template.h, 8 lanes).
#include "transformer_internal.h"

#if SL_X86
#define SL_TX_VW 8
#define SL_TX_ATTR SL_TARGET_AVX2
#define SL_TX_SUFFIX avx2
#include "transformer_template.h"
#endif
