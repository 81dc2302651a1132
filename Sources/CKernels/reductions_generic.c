// reductions_generic.c: the portable sum, max and row softmax / log-softmax (generic path).
//
// Why: correct on any CPU, deterministic, and accurate. The sum uses 8 independent float accumulators over
// 4096-element blocks (the compiler can keep them in SSE/NEON registers without reassociating anything), the
// 8 partials are added in a fixed order, and block sums are accumulated in double. max propagates NaN.
// Softmax subtracts the row max first and sums the exponentials in double; an all -inf row gives NaN for
// both softmax and log-softmax (as PyTorch).
#include "sl_internal.h"

#include <math.h>

static float block_sum(const float *x, long n) {
    float s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    long i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; k++) s[k] += x[i + k];
    for (int k = 0; i < n; i++, k++) s[k] += x[i];
    return ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
}

float sl_sum_generic(const float *x, long n) {
    double total = 0;
    for (long i = 0; i < n; i += 4096) total += (double)block_sum(x + i, n - i < 4096 ? n - i : 4096);
    return (float)total;
}

float sl_max_generic(const float *x, long n) {
    // 8 independent lanes (vectorisable), NaN tracked separately so that it always wins.
    float m[8] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY};
    int nan = 0;
    long i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; k++) {
            float v = x[i + k];
            m[k] = v > m[k] ? v : m[k];
            nan |= v != v;
        }
    for (; i < n; i++) {
        m[0] = x[i] > m[0] ? x[i] : m[0];
        nan |= x[i] != x[i];
    }
    if (nan) return NAN;
    float r = m[0];
    for (int k = 1; k < 8; k++) r = m[k] > r ? m[k] : r;
    return r;
}

void sl_softmax_rows_generic(const float *x, float *y, long rows, long cols) {
    for (long r = 0; r < rows; r++) {
        const float *xr = x + r * cols;
        float *yr = y + r * cols;
        float m = sl_max_generic(xr, cols);
        double s = 0;
        for (long i = 0; i < cols; i++) {
            yr[i] = expf(xr[i] - m);
            s += yr[i];
        }
        float inv = (float)(1.0 / s);
        for (long i = 0; i < cols; i++) yr[i] *= inv;
    }
}

void sl_log_softmax_rows_generic(const float *x, float *y, long rows, long cols) {
    for (long r = 0; r < rows; r++) {
        const float *xr = x + r * cols;
        float *yr = y + r * cols;
        float m = sl_max_generic(xr, cols);
        double s = 0;
        for (long i = 0; i < cols; i++) s += expf(xr[i] - m);
        float lse = (float)log(s);
        for (long i = 0; i < cols; i++) yr[i] = (xr[i] - m) - lse;
    }
}
