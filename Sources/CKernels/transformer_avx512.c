// transformer_avx512.c: the AVX-512 copies of the transformer row kernels (transformer_template.h, 16 lanes).
#include "transformer_internal.h"

#if SL_X86
#define SL_TX_VW 16
#define SL_TX_ATTR SL_TARGET_AVX512
#define SL_TX_SUFFIX avx512
#include "transformer_template.h"
#endif
