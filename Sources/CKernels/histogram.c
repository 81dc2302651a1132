// histogram.c: the loops of histogram gradient boosting over UInt8 bin codes (ClassicML/Ensemble).
//
// Why C: growing one tree visits every (row, feature) pair of a node to add its gradient to a 256-bin histogram,
// thousands of times per fit; in Swift the bounds and overflow checks (and -Onone in debug test builds) make
// that loop several times slower. Features are processed four at a time so one pass over the node's rows loads
// each row's gradient once and feeds four independent accumulation chains (consecutive rows that land in the
// same bin otherwise serialise on the store→load of one histogram cell).
#include "sl_internal.h"

#include <math.h>
#include <string.h>

#define SL_HIST_STRIDE 256

/// Adds row k of the node to one bin: gradient, hessian (0 with a constant hessian) and count.
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

/// The loop of every path: four features per pass over the node's rows (one gradient load feeds four independent
/// accumulation chains), then the remaining features one at a time. LOAD_ROW declares row k's values; ADD_CELL(cell)
/// adds them to one cell.
#define SL_HIST_BUILD_LOOPS(LOAD_ROW, ADD_CELL)                                                               \
    long f = 0;                                                                                              \
    for (; f + 4 <= features; f += 4) {                                                                      \
        const unsigned char *c0 = binned + (first_feature + f) * stride, *c1 = c0 + stride, *c2 = c1 + stride, \
                            *c3 = c2 + stride;                                                               \
        sl_hist_bin *h0 = hist + f * SL_HIST_STRIDE, *h1 = h0 + SL_HIST_STRIDE, *h2 = h1 + SL_HIST_STRIDE,     \
                    *h3 = h2 + SL_HIST_STRIDE;                                                               \
        for (long k = 0; k < n; k++) {                                                                       \
            long r = rows ? (long)rows[k] : k;                                                               \
            LOAD_ROW;                                                                                        \
            ADD_CELL(h0 + c0[r]);                                                                            \
            ADD_CELL(h1 + c1[r]);                                                                            \
            ADD_CELL(h2 + c2[r]);                                                                            \
            ADD_CELL(h3 + c3[r]);                                                                            \
        }                                                                                                    \
    }                                                                                                        \
    for (; f < features; f++) {                                                                              \
        const unsigned char *c = binned + (first_feature + f) * stride;                                      \
        sl_hist_bin *hf = hist + f * SL_HIST_STRIDE;                                                         \
        for (long k = 0; k < n; k++) {                                                                       \
            long r = rows ? (long)rows[k] : k;                                                               \
            LOAD_ROW;                                                                                        \
            ADD_CELL(hf + c[r]);                                                                             \
        }                                                                                                    \
    }

/// The portable path: each cell updated field by field.
static void build_generic(const unsigned char *binned, long stride, long first_feature, long features,
                          const unsigned int *rows, long n, const float *gradients, const float *hessians,
                          sl_hist_bin *hist) {
#define SL_HIST_ADD_FIELDS(cell) SL_HIST_ADD(cell, 0, g, h)
    SL_HIST_BUILD_LOOPS(double g = gradients[k]; double h = hessians ? hessians[k] : 0.0, SL_HIST_ADD_FIELDS)
#undef SL_HIST_ADD_FIELDS
}

#if SL_X86
#include <immintrin.h>

/// One cell += (g, h, 1): a 256-bit load, a double add for the sums and a 64-bit integer add for the count lane
/// (count and the zero reserved word form one little-endian 64-bit integer), blended and stored once. Three
/// separate stores per cell were the limit of the portable loop; one store makes it 15–20 % faster.
#define SL_HIST_ADD_VEC(cell)                                                                         \
    do {                                                                                             \
        double *p_ = (double *)(cell);                                                               \
        __m256d x_ = _mm256_loadu_pd(p_);                                                            \
        __m256i n_ = _mm256_add_epi64(_mm256_castpd_si256(x_), one);                                 \
        _mm256_storeu_pd(p_, _mm256_blend_pd(_mm256_add_pd(x_, v), _mm256_castsi256_pd(n_), 0x4));   \
    } while (0)

SL_TARGET_AVX2 static void build_avx2(const unsigned char *binned, long stride, long first_feature, long features,
                                      const unsigned int *rows, long n, const float *gradients, const float *hessians,
                                      sl_hist_bin *hist) {
    const __m256i one = _mm256_set_epi64x(0, 1, 0, 0);
    SL_HIST_BUILD_LOOPS(__m256d v = _mm256_set_pd(0.0, 0.0, hessians ? (double)hessians[k] : 0.0, (double)gradients[k]),
                        SL_HIST_ADD_VEC)
}
#endif

void sl_hist_build_u8(const unsigned char *binned, long stride, long first_feature, long features, const unsigned int *rows,
                      long n, const float *gradients, const float *hessians, const int *used_bins, int missing_bin,
                      sl_hist_bin *hist) {
    clear_cells(hist, features, used_bins, missing_bin);
#if SL_X86
    sl_isa isa = sl_kernels()->isa;
    if (isa == SL_ISA_AVX2 || isa == SL_ISA_AVX512) {
        build_avx2(binned, stride, first_feature, features, rows, n, gradients, hessians, hist);
        return;
    }
#endif
    build_generic(binned, stride, first_feature, features, rows, n, gradients, hessians, hist);
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

// The split scan runs in passes: a scalar pass takes the running sums bin by bin and marks which cuts the limits
// allow (stopping where the original single loop stopped), a second pass computes the gains of all cuts (their
// divisions no longer wait on the running sums and overlap), a third keeps the first strictly best.
// Every value is computed by the same expression as a one-cut-at-a-time loop, and FP contraction is off, so the
// chosen cut and its sums are bit for bit the same.
#pragma STDC FP_CONTRACT OFF

#define SL_GAINS_BODY                                                                                              \
    for (int b = 0; b < m; b++) {                                                                                  \
        double gl = gls[b], hl = hls[b];                                                                           \
        double gain = parent_loss - node_loss(gl, hl, l2) - node_loss(g - gl, h - hl, l2);                          \
        gains[b] = valid[b] ? gain : -INFINITY;                                                                    \
    }

static void gains_generic(const double *gls, const double *hls, const unsigned char *valid, int m, double parent_loss,
                          double g, double h, double l2, double *gains) {
    SL_GAINS_BODY
}

#if SL_X86
SL_TARGET_AVX512 static void gains_avx512(const double *gls, const double *hls, const unsigned char *valid, int m,
                                          double parent_loss, double g, double h, double l2, double *gains) {
    SL_GAINS_BODY
}
#endif

static void split_gains(const double *gls, const double *hls, const unsigned char *valid, int m, double parent_loss, double g,
                        double h, double l2, double *gains) {
#if SL_X86
    if (sl_kernels()->isa == SL_ISA_AVX512) {
        gains_avx512(gls, hls, valid, m, parent_loss, g, h, l2, gains);
        return;
    }
#endif
    gains_generic(gls, hls, valid, m, parent_loss, g, h, l2, gains);
}

/// The first of m cuts whose gain is strictly larger than every earlier one, than floor_gain and than min_gain, or −1.
static int pick_generic(const double *gains, int m, double floor_gain, double min_gain) {
    int k = -1;
    double best = floor_gain;
    for (int j = 0; j < m; j++) {
        if (gains[j] > best && gains[j] > min_gain) {
            best = gains[j];
            k = j;
        }
    }
    return k;
}

#if SL_X86
/// pick_generic in two vector passes: the largest gain (a NaN gain is never taken: max_pd(g, acc) keeps acc when g is
/// NaN, as `g > best` is false), then the first cut holding it. That cut is the one the one-pass loop ends on: every
/// earlier gain is smaller, and no later one is larger.
SL_TARGET_AVX512 static int pick_avx512(const double *gains, int m, double floor_gain, double min_gain) {
    __m512d acc = _mm512_set1_pd(-INFINITY);
    int j = 0;
    for (; j + 8 <= m; j += 8) acc = _mm512_max_pd(_mm512_loadu_pd(gains + j), acc);
    if (j < m) acc = _mm512_max_pd(_mm512_mask_loadu_pd(_mm512_set1_pd(-INFINITY), (__mmask8)((1u << (m - j)) - 1), gains + j), acc);
    double lanes[8], top = -INFINITY;
    _mm512_storeu_pd(lanes, acc);
    for (int l = 0; l < 8; l++) top = lanes[l] > top ? lanes[l] : top;
    if (!(top > floor_gain && top > min_gain)) return -1;
    const __m512d t = _mm512_set1_pd(top);
    for (j = 0; j + 8 <= m; j += 8) {
        __mmask8 hit = _mm512_cmp_pd_mask(_mm512_loadu_pd(gains + j), t, _CMP_EQ_OQ);
        if (hit) return j + __builtin_ctz(hit);
    }
    for (; j < m; j++)
        if (gains[j] == top) return j;
    return -1; // not reached: top is one of the gains
}
#endif

static int pick(const double *gains, int m, double floor_gain, double min_gain) {
#if SL_X86
    if (sl_kernels()->isa == SL_ISA_AVX512) return pick_avx512(gains, m, floor_gain, min_gain);
#endif
    return pick_generic(gains, m, floor_gain, min_gain);
}

/// Records cut k of the arrays as the best.
static void take(sl_split_candidate *best, const double *gains, const double *gls, const double *hls, const unsigned *nls,
                 int k, int bin, int missing_left) {
    best->gain = gains[k];
    best->bin = bin;
    best->missing_left = missing_left;
    best->gradient_left = gls[k];
    best->hessian_left = hls[k];
    best->count_left = nls[k];
}

/// The left-to-right prefix sums of one feature over bins [from, end): cut b sends bins ≤ b left.
static void left_prefix(const sl_hist_bin *hist, int from, int end, int constant, double hessian_constant, double *gls,
                        double *hls, unsigned *nls) {
    double gl = from > 0 ? gls[from - 1] : 0, hl = from > 0 ? hls[from - 1] : 0;
    unsigned nl = from > 0 ? nls[from - 1] : 0;
    for (int b = from; b < end; b++) {
        nl += hist[b].count;
        gl += hist[b].gradient;
        hl += constant ? (double)hist[b].count * hessian_constant : hist[b].hessian;
        gls[b] = gl;
        hls[b] = hl;
        nls[b] = nl;
    }
}

/// Which of the first `end` left-to-right cuts the limits allow (valid[b]: both children large enough), and where the
/// scan stops: the first cut whose left child is large enough while the right one is too small, after which no cut
/// can be valid. Returns that cut (or end). Written without an early exit so that the loop vectorises; the stop
/// is then found by memchr.
#define SL_LEFT_LIMITS_BODY                                                                                       \
    for (int b = 0; b < end; b++) {                                                                               \
        unsigned nl = nls[b];                                                                                     \
        double hl = hls[b];                                                                                       \
        int large = nl >= msl;                                                                                    \
        stop[b] = (unsigned char)(large & ((count - nl < msl) | ((hl >= min_hessian) & (sum_hessian - hl < min_hessian)))); \
        valid[b] = (unsigned char)(large & (hl >= min_hessian));                                                  \
    }

static void left_limits_generic(const double *hls, const unsigned *nls, int end, double sum_hessian, unsigned count,
                                unsigned msl, double min_hessian, unsigned char *valid, unsigned char *stop) {
    SL_LEFT_LIMITS_BODY
}

#if SL_X86
SL_TARGET_AVX512 static void left_limits_avx512(const double *hls, const unsigned *nls, int end, double sum_hessian,
                                                unsigned count, unsigned msl, double min_hessian, unsigned char *valid,
                                                unsigned char *stop) {
    SL_LEFT_LIMITS_BODY
}
#endif

static int left_limits(const double *hls, const unsigned *nls, int end, double sum_hessian, unsigned count,
                       const sl_split_settings *s, unsigned char *valid) {
    unsigned char stop[256];
#if SL_X86
    if (sl_kernels()->isa == SL_ISA_AVX512)
        left_limits_avx512(hls, nls, end, sum_hessian, count, s->min_samples_leaf, s->min_hessian, valid, stop);
    else
#endif
        left_limits_generic(hls, nls, end, sum_hessian, count, s->min_samples_leaf, s->min_hessian, valid, stop);
    const unsigned char *first = memchr(stop, 1, (size_t)end);
    return first ? (int)(first - stop) : end;
}

/// The left-to-right search of one feature on its prefix sums over `end` cuts: the cuts before the first one the
/// limits stop at (the right child too small) are candidates when the left child is large enough.
static void finish_left(const double *gls, const double *hls, const unsigned *nls, int end, double sum_gradient,
                        double sum_hessian, unsigned count, double parent_loss, const sl_split_settings *s,
                        sl_split_candidate *best) {
    double gains[256];
    unsigned char valid[256];
    int m = left_limits(hls, nls, end, sum_hessian, count, s, valid);
    split_gains(gls, hls, valid, m, parent_loss, sum_gradient, sum_hessian, s->l2, gains);
    int k = pick(gains, m, best->gain, s->min_gain);
    if (k >= 0) take(best, gains, gls, hls, nls, k, k, 0);
}

/// Right to left, for a feature with missing values: bins > b go right, missing values go left. Cut j is bin
/// bins_non_missing − 2 − j.
static void scan_right(const sl_hist_bin *hist, int bins_non_missing, double sum_gradient, double sum_hessian,
                       unsigned count, double parent_loss, const sl_split_settings *s, sl_split_candidate *best) {
    double gls[256], hls[256], gains[256];
    unsigned nls[256];
    unsigned char valid[256];
    int constant = s->constant_hessian;
    double gr = 0, hr = 0;
    unsigned nr = 0;
    int m = 0;
    for (int b = bins_non_missing - 2; b >= 0; b--) {
        const sl_hist_bin *cell = hist + b + 1;
        nr += cell->count;
        gr += cell->gradient;
        hr += constant ? (double)cell->count * s->hessian_constant : cell->hessian;
        unsigned left = count - nr;
        if (nr >= s->min_samples_leaf) {
            if (left < s->min_samples_leaf) break;
            if (hr >= s->min_hessian && sum_hessian - hr < s->min_hessian) break;
        }
        gls[m] = sum_gradient - gr;
        hls[m] = sum_hessian - hr;
        nls[m] = left;
        valid[m] = nr >= s->min_samples_leaf && hr >= s->min_hessian;
        m++;
    }
    split_gains(gls, hls, valid, m, parent_loss, sum_gradient, sum_hessian, s->l2, gains);
    int k = pick(gains, m, best->gain, s->min_gain);
    if (k >= 0) take(best, gains, gls, hls, nls, k, bins_non_missing - 2 - k, 1);
}

void sl_hist_best_split(const sl_hist_bin *hist, int bins_non_missing, int has_missing, double sum_gradient,
                        double sum_hessian, unsigned count, double node_value, const sl_split_settings *s,
                        sl_split_candidate *best) {
    int one_bins = bins_non_missing;
    unsigned char one_missing = has_missing ? 1 : 0;
    sl_hist_best_splits(hist, 1, &one_bins, &one_missing, sum_gradient, sum_hessian, count, node_value, s, best);
}

// Left to right: bins ≤ b go left, missing values go right; with missing values the last bin may go left too
// (a "split on missing"). The prefix sums are a serial chain of dependent additions per feature (about three
// cycles a bin), so four features are summed side by side to overlap their chains; the rest of the search then
// runs feature by feature on the stored sums, each value computed by the same expression as before.
void sl_hist_best_splits(const sl_hist_bin *hist, long features, const int *bins_non_missing,
                         const unsigned char *has_missing, double sum_gradient, double sum_hessian, unsigned count,
                         double node_value, const sl_split_settings *s, sl_split_candidate *best) {
    double parent_loss = sum_gradient * node_value;
    int constant = s->constant_hessian;
    double hc = s->hessian_constant;
    double gls[4][256], hls[4][256];
    unsigned nls[4][256];
    for (long f0 = 0; f0 < features; f0 += 4) {
        int group = features - f0 < 4 ? (int)(features - f0) : 4;
        int end[4] = {0, 0, 0, 0}, common = 256;
        for (int j = 0; j < group; j++) {
            end[j] = bins_non_missing[f0 + j] - 1 + (has_missing[f0 + j] ? 1 : 0);
            if (end[j] < 0) end[j] = 0;
            if (end[j] < common) common = end[j];
        }
        if (group == 4) {
            const sl_hist_bin *h0 = hist + f0 * SL_HIST_STRIDE, *h1 = h0 + SL_HIST_STRIDE, *h2 = h1 + SL_HIST_STRIDE,
                              *h3 = h2 + SL_HIST_STRIDE;
            double g0 = 0, g1 = 0, g2 = 0, g3 = 0, e0 = 0, e1 = 0, e2 = 0, e3 = 0;
            unsigned n0 = 0, n1 = 0, n2 = 0, n3 = 0;
            for (int b = 0; b < common; b++) {
                n0 += h0[b].count; n1 += h1[b].count; n2 += h2[b].count; n3 += h3[b].count;
                g0 += h0[b].gradient; g1 += h1[b].gradient; g2 += h2[b].gradient; g3 += h3[b].gradient;
                if (constant) {
                    e0 += (double)h0[b].count * hc; e1 += (double)h1[b].count * hc;
                    e2 += (double)h2[b].count * hc; e3 += (double)h3[b].count * hc;
                } else {
                    e0 += h0[b].hessian; e1 += h1[b].hessian; e2 += h2[b].hessian; e3 += h3[b].hessian;
                }
                gls[0][b] = g0; gls[1][b] = g1; gls[2][b] = g2; gls[3][b] = g3;
                hls[0][b] = e0; hls[1][b] = e1; hls[2][b] = e2; hls[3][b] = e3;
                nls[0][b] = n0; nls[1][b] = n1; nls[2][b] = n2; nls[3][b] = n3;
            }
        } else {
            common = 0;
        }
        for (int j = 0; j < group; j++) {
            const sl_hist_bin *h = hist + (f0 + j) * SL_HIST_STRIDE;
            sl_split_candidate *out = best + f0 + j;
            memset(out, 0, sizeof *out);
            out->gain = -1;
            out->bin = -1;
            left_prefix(h, common, end[j], constant, hc, gls[j], hls[j], nls[j]);
            finish_left(gls[j], hls[j], nls[j], end[j], sum_gradient, sum_hessian, count, parent_loss, s, out);
            if (has_missing[f0 + j])
                scan_right(h, bins_non_missing[f0 + j], sum_gradient, sum_hessian, count, parent_loss, s, out);
        }
    }
}

long sl_partition_rows_u8(const unsigned char *column, unsigned int *rows, long n, int bin, int missing_bin,
                          int missing_left, unsigned int *scratch) {
    long left = 0, right = 0;
    // Branch-free: each row is written to both sides and the side it belongs to advances (which side a row
    // goes is unpredictable, and mispredicted branches cost more than the extra store).
    for (long k = 0; k < n; k++) {
        unsigned int r = rows[k];
        int b = column[r];
        long goes_left = (b == missing_bin) ? missing_left : (b <= bin);
        rows[left] = r;
        scratch[right] = r;
        left += goes_left;
        right += 1 - goes_left;
    }
    memcpy(rows + left, scratch, (size_t)right * sizeof(unsigned int));
    return left;
}
