// tree_split.c: the exact CART split search of ClassicML/Trees (DecisionTree, RandomForest).
//
// Why C: growing a tree sorts each examined feature's values over every node's rows and scans every cut; in
// Swift the closure-based stable sort of (value, row) tuples and the checked array accesses of the scan were
// most of a forest's fit. Here a node's values are packed with their row into one 64-bit key (float bits made
// order-preserving in the high half), so one unsigned sort orders by value then row (what a stable sort of
// row-ascending rows gives), large nodes by an LSD radix sort on the value half, small ones by quicksort.
// The scans reproduce the Swift arithmetic exactly (no FP contraction); the Gini sums of squares are updated
// incrementally, which is exact because the weights are whole numbers (bootstrap counts).
#include "CKernelsTrees.h"

#include <math.h>
#include <string.h>

#pragma STDC FP_CONTRACT OFF

static inline uint32_t float_key(float v) {
    v = v + 0.0f;  // -0 → +0 so equal values tie
    uint32_t u;
    memcpy(&u, &v, sizeof u);
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

float sl_tree_key_value(uint64_t key) {
    uint32_t u = (uint32_t)(key >> 32);
    u = (u & 0x80000000u) ? (u & 0x7fffffffu) : ~u;
    float v;
    memcpy(&v, &u, sizeof v);
    return v;
}

static void insertion_sort(uint64_t *a, long n) {
    for (long i = 1; i < n; i++) {
        uint64_t v = a[i];
        long j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void sift_down(uint64_t *a, long start, long n) {
    long root = start;
    for (;;) {
        long child = 2 * root + 1;
        if (child >= n) return;
        if (child + 1 < n && a[child + 1] > a[child]) child++;
        if (a[root] >= a[child]) return;
        uint64_t t = a[root]; a[root] = a[child]; a[child] = t;
        root = child;
    }
}

static void heap_sort(uint64_t *a, long n) {
    for (long s = n / 2 - 1; s >= 0; s--) sift_down(a, s, n);
    for (long e = n - 1; e > 0; e--) {
        uint64_t t = a[0]; a[0] = a[e]; a[e] = t;
        sift_down(a, 0, e);
    }
}

/// Introsort of distinct keys: median-of-three quicksort, heapsort past the depth limit, insertion sort below 24.
static void intro_sort(uint64_t *a, long n, int depth) {
    while (n > 24) {
        if (depth-- == 0) {
            heap_sort(a, n);
            return;
        }
        uint64_t x = a[0], y = a[n / 2], z = a[n - 1];
        uint64_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        long i = 0, j = n - 1;
        for (;;) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i >= j) break;
            uint64_t t = a[i]; a[i] = a[j]; a[j] = t;
            i++;
            j--;
        }
        // a[0..j] ≤ pivot ≤ a[j+1..n); recurse on the smaller part.
        long left = j + 1;
        if (left < n - left) {
            intro_sort(a, left, depth);
            a += left;
            n -= left;
        } else {
            intro_sort(a + left, n - left, depth);
            n = left;
        }
    }
    insertion_sort(a, n);
}

/// Stable LSD radix sort on the high 32 bits (three passes of 11, 11 and 10 bits; a pass whose digit is the
/// same for every key is skipped). The low halves (rows) arrive ascending, so ties stay in row order.
static void radix_sort_high(uint64_t *a, long n, uint64_t *scratch) {
    static const int shifts[3] = {32, 43, 54};
    uint32_t counts[3][2048];
    memset(counts, 0, sizeof counts);
    for (long i = 0; i < n; i++) {
        uint64_t k = a[i];
        counts[0][(k >> 32) & 2047]++;
        counts[1][(k >> 43) & 2047]++;
        counts[2][(k >> 54) & 1023]++;
    }
    uint64_t *src = a, *dst = scratch;
    for (int pass = 0; pass < 3; pass++) {
        uint32_t *c = counts[pass];
        int shift = shifts[pass];
        if (c[(src[0] >> shift) & 2047] == (uint32_t)n) continue;
        uint32_t sum = 0;
        for (int d = 0; d < 2048; d++) {
            uint32_t t = c[d];
            c[d] = sum;
            sum += t;
        }
        for (long i = 0; i < n; i++) {
            uint64_t k = src[i];
            dst[c[(k >> shift) & 2047]++] = k;
        }
        uint64_t *t = src; src = dst; dst = t;
    }
    if (src != a) memcpy(a, src, (size_t)n * sizeof *a);
}

void sl_tree_sorted_keys(const float *column, const uint32_t *rows, long n, uint64_t *keys, uint64_t *scratch) {
    for (long k = 0; k < n; k++) keys[k] = ((uint64_t)float_key(column[rows[k]]) << 32) | rows[k];
    if (n >= 1024) {
        radix_sort_high(keys, n, scratch);
    } else {
        int depth = 0;
        for (long m = n; m > 1; m >>= 1) depth += 2;
        intro_sort(keys, n, depth);
    }
}

static inline double key_value(uint64_t key) { return (double)sl_tree_key_value(key); }

// The scan, specialised by the constant `exact`: scikit-learn's proxy expressions (single trees, which must break
// ties as scikit-learn does) or the cheaper equivalent Σl²/wl + Σr²/wr and Σ l·log2(l/wl) + r·log2(r/wr) (forests).
static inline __attribute__((always_inline)) long scan_classes(
    const uint64_t *keys, long n, const int32_t *codes, const double *weights, int k, const double *node_sums,
    double node_weight, int entropy, long min_leaf, double tolerance, double *work, double *score, const int exact) {
    double *left = work, *right = work + k;
    double sl = 0, sr = 0;
    for (int j = 0; j < k; j++) {
        left[j] = 0;
        right[j] = node_sums[j];
        sr += right[j] * right[j];
    }
    double wl = 0, wr = node_weight;
    const double ln2 = log(2.0);
    long best = -1;
    double best_score = 0;
    double next = key_value(keys[0]);
    for (long p = 0; p + 1 < n; p++) {
        uint32_t row = (uint32_t)keys[p];
        double w = weights[row];
        int c = codes[row];
        // Whole-number weights: these updates of the sums of squares are exact.
        sl += w * (2 * left[c] + w);
        sr -= w * (2 * right[c] - w);
        left[c] += w;
        right[c] -= w;
        wl += w;
        wr -= w;
        double value = next;
        next = key_value(keys[p + 1]);
        if (!(next > value + tolerance) || p + 1 < min_leaf || n - p - 1 < min_leaf) continue;
        // scikit-learn's proxy, in its own expression order (sklearn/tree/_criterion.pyx): −wr·impurity_r −
        // wl·impurity_l. Splits that tie mathematically then also tie (or not) in rounding exactly as there.
        double s;
        if (!exact) {
            if (!entropy) {
                s = sl / wl + sr / wr;
            } else {
                s = 0;
                for (int j = 0; j < k; j++) {
                    if (left[j] > 0) s += left[j] * log2(left[j] / wl);
                    if (right[j] > 0) s += right[j] * log2(right[j] / wr);
                }
            }
        } else if (!entropy) {
            s = -wr * (1.0 - sr / (wr * wr)) - wl * (1.0 - sl / (wl * wl));
        } else {
            double el = 0, er = 0;
            for (int j = 0; j < k; j++) {
                if (left[j] > 0) {
                    double p = left[j] / wl;
                    el -= p * (log(p) / ln2);
                }
                if (right[j] > 0) {
                    double p = right[j] / wr;
                    er -= p * (log(p) / ln2);
                }
            }
            s = -wr * er - wl * el;
        }
        if (best < 0 || s > best_score) {
            best = p;
            best_score = s;
        }
    }
    if (best >= 0) *score = best_score;
    return best;
}

long sl_tree_scan_classes(const uint64_t *keys, long n, const int32_t *codes, const double *weights, int k,
                          const double *node_sums, double node_weight, int entropy, int exact, long min_leaf,
                          double tolerance, double *work, double *score) {
    if (exact) return scan_classes(keys, n, codes, weights, k, node_sums, node_weight, entropy, min_leaf, tolerance, work, score, 1);
    return scan_classes(keys, n, codes, weights, k, node_sums, node_weight, entropy, min_leaf, tolerance, work, score, 0);
}

long sl_tree_scan_regression(const uint64_t *keys, long n, const double *targets, const double *weights,
                             double node_sum, double node_weight, long min_leaf, double tolerance, double *score) {
    double sl = 0, sr = node_sum, wl = 0, wr = node_weight;
    long best = -1;
    double best_score = 0;
    double next = key_value(keys[0]);
    for (long p = 0; p + 1 < n; p++) {
        uint32_t row = (uint32_t)keys[p];
        double w = weights[row];
        sl += w * targets[row];
        sr = node_sum - sl;  // as scikit-learn: the right sum is the node's minus the left one
        wl += w;
        wr = node_weight - wl;
        double value = next;
        next = key_value(keys[p + 1]);
        if (!(next > value + tolerance) || p + 1 < min_leaf || n - p - 1 < min_leaf) continue;
        double s = sl * sl / wl + sr * sr / wr;
        if (best < 0 || s > best_score) {
            best = p;
            best_score = s;
        }
    }
    if (best >= 0) *score = best_score;
    return best;
}

long sl_tree_partition(const float *column, uint32_t *rows, long n, double threshold, uint32_t *scratch) {
    long left = 0, right = 0;
    for (long k = 0; k < n; k++) {
        uint32_t r = rows[k];
        if ((double)column[r] <= threshold) rows[left++] = r;
        else scratch[right++] = r;
    }
    memcpy(rows + left, scratch, (size_t)right * sizeof *rows);
    return left;
}

// ---- scikit-learn's own sample order (regression trees that must equal scikit-learn's) ----
//
// A regression split's score sums real targets, so its rounding depends on the order rows are added in. To grow
// the tree scikit-learn grows, these follow its DensePartitioner and MSE criterion step by step: each examined
// feature sorts the node's rows in place with scikit-learn's introsort (3-way partition; ties end up wherever it
// leaves them), cuts are scored with the left sum updated from whichever end is nearer, and the final partition
// swaps rows as scikit-learn's does (sklearn/utils/_sorting.pyx, sklearn/tree/_partitioner.pyx, _criterion.pyx).

static inline void sk_swap(float *v, uint32_t *s, long i, long j) {
    float tv = v[i]; v[i] = v[j]; v[j] = tv;
    uint32_t ts = s[i]; s[i] = s[j]; s[j] = ts;
}

static inline float sk_median3(const float *v, long n) {
    float a = v[0], b = v[n / 2], c = v[n - 1];
    if (a < b) {
        if (b < c) return b;
        if (a < c) return c;
        return a;
    }
    if (b < c) return a < c ? a : c;
    return b;
}

static void sk_sift_down(float *v, uint32_t *s, long start, long end) {
    long root = start;
    for (;;) {
        long child = root * 2 + 1, maxind = root;
        if (child < end && v[maxind] < v[child]) maxind = child;
        if (child + 1 < end && v[maxind] < v[child + 1]) maxind = child + 1;
        if (maxind == root) return;
        sk_swap(v, s, root, maxind);
        root = maxind;
    }
}

static void sk_heapsort(float *v, uint32_t *s, long n) {
    long start = (n - 2) / 2, end = n;
    for (;;) {
        sk_sift_down(v, s, start, end);
        if (start == 0) break;
        start--;
    }
    for (end = n - 1; end > 0; end--) {
        sk_swap(v, s, 0, end);
        sk_sift_down(v, s, 0, end);
    }
}

static void sk_introsort_3way(float *v, uint32_t *s, long n, long maxd) {
    while (n > 15) {
        if (maxd <= 0) {
            sk_heapsort(v, s, n);
            return;
        }
        maxd--;
        float pivot = sk_median3(v, n);
        long i = 0, l = 0, r = n;
        while (i < r) {
            if (v[i] < pivot) {
                sk_swap(v, s, i, l);
                i++;
                l++;
            } else if (v[i] > pivot) {
                r--;
                sk_swap(v, s, i, r);
            } else {
                i++;
            }
        }
        sk_introsort_3way(v, s, l, maxd);
        v += r;
        s += r;
        n -= r;
    }
    for (long i = 1; i < n; i++) {
        float tv = v[i];
        uint32_t ts = s[i];
        long j = i;
        while (j > 0 && v[j - 1] > tv) {
            v[j] = v[j - 1];
            s[j] = s[j - 1];
            j--;
        }
        v[j] = tv;
        s[j] = ts;
    }
}

void sl_tree_sklearn_sort(const float *column, uint32_t *rows, long n, float *values) {
    for (long k = 0; k < n; k++) values[k] = column[rows[k]];
    if (n == 0) return;
    sk_introsort_3way(values, rows, n, 2 * (long)log2((double)n));
}

long sl_tree_sklearn_scan_regression(const float *values, const uint32_t *rows, long n, const double *targets,
                                     const double *weights, double node_sum, double node_weight, long min_leaf,
                                     double tolerance, double *score, double *threshold) {
    long pos = 0, best = -1;
    double sum_left = 0, wl = 0, best_score = -INFINITY;
    long p = 0;
    while (p < n) {
        p++;
        while (p < n && (double)values[p] <= (double)values[p - 1] + tolerance) p++;
        if (p == n) break;
        if (p < min_leaf || n - p < min_leaf) continue;
        // Move rows [pos, p) to the left, from whichever end is nearer (scikit-learn's update).
        if (p - pos <= n - p) {
            for (long q = pos; q < p; q++) {
                double w = weights[rows[q]];
                sum_left += w * targets[rows[q]];
                wl += w;
            }
        } else {
            sum_left = node_sum;
            wl = node_weight;
            for (long q = n - 1; q >= p; q--) {
                double w = weights[rows[q]];
                sum_left -= w * targets[rows[q]];
                wl -= w;
            }
        }
        pos = p;
        double wr = node_weight - wl, sum_right = node_sum - sum_left;
        double s = sum_left * sum_left / wl + sum_right * sum_right / wr;
        if (s > best_score) {
            best = p - 1;
            best_score = s;
            *threshold = (double)values[p - 1] / 2.0 + (double)values[p] / 2.0;
        }
    }
    if (best >= 0) *score = best_score;
    return best;
}

long sl_tree_sklearn_partition(const float *column, uint32_t *rows, long n, double threshold) {
    long start = 0, end = n;
    while (start < end) {
        if ((double)column[rows[start]] <= threshold) {
            start++;
        } else {
            end--;
            uint32_t t = rows[start]; rows[start] = rows[end]; rows[end] = t;
        }
    }
    return start;
}
