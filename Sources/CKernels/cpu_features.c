// cpu_features.c: what this CPU (and its OS) can run, asked once.
//
// Why: the ISA path is chosen at run time, not at build time, so one binary is fast on a new CPU and still
// correct on an old one. On x86-64, __builtin_cpu_supports reads cpuid and also checks that the OS saves the
// AVX / AVX-512 register state (XCR0), so a "yes" here means the instructions are really usable.
// On arm64, NEON (Advanced SIMD) is part of the baseline ISA.
#include "sl_internal.h"

#include <pthread.h>
#include <string.h>

int sl_detect_isa_support(sl_isa isa) {
    switch (isa) {
    case SL_ISA_GENERIC:
        return 1;
#if SL_X86
    case SL_ISA_AVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case SL_ISA_AVX512:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
#if SL_ARM64
    case SL_ISA_NEON:
        return 1;
#endif
    default:
        return 0;
    }
}

static char feature_string[256];
static pthread_once_t feature_once = PTHREAD_ONCE_INIT;

static void append(const char *name) {
    size_t len = strlen(feature_string);
    if (len + strlen(name) + 2 >= sizeof feature_string) return;
    if (len > 0) feature_string[len++] = ',';
    strcpy(feature_string + len, name);
}

static void detect_features(void) {
    feature_string[0] = 0;
#if SL_X86
    __builtin_cpu_init();
    // __builtin_cpu_supports needs string literals, hence the unrolled list.
#define SL_FEATURE(name) if (__builtin_cpu_supports(name)) append(name);
    SL_FEATURE("sse2")
    SL_FEATURE("sse4.2")
    SL_FEATURE("avx")
    SL_FEATURE("avx2")
    SL_FEATURE("fma")
    SL_FEATURE("f16c")
    SL_FEATURE("avx512f")
    SL_FEATURE("avx512dq")
    SL_FEATURE("avx512bw")
    SL_FEATURE("avx512vl")
    SL_FEATURE("avx512vnni")
    SL_FEATURE("avx512bf16")
#undef SL_FEATURE
#elif SL_ARM64
    append("neon");
#else
    append("none");
#endif
}

const char *sl_detect_feature_string(void) {
    pthread_once(&feature_once, detect_features);
    return feature_string;
}
