// Exact CART split search for decision trees and random forests (the C is CKernels/tree_split.c): a node's
// feature values gathered and sorted as packed (value, row) keys, the scan of every cut, the row partition.
// Single-threaded; forests grow one tree per thread.
import CKernels

public enum TreeSplitKernels {
    /// `keys[k]` = the value `column[rows[k]]` (order-preserving bits, high half) and the row (low half) for
    /// `k < count`, sorted ascending: by value, then row. `scratch` holds `count` keys.
    @inline(__always)
    public static func sortedKeys(column: UnsafePointer<Float>, rows: UnsafePointer<UInt32>, count: Int,
                                  into keys: UnsafeMutablePointer<UInt64>, scratch: UnsafeMutablePointer<UInt64>) {
        sl_tree_sorted_keys(column, rows, count, keys, scratch)
    }

    /// The value of a key of ``sortedKeys(column:rows:count:into:scratch:)``.
    @inline(__always)
    public static func value(_ key: UInt64) -> Float { sl_tree_key_value(key) }

    /// The row of a key of ``sortedKeys(column:rows:count:into:scratch:)``.
    @inline(__always)
    public static func row(_ key: UInt64) -> Int { Int(UInt32(truncatingIfNeeded: key)) }

    /// The best cut of `count` sorted keys for classification: the position `p` of the last row going left and its
    /// score (a Gini or entropy proxy: with `exact`, scikit-learn's, computed in its expression order so that equal
    /// splits tie or not in rounding as there; otherwise a cheaper equivalent), or nil when no cut between values
    /// more than `tolerance` apart keeps `minLeaf` rows on each side. `codes[row]` is the class (< `classes`); `weights[row]` must be whole
    /// numbers; `nodeSums` the node's per-class weights. The first strictly best cut wins. `work` holds 2·classes.
    public static func scanClasses(
        keys: UnsafePointer<UInt64>, count: Int, codes: UnsafePointer<Int32>, weights: UnsafePointer<Double>, classes: Int,
        nodeSums: UnsafePointer<Double>, nodeWeight: Double, entropy: Bool, exact: Bool, minLeaf: Int, tolerance: Double,
        work: UnsafeMutablePointer<Double>
    ) -> (position: Int, score: Double)? {
        var score = 0.0
        let p = sl_tree_scan_classes(keys, count, codes, weights, Int32(classes), nodeSums, nodeWeight, entropy ? 1 : 0, exact ? 1 : 0,
                                     minLeaf, tolerance, work, &score)
        return p >= 0 ? (p, score) : nil
    }

    /// As ``scanClasses(keys:count:codes:weights:classes:nodeSums:nodeWeight:entropy:exact:minLeaf:tolerance:work:)`` for
    /// squared-error regression: the proxy `sl²/wl + sr²/wr` of the weighted target sums (`nodeSum` = Σ w·y).
    public static func scanRegression(
        keys: UnsafePointer<UInt64>, count: Int, targets: UnsafePointer<Double>, weights: UnsafePointer<Double>,
        nodeSum: Double, nodeWeight: Double, minLeaf: Int, tolerance: Double
    ) -> (position: Int, score: Double)? {
        var score = 0.0
        let p = sl_tree_scan_regression(keys, count, targets, weights, nodeSum, nodeWeight, minLeaf, tolerance, &score)
        return p >= 0 ? (p, score) : nil
    }

    /// Stable partition of `rows[0..<count]`: rows with `Double(column[row]) <= threshold` first. `scratch` holds
    /// `count` rows. Returns the number going left.
    @inline(__always)
    public static func partition(column: UnsafePointer<Float>, rows: UnsafeMutablePointer<UInt32>, count: Int, threshold: Double,
                                 scratch: UnsafeMutablePointer<UInt32>) -> Int {
        sl_tree_partition(column, rows, count, threshold, scratch)
    }
    /// scikit-learn's row order, for regression trees that must equal its own (see CKernelsTrees.h):
    /// `values[k] = column[rows[k]]`, then both sorted in place by scikit-learn's introsort.
    public static func scikitLearnSort(column: UnsafePointer<Float>, rows: UnsafeMutablePointer<UInt32>, count: Int,
                                       values: UnsafeMutablePointer<Float>) {
        sl_tree_sklearn_sort(column, rows, count, values)
    }

    /// scikit-learn's MSE scan of values and rows sorted by ``scikitLearnSort(column:rows:count:values:)``: the position
    /// of the last row going left, the proxy and the threshold of the first strictly best cut, or nil.
    public static func scikitLearnScanRegression(
        values: UnsafePointer<Float>, rows: UnsafePointer<UInt32>, count: Int, targets: UnsafePointer<Double>,
        weights: UnsafePointer<Double>, nodeSum: Double, nodeWeight: Double, minLeaf: Int, tolerance: Double
    ) -> (position: Int, score: Double, threshold: Double)? {
        var score = 0.0, threshold = 0.0
        let p = sl_tree_sklearn_scan_regression(values, rows, count, targets, weights, nodeSum, nodeWeight, minLeaf, tolerance,
                                                &score, &threshold)
        return p >= 0 ? (p, score, threshold) : nil
    }

    /// scikit-learn's in-place (unstable) partition: rows with `Double(column[row]) <= threshold` first. Returns the
    /// number going left.
    public static func scikitLearnPartition(column: UnsafePointer<Float>, rows: UnsafeMutablePointer<UInt32>, count: Int,
                                            threshold: Double) -> Int {
        sl_tree_sklearn_partition(column, rows, count, threshold)
    }
}
