// transformer_generic.c: the portable copies of the transformer row kernels (transformer_template.h with
// 4-lane vectors and no target attribute: SSE2 on x86-64, NEON on arm64, plain C elsewhere).
#include "transformer_internal.h"

#define SL_TX_VW 4
#define SL_TX_ATTR
#define SL_TX_SUFFIX generic
#include "transformer_template.h"
