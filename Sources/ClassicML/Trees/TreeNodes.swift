// A fitted tree as flat node arrays (scikit-learn's `tree_` layout): walking, depth, leaves, saving.
import Tensors

/// The nodes of one fitted tree. Node 0 is the root; a leaf has `feature == -1`. An internal node sends a row
/// left when `x[feature] <= threshold`, `x` read as Float32 as in training (and as scikit-learn's trees do). `values` holds `outputs` numbers per node: class fractions for a
/// classifier, the mean target for a regressor.
struct TreeNodes: Sendable, Equatable {
    var feature: [Int] = []
    var threshold: [Double] = []
    var left: [Int] = []
    var right: [Int] = []
    var values: [Double] = []
    /// Training rows reaching each node (distinct rows, as scikit-learn's `n_node_samples`).
    var nodeSamples: [Int] = []
    /// Each node's impurity on its training rows.
    var nodeImpurity: [Double] = []
    var outputs: Int
    /// Unnormalised impurity decrease per feature (weighted by node size), summed over the tree's splits.
    var importance: [Double]

    var count: Int { feature.count }

    /// The leaf reached by row `row` of a row-major matrix with `columns` columns.
    func leaf(_ x: UnsafeBufferPointer<Double>, row: Int, columns: Int) -> Int {
        var n = 0
        while feature[n] >= 0 {
            n = Double(Float(x[row * columns + feature[n]])) <= threshold[n] ? left[n] : right[n]
        }
        return n
    }

    /// Adds `scale ×` each row's leaf values into `out` `[rows, outputs]`.
    func accumulate(_ x: [Double], rows: Int, columns: Int, scale: Double, into out: inout [Double]) {
        x.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in accumulate(p, rows: 0..<rows, columns: columns, scale: scale, into: o.baseAddress!) }
        }
    }

    /// ``accumulate(_:rows:columns:scale:into:)`` for the rows in `range` only.
    func accumulate(_ x: UnsafeBufferPointer<Double>, rows range: Range<Int>, columns: Int, scale: Double,
                    into out: UnsafeMutablePointer<Double>) {
        for i in range {
            let n = leaf(x, row: i, columns: columns)
            for k in 0..<outputs { out[i * outputs + k] += scale * values[n * outputs + k] }
        }
    }

    /// The longest root-to-leaf path (a single leaf has depth 0).
    var depth: Int {
        var best = 0
        var stack = [(0, 0)]
        while let (n, d) = stack.popLast() {
            if feature[n] < 0 { best = max(best, d) } else { stack += [(left[n], d + 1), (right[n], d + 1)] }
        }
        return best
    }

    /// The number of leaves.
    var leafCount: Int { feature.lazy.filter { $0 < 0 }.count }

    /// Importances normalised to sum to 1 (all zero for a single leaf), as scikit-learn's `feature_importances_`.
    var normalizedImportance: [Double] {
        let total = importance.reduce(0, +)
        return total > 0 ? importance.map { $0 / total } : importance
    }

    /// The arrays as tensors named `prefix.feature`, `prefix.threshold`, … (Int64 indices, Float64 values).
    func tensors(prefix: String) -> [String: Tensor] {
        let n = count
        return [
            "\(prefix)feature": Tensor(feature.map(Double.init), shape: [n]).to(.int64),
            "\(prefix)threshold": Tensor(threshold, shape: [n]),
            "\(prefix)left": Tensor(left.map(Double.init), shape: [n]).to(.int64),
            "\(prefix)right": Tensor(right.map(Double.init), shape: [n]).to(.int64),
            "\(prefix)value": Tensor(values, shape: [n, outputs]),
            "\(prefix)samples": Tensor(nodeSamples.map(Double.init), shape: [n]).to(.int64),
            "\(prefix)impurity": Tensor(nodeImpurity, shape: [n]),
            "\(prefix)importance": Tensor(importance, shape: [importance.count]),
        ]
    }

    /// Reads ``tensors(prefix:)``'s output back, checking shapes and that every child index points forward.
    init(archive: ModelArchive, prefix: String, outputs: Int, features: Int) throws(ClassicMLError) {
        let feature = try archive.tensor("\(prefix)feature")
        guard feature.rank == 1, feature.shape[0] > 0 else { throw .invalidArchive("tree '\(prefix)' has no nodes") }
        let n = feature.shape[0]
        self.outputs = outputs
        self.feature = feature.doubles.map { Int($0) }
        threshold = try archive.tensor("\(prefix)threshold", shape: [n]).doubles
        left = try archive.tensor("\(prefix)left", shape: [n]).doubles.map { Int($0) }
        right = try archive.tensor("\(prefix)right", shape: [n]).doubles.map { Int($0) }
        values = try archive.tensor("\(prefix)value", shape: [n, outputs]).doubles
        nodeSamples = try archive.tensor("\(prefix)samples", shape: [n]).doubles.map { Int($0) }
        nodeImpurity = try archive.tensor("\(prefix)impurity", shape: [n]).doubles
        importance = try archive.tensor("\(prefix)importance", shape: [features]).doubles
        for i in 0..<n where self.feature[i] >= 0 {
            guard self.feature[i] < features, left[i] > i, left[i] < n, right[i] > i, right[i] < n else {
                throw .invalidArchive("tree '\(prefix)' node \(i) is malformed")
            }
        }
    }

    init(outputs: Int, features: Int) {
        self.outputs = outputs
        importance = [Double](repeating: 0, count: features)
    }
}
