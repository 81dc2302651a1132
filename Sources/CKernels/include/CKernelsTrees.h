// Exact CART split search for decision trees and random forests (tree_split.c): a node's feature column
// gathered and sorted as packed (value, row) keys, the scan of every cut, and the row partition.
#ifndef SWIFTLEARN_CKERNELS_TREES_H
#define SWIFTLEARN_CKERNELS_TREES_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// keys[k] = (order-preserving bits of column[rows[k]]) << 32 | rows[k] for k < n, sorted ascending: the node's
/// rows by value, equal values by row (a stable sort of row-ascending rows). -0 is read as +0. scratch holds n keys.
void sl_tree_sorted_keys(const float *column, const uint32_t *rows, long n, uint64_t *keys, uint64_t *scratch);

/// The float value of a key of sl_tree_sorted_keys.
float sl_tree_key_value(uint64_t key);

/// Best cut of sorted keys for classification: rows keys[0...p] go left. codes[row] is the class (0 ≤ c < k),
/// weights[row] a whole-number weight; node_sums the node's per-class weights, node_weight their total. A cut lies
/// between values more than tolerance apart and leaves min_leaf rows on each side; the first strictly best wins.
/// With exact ≠ 0 the score is scikit-learn's proxy −wr·impurity(right) − wl·impurity(left) computed in its
/// expression order (Gini impurity 1 − Σc²/w², entropy −Σ (c/w)·(ln(c/w)/ln 2)), so splits tie or not in rounding
/// as there; with exact = 0 the cheaper equivalent Σl²/wl + Σr²/wr (Gini), Σ l·log2(l/wl) + r·log2(r/wr)
/// (entropy). work holds 2k doubles. Returns p, or -1 when no cut is allowed (then *score is untouched).
long sl_tree_scan_classes(const uint64_t *keys, long n, const int32_t *codes, const double *weights, int k,
                          const double *node_sums, double node_weight, int entropy, int exact, long min_leaf,
                          double tolerance, double *work, double *score);

/// As sl_tree_scan_classes for regression (squared error): scikit-learn's proxy sl²/wl + sr²/wr of the weighted
/// target sums, node_sum = Σ w·y over the node and sr = node_sum − sl as there.
long sl_tree_scan_regression(const uint64_t *keys, long n, const double *targets, const double *weights,
                             double node_sum, double node_weight, long min_leaf, double tolerance, double *score);

/// Stable partition of rows[0..<n]: rows with (double)column[row] <= threshold first. scratch holds n rows.
/// Returns the number going left.
long sl_tree_partition(const float *column, uint32_t *rows, long n, double threshold, uint32_t *scratch);

/// scikit-learn's order of a node's rows, for regression trees that must equal scikit-learn's (whose scores sum real
/// targets, so their rounding depends on that order). sl_tree_sklearn_sort: values[k] = column[rows[k]], then
/// values and rows sorted together in place by scikit-learn's introsort (simultaneous_sort, 3-way partition).
void sl_tree_sklearn_sort(const float *column, uint32_t *rows, long n, float *values);

/// scikit-learn's BestSplitter scan of sorted values/rows with the MSE criterion (left sum updated from the nearer
/// end, right sum = node_sum − left): returns p (rows[0...p] go left) of the first strictly best cut, its proxy in
/// *score and its threshold (values[p]/2 + values[p+1]/2 in double) in *threshold; -1 when no cut is allowed.
long sl_tree_sklearn_scan_regression(const float *values, const uint32_t *rows, long n, const double *targets,
                                     const double *weights, double node_sum, double node_weight, long min_leaf,
                                     double tolerance, double *score, double *threshold);

/// scikit-learn's in-place partition of rows[0..<n] (rows going right are swapped to the end; not stable).
/// Returns the number going left.
long sl_tree_sklearn_partition(const float *column, uint32_t *rows, long n, double threshold);

#ifdef __cplusplus
}
#endif
#endif
