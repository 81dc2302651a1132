// The fitted trees of histogram gradient boosting: flat node arrays, predicting from raw values (saved models)
// or from bin codes (validation rows during fit).
import Tensors

/// One regression tree of a boosted ensemble. Node 0 is the root; a node with `left < 0` is a leaf whose `value`
/// is added to the raw prediction (already multiplied by the learning rate). A row goes left when its value is
/// ≤ `threshold`, or is NaN and `missingLeft`.
struct BoostedTree: Sendable, Equatable {
    var feature: [Int32] = []
    var threshold: [Double] = []
    /// The last bin going left (for coded rows); unused at leaves.
    var bin: [UInt8] = []
    var missingLeft: [Bool] = []
    var left: [Int32] = []
    var right: [Int32] = []
    var value: [Double] = []

    var count: Int { feature.count }
    var leafCount: Int { left.filter { $0 < 0 }.count }

    /// Appends a leaf and returns its index (a split turns it into an internal node).
    mutating func appendLeaf(value v: Double) -> Int {
        feature.append(-1)
        threshold.append(0)
        bin.append(0)
        missingLeft.append(false)
        left.append(-1)
        right.append(-1)
        value.append(v)
        return count - 1
    }

    /// The leaf value reached by row `i` of the row-major `x` with `columns` columns.
    @inline(__always)
    func predict(_ x: UnsafePointer<Double>, row i: Int, columns: Int) -> Double {
        var node = 0
        while left[node] >= 0 {
            let v = x[i * columns + Int(feature[node])]
            let goLeft = v.isNaN ? missingLeft[node] : v <= threshold[node]
            node = Int(goLeft ? left[node] : right[node])
        }
        return value[node]
    }

    /// The leaf value reached by row `i` of column-major codes with `rows` rows.
    @inline(__always)
    func predict(codes: UnsafePointer<UInt8>, row i: Int, rows: Int, missingBin: Int) -> Double {
        var node = 0
        while left[node] >= 0 {
            let c = Int(codes[Int(feature[node]) * rows + i])
            let goLeft = c == missingBin ? missingLeft[node] : c <= Int(bin[node])
            node = Int(goLeft ? left[node] : right[node])
        }
        return value[node]
    }
}

/// Saving and loading a list of trees as five concatenated tensors plus the node count of each tree.
extension BoostedTree {
    static func tensors(_ trees: [BoostedTree]) -> [String: Tensor] {
        let n = trees.reduce(0) { $0 + $1.count }
        return [
            "tree_nodes": Tensor(trees.map { Double($0.count) }, shape: [trees.count]).to(.int64),
            "feature": Tensor(trees.flatMap { $0.feature.map(Double.init) }, shape: [n]).to(.int64),
            "threshold": Tensor(trees.flatMap(\.threshold), shape: [n]),
            "missing_left": Tensor(trees.flatMap { $0.missingLeft.map { $0 ? 1.0 : 0 } }, shape: [n]).to(.int64),
            "left": Tensor(trees.flatMap { $0.left.map(Double.init) }, shape: [n]).to(.int64),
            "right": Tensor(trees.flatMap { $0.right.map(Double.init) }, shape: [n]).to(.int64),
            "value": Tensor(trees.flatMap(\.value), shape: [n]),
        ]
    }

    /// Reads ``tensors(_:)``'s output, checking sizes, feature indices and that children point forward in their tree.
    static func trees(_ archive: ModelArchive, count: Int, features: Int) throws(ClassicMLError) -> [BoostedTree] {
        let sizes = try archive.tensor("tree_nodes", shape: [count]).doubles.map { Int($0) }
        guard sizes.allSatisfy({ $0 >= 1 }) else { throw .invalidArchive("a boosted tree has no nodes") }
        let n = sizes.reduce(0, +)
        let feature = try archive.tensor("feature", shape: [n]).doubles, threshold = try archive.tensor("threshold", shape: [n]).doubles
        let missing = try archive.tensor("missing_left", shape: [n]).doubles, value = try archive.tensor("value", shape: [n]).doubles
        let left = try archive.tensor("left", shape: [n]).doubles, right = try archive.tensor("right", shape: [n]).doubles
        var trees: [BoostedTree] = [], start = 0
        for size in sizes {
            var t = BoostedTree()
            for j in start..<(start + size) {
                let isLeaf = left[j] < 0
                guard isLeaf || (Int(feature[j]) >= 0 && Int(feature[j]) < features && Int(left[j]) > j - start
                    && Int(left[j]) < size && Int(right[j]) > j - start && Int(right[j]) < size) else {
                    throw .invalidArchive("boosted tree \(trees.count) node \(j - start) is malformed")
                }
                t.feature.append(Int32(feature[j]))
                t.threshold.append(threshold[j])
                t.bin.append(0)
                t.missingLeft.append(missing[j] != 0)
                t.left.append(isLeaf ? -1 : Int32(left[j]))
                t.right.append(isLeaf ? -1 : Int32(right[j]))
                t.value.append(value[j])
            }
            trees.append(t)
            start += size
        }
        return trees
    }
}
