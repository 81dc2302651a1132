// histogram.c: the loops of histogram gradient boosting over UInt8 bin codes (ClassicML/Ensemble).
//
// Why C: growing one tree visits every (row, feature) pair of a node to add its gradient to a 256-bin histogram,
// thousands of times per fit; in Swift the bounds and overflow checks (and -Onone in debug test builds) make
// that loop several times slower. Features are processed four at a time so one pass over the node's rows loads
// each row's gradient once and feeds four independent accumulation chains (consecutive rows that land in the
// same bin otherwise serialise on the store→load of one histogram cell).
#include "sl_internal.h"

#include <string.h>

#define SL_HIST_STRIDE 256

/// Adds row k of the node to one bin: gradient, hessian (unless constant) and count.
#define SL_HIST_ADD(hist, bin, g, h)      \
    do {                                  \
        sl_hist_bin *cell_ = (hist) + (bin); \
        cell_->gradient += (g);           \
        cell_->hessian += (h);            \
        cell_->count += 1;                \
    } while (0)

/// Clears the cells a feature's codes can reach: its used bins and the missing bin (all 256 without a count).
static void clear_cells(sl_hist_bin *hist, long features, const int *used_bins, int missing_bin) {
    if (!used_bins) {
        memset(hist, 0, (size_t)features * SL_HIST_STRIDE * sizeof(sl_hist_bin));
        return;
    }
    for (long f = 0; f < features; f++) {
        sl_hist_bin *h = hist + f * SL_HIST_STRIDE;
        memset(h, 0, (size_t)used_bins[f] * sizeof(sl_hist_bin));
        memset(h + missing_bin, 0, sizeof(sl_hist_bin));
    }
}

void sl_hist_build_u8(const unsigned char *binned, long stride, long first_feature, long features, const unsigned int *rows,
                      long n, const float *gradients, const float *hessians, const int *used_bins, int missing_bin,
                      sl_hist_bin *hist) {
    clear_cells(hist, features, used_bins, missing_bin);
    long f = 0;
    for (; f + 4 <= features; f += 4) {
        const unsigned char *c0 = binned + (first_feature + f) * stride, *c1 = c0 + stride, *c2 = c1 + stride,
                            *c3 = c2 + stride;
        sl_hist_bin *h0 = hist + f * SL_HIST_STRIDE, *h1 = h0 + SL_HIST_STRIDE, *h2 = h1 + SL_HIST_STRIDE,
                    *h3 = h2 + SL_HIST_STRIDE;
        for (long k = 0; k < n; k++) {
            long r = rows ? (long)rows[k] : k;
            double g = gradients[k], h = hessians ? hessians[k] : 0.0;
            SL_HIST_ADD(h0, c0[r], g, h);
            SL_HIST_ADD(h1, c1[r], g, h);
            SL_HIST_ADD(h2, c2[r], g, h);
            SL_HIST_ADD(h3, c3[r], g, h);
        }
    }
    for (; f < features; f++) {
        const unsigned char *c = binned + (first_feature + f) * stride;
        sl_hist_bin *hf = hist + f * SL_HIST_STRIDE;
        for (long k = 0; k < n; k++) {
            long r = rows ? (long)rows[k] : k;
            SL_HIST_ADD(hf, c[r], (double)gradients[k], hessians ? (double)hessians[k] : 0.0);
        }
    }
}

static inline void subtract_cells(const sl_hist_bin *parent, const sl_hist_bin *child, sl_hist_bin *out, long cells) {
    for (long i = 0; i < cells; i++) {
        out[i].gradient = parent[i].gradient - child[i].gradient;
        out[i].hessian = parent[i].hessian - child[i].hessian;
        out[i].count = parent[i].count - child[i].count;
    }
}

void sl_hist_subtract(const sl_hist_bin *parent, const sl_hist_bin *child, sl_hist_bin *out, long features,
                      const int *used_bins, int missing_bin) {
    if (!used_bins) {
        subtract_cells(parent, child, out, features * SL_HIST_STRIDE);
        return;
    }
    for (long f = 0; f < features; f++) {
        long o = f * SL_HIST_STRIDE;
        subtract_cells(parent + o, child + o, out + o, used_bins[f]);
        subtract_cells(parent + o + missing_bin, child + o + missing_bin, out + o + missing_bin, 1);
    }
}

void sl_gather_f32(const float *source, const unsigned int *rows, long n, float *out) {
    for (long k = 0; k < n; k++) out[k] = source[rows[k]];
}

/// The loss G·value of a child at its Newton value −G/(H + λ) (the 1e-15 keeps an empty hessian finite): −G²/(H + λ).
static inline double node_loss(double g, double h, double l2) { return g * (-g / (h + l2 + 1e-15)); }

/// Considers one cut; keeps it when its gain is strictly larger (the first of equal gains wins).
static inline void consider(const sl_split_settings *s, double parent_loss, double gl, double hl, unsigned nl, double g,
                            double h, int bin, int missing_left, sl_split_candidate *best) {
    double gr = g - gl, hr = h - hl;
    double gain = parent_loss - node_loss(gl, hl, s->l2) - node_loss(gr, hr, s->l2);
    if (gain > best->gain && gain > s->min_gain) {
        best->gain = gain;
        best->bin = bin;
        best->missing_left = missing_left;
        best->gradient_left = gl;
        best->hessian_left = hl;
        best->count_left = nl;
    }
}

void sl_hist_best_split(const sl_hist_bin *hist, int bins_non_missing, int has_missing, double sum_gradient,
                        double sum_hessian, unsigned count, double node_value, const sl_split_settings *s,
                        sl_split_candidate *best) {
    best->gain = -1;
    best->bin = -1;
    double parent_loss = sum_gradient * node_value;
    int constant = s->constant_hessian;
    // Left to right: bins ≤ b go left, missing values go right; with missing values the last bin may go left too
    // (a "split on missing").
    double gl = 0, hl = 0;
    unsigned nl = 0;
    int end = bins_non_missing - 1 + (has_missing ? 1 : 0);
    for (int b = 0; b < end; b++) {
        nl += hist[b].count;
        gl += hist[b].gradient;
        hl += constant ? (double)hist[b].count * s->hessian_constant : hist[b].hessian;
        unsigned nr = count - nl;
        if (nl < s->min_samples_leaf) continue;
        if (nr < s->min_samples_leaf) break;
        if (hl < s->min_hessian) continue;
        if (sum_hessian - hl < s->min_hessian) break;
        consider(s, parent_loss, gl, hl, nl, sum_gradient, sum_hessian, b, 0, best);
    }
    if (!has_missing) return;
    // Right to left: bins > b go right, missing values go left.
    double gr = 0, hr = 0;
    unsigned nr = 0;
    for (int b = bins_non_missing - 2; b >= 0; b--) {
        const sl_hist_bin *cell = hist + b + 1;
        nr += cell->count;
        gr += cell->gradient;
        hr += constant ? (double)cell->count * s->hessian_constant : cell->hessian;
        unsigned left = count - nr;
        if (nr < s->min_samples_leaf) continue;
        if (left < s->min_samples_leaf) break;
        if (hr < s->min_hessian) continue;
        if (sum_hessian - hr < s->min_hessian) break;
        consider(s, parent_loss, sum_gradient - gr, sum_hessian - hr, left, sum_gradient, sum_hessian, b, 1, best);
    }
}

long sl_partition_rows_u8(const unsigned char *column, unsigned int *rows, long n, int bin, int missing_bin,
                          int missing_left, unsigned int *scratch) {
    long left = 0, right = 0;
    for (long k = 0; k < n; k++) {
        unsigned int r = rows[k];
        int b = column[r];
        int goes_left = (b == missing_bin) ? missing_left : (b <= bin);
        if (goes_left) rows[left++] = r;
        else scratch[right++] = r;
    }
    memcpy(rows + left, scratch, (size_t)right * sizeof(unsigned int));
    return left;
}
