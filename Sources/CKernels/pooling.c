// pooling.c: max pooling over NCHW planes without padding or dilation (every window inside the plane).
//
// Why C: the Swift loop keeps a running maximum through a dependent chain of compares and selects and, with
// overflow checks on every index, costs ~14 ns per output; this loop runs at a few cycles per output. The
// winner's offset within the plane is recorded for the backward pass. NaN wins and stays, as in PyTorch.
#include "sl_internal.h"

#include <stdint.h>

void sl_maxpool2d_f32(const float *x, float *y, int *winners, long planes, long h, long w, long kh, long kw, long sh,
                      long sw, long ho, long wo) {
    for (long p = 0; p < planes; p++) {
        const float *plane = x + p * h * w;
        float *out = y + p * ho * wo;
        int *win = winners + p * ho * wo;
        for (long oh = 0; oh < ho; oh++) {
            for (long ow = 0; ow < wo; ow++) {
                long first = oh * sh * w + ow * sw;
                // Selects as bit masks: on real activations a branch here mispredicts about half the time.
                float best = plane[first];
                uint32_t best_bits;
                __builtin_memcpy(&best_bits, &best, 4);
                uint32_t best_index = (uint32_t)first;
                for (long ki = 0; ki < kh; ki++) {
                    const float *row = plane + first + ki * w;
                    for (long kj = 0; kj < kw; kj++) {
                        float v = row[kj];
                        uint32_t v_bits;
                        __builtin_memcpy(&v_bits, &v, 4);
                        uint32_t take = (uint32_t)(v > best) | ((uint32_t)(v != v) & (uint32_t)(best == best));
                        uint32_t mask = 0u - take;
                        best_bits = (v_bits & mask) | (best_bits & ~mask);
                        best_index = ((uint32_t)(first + ki * w + kj) & mask) | (best_index & ~mask);
                        __builtin_memcpy(&best, &best_bits, 4);
                    }
                }
                out[oh * wo + ow] = best;
                win[oh * wo + ow] = (int)best_index;
            }
        }
    }
}
