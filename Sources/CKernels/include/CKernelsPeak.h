// Peak floating-point throughput probe, used by swiftlearn-bench to report kernels as a share of what the
// CPU can do. Not used by any op.
#ifndef SWIFTLEARN_CKERNELS_PEAK_H
#define SWIFTLEARN_CKERNELS_PEAK_H

#ifdef __cplusplus
extern "C" {
#endif

/// Runs `iterations` rounds of independent fused multiply-adds on the widest vectors the active kernel path
/// uses, single-threaded, and returns the number of floating-point operations performed (2 per FMA lane).
/// The result of the arithmetic is folded into *sink so the compiler cannot drop it.
double sl_peak_fma_flops(long iterations, float *sink);

#ifdef __cplusplus
}
#endif
#endif
