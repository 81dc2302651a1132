// recurrent.c: the LSTM cell's backward gate arithmetic for one time step of a batch slice.
//
// Why C: in Swift the loop reads and writes seven buffers that the compiler must assume may alias, so it stays
// scalar; with restrict pointers it vectorises. The math (gate order i, f, g, o, as PyTorch) is documented in
// Tensors/Operations/Recurrence.swift.
#include "sl_internal.h"

void sl_lstm_backward_step_f32(const float *restrict gates, const float *restrict cell_tanh, const float *restrict c_prev,
                               const float *restrict dh, const float *restrict upstream, float *restrict dc,
                               float *restrict dgates, long rows, long h) {
    for (long r = 0; r < rows; r++) {
        const float *a = gates + r * 4 * h;
        float *d = dgates + r * 4 * h;
        const float *tc = cell_tanh + r * h, *cp = c_prev + r * h, *dhr = dh + r * h, *up = upstream + r * h;
        float *dcr = dc + r * h;
        for (long j = 0; j < h; j++) {
            float i = a[j], f = a[h + j], g = a[2 * h + j], o = a[3 * h + j], t = tc[j];
            float dhv = dhr[j] + up[j];
            float dcv = dcr[j] + dhv * o * (1.0f - t * t);
            d[j] = dcv * g * i * (1.0f - i);
            d[h + j] = dcv * cp[j] * f * (1.0f - f);
            d[2 * h + j] = dcv * i * (1.0f - g * g);
            d[3 * h + j] = dhv * t * o * (1.0f - o);
            dcr[j] = dcv * f;
        }
    }
}
