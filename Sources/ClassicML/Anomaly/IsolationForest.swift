// Isolation forest anomaly detection (scikit-learn's IsolationForest).
import Foundation
import Kernels
import Tensors

/// An isolation forest (`sklearn.ensemble.IsolationForest`): each tree splits a random subsample of the rows on
/// random features at random thresholds until every row is alone (or the depth reaches ⌈log₂ ψ⌉); anomalies are
/// isolated in few splits. A row's score is `−2^(−E[h(x)]/c(ψ))`, with h the path length (plus c(leaf size) for
/// leaves holding several rows) and c the average path length normalising it (see ``averagePathLength(_:)``):
/// about −1 for clear anomalies, about −0.5 or above for normal rows.
///
/// It learns no labels (`y` is ignored). Trees grow on all cores, each from its own seed derived from ``seed``,
/// so the forest is the same at any thread count.
///
/// ```swift
/// let forest = try IsolationForest(seed: 0).fit(x, nil)
/// let scores = try forest.scoreSamples(x)      // lower = more anomalous
/// let labels = try forest.predict(x)           // +1 inlier, −1 outlier
/// ```
public struct IsolationForest: Estimator, Codable, Equatable {
    /// How many rows each tree is grown on (ψ).
    public enum MaxSamples: Codable, Equatable, Sendable {
        /// min(256, rows).
        case auto
        /// A fixed count (at most the number of rows).
        case count(Int)
        /// A fraction of the rows in (0, 1].
        case fraction(Double)
    }

    /// How the threshold between inliers and outliers is set.
    public enum Contamination: Codable, Equatable, Sendable {
        /// The original paper's: offset −0.5, so a score below −0.5 is an outlier.
        case auto
        /// The expected fraction of outliers in (0, 0.5]: the offset is that percentile of the training scores.
        case fraction(Double)
    }

    /// The number of trees.
    public var treeCount: Int
    public var maxSamples: MaxSamples
    /// The fraction of features each tree may split on, in (0, 1] (drawn per tree, without replacement).
    public var maxFeatures: Double
    /// Whether each tree's rows are drawn with replacement.
    public var bootstrap: Bool
    public var contamination: Contamination
    /// The seed every tree's seed is derived from.
    public var seed: UInt64

    public init(treeCount: Int = 100, maxSamples: MaxSamples = .auto, maxFeatures: Double = 1, bootstrap: Bool = false,
                contamination: Contamination = .auto, seed: UInt64 = 0) {
        self.treeCount = treeCount
        self.maxSamples = maxSamples
        self.maxFeatures = maxFeatures
        self.bootstrap = bootstrap
        self.contamination = contamination
        self.seed = seed
    }

    /// c(n): the average path length of an unsuccessful search in a binary search tree of n nodes,
    /// `2(ln(n − 1) + γ) − 2(n − 1)/n`, with c(1) = 0 and c(2) = 1.
    public static func averagePathLength(_ n: Int) -> Double { IsolationNodes.averagePathLength(n) }

    /// Grows the forest on `x` `[samples, features]`; `y` is ignored.
    public func fit(_ x: Tensor, _ y: Tensor? = nil) throws(ClassicMLError) -> FittedIsolationForest {
        try ForestGrowth.validate(count: treeCount)
        let (values, rows, columns) = try Validation.matrix(x)
        let psi = try subsampleSize(rows: rows)
        guard maxFeatures > 0 && maxFeatures <= 1 else {
            throw .invalidHyperparameter(name: "maxFeatures", value: "\(maxFeatures)", expected: "a fraction in (0, 1]")
        }
        if case let .fraction(f) = contamination, !(f > 0 && f <= 0.5) {
            throw .invalidHyperparameter(name: "contamination", value: "\(f)", expected: "a fraction in (0, 0.5] or .auto")
        }
        let featuresPerTree = max(1, Int(maxFeatures * Double(columns)))
        let maxDepth = Int(Foundation.log2(Double(max(psi, 2))).rounded(.up))
        var master = RandomGenerator(seed: seed)
        let seeds = (0..<treeCount).map { _ in master.nextUInt64() }
        let bootstrap = self.bootstrap
        var parts = [IsolationNodes?](repeating: nil, count: treeCount)
        parts.withUnsafeMutableBufferPointer { buffer in
            let out = SendablePointer(buffer.baseAddress!)
            parallelChunks(treeCount) { range in
                for t in range {
                    var rng = RandomGenerator(seed: seeds[t])
                    let sample = bootstrap ? (0..<psi).map { _ in rng.nextInt(below: rows) } : Self.draw(psi, from: rows, rng: &rng)
                    let features = featuresPerTree == columns ? Array(0..<columns) : Self.draw(featuresPerTree, from: columns, rng: &rng)
                    var tree = IsolationNodes()
                    tree.grow(values, columns: columns, rows: sample, features: features, maxDepth: maxDepth, rng: &rng)
                    out.raw[t] = tree
                }
            }
        }
        var model = FittedIsolationForest(configuration: self, nodes: IsolationNodes.merged(parts.map { $0! }), subsampleSize: psi,
                                          featureCount: columns, offset: -0.5)
        if case let .fraction(f) = contamination {
            model.offset = Self.percentile(model.scores(values, rows: rows), 100 * f)
        }
        return model
    }

    func subsampleSize(rows: Int) throws(ClassicMLError) -> Int {
        switch maxSamples {
        case .auto: return min(256, rows)
        case let .count(n):
            guard n >= 1 && n <= rows else { throw .invalidHyperparameter(name: "maxSamples", value: "\(n)", expected: "1…\(rows) rows") }
            return n
        case let .fraction(f):
            guard f > 0 && f <= 1 else { throw .invalidHyperparameter(name: "maxSamples", value: "\(f)", expected: "a fraction in (0, 1]") }
            return max(1, Int(f * Double(rows)))
        }
    }

    /// `count` distinct values of `0..<n` (a partial Fisher–Yates shuffle), ascending.
    static func draw(_ count: Int, from n: Int, rng: inout RandomGenerator) -> [Int] {
        var all = Array(0..<n)
        for i in 0..<count { all.swapAt(i, i + rng.nextInt(below: n - i)) }
        return all[0..<count].sorted()
    }

    /// NumPy's default (linear) percentile `q` ∈ [0, 100].
    static func percentile(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.sorted()
        let position = q / 100 * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (position - Double(low)) * (sorted[high] - sorted[low])
    }
}

/// A fitted ``IsolationForest``.
public struct FittedIsolationForest: FittedEstimator {
    /// The configuration it was fitted with.
    public let configuration: IsolationForest
    let nodes: IsolationNodes
    /// ψ: the rows each tree was grown on.
    public let subsampleSize: Int
    public let featureCount: Int
    /// The score below which a row is an outlier (−0.5, or the contamination percentile of the training scores).
    public internal(set) var offset: Double

    /// The negated anomaly score `−2^(−E[h(x)]/c(ψ))` of each row `[samples]`: lower is more anomalous.
    public func scoreSamples(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (values, rows) = try Validation.features(x, expected: featureCount)
        return Tensor(scores(values, rows: rows), shape: [rows])
    }

    /// ``scoreSamples(_:)`` minus ``offset`` `[samples]`: negative for outliers.
    public func decisionFunction(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (values, rows) = try Validation.features(x, expected: featureCount)
        return Tensor(scores(values, rows: rows).map { $0 - offset }, shape: [rows])
    }

    /// +1 for inliers, −1 for outliers (decision below 0) `[samples]`.
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let d = try decisionFunction(x).doubles
        return Tensor(d.map { $0 < 0 ? -1.0 : 1.0 }, shape: [d.count])
    }

    func scores(_ x: [Double], rows: Int) -> [Double] {
        var out = [Double](repeating: 0, count: rows)
        let trees = nodes.treeStart.count, columns = featureCount, nodes = nodes
        let normaliser = IsolationNodes.averagePathLength(subsampleSize) * Double(trees)
        x.withUnsafeBufferPointer { xp in
            out.withUnsafeMutableBufferPointer { op in
                let input = SendablePointer(xp.baseAddress!), output = SendablePointer(op.baseAddress!)
                parallelChunks(rows, minimumPerThread: 64) { range in
                    for i in range {
                        var total = 0.0
                        for t in 0..<trees { total += nodes.pathLength(tree: t, input.raw + i * columns) }
                        // E[h]/c(ψ); c(ψ) = 0 only for ψ = 1, where every path is 0 too.
                        output.raw[i] = -Foundation.pow(2, normaliser > 0 ? -total / normaliser : 0)
                    }
                }
            }
        }
        return out
    }

    struct Saved: Codable { var configuration: IsolationForest, subsampleSize: Int, featureCount: Int, offset: Double, nodes: Int, trees: Int }
    static let kind = "IsolationForest"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        let saved = Saved(configuration: configuration, subsampleSize: subsampleSize, featureCount: featureCount, offset: offset,
                          nodes: nodes.feature.count, trees: nodes.treeStart.count)
        return try ModelArchive(kind: Self.kind, configuration: saved, tensors: [
            "feature": Tensor(nodes.feature.map(Int64.init)), "threshold": Tensor(nodes.threshold),
            "left": Tensor(nodes.left.map(Int64.init)), "right": Tensor(nodes.right.map(Int64.init)),
            "path_length": Tensor(nodes.pathLength), "tree_start": Tensor(nodes.treeStart.map(Int64.init)),
        ])
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let s = try archive.configuration(as: Saved.self, kind: Self.kind)
        func integers(_ name: String, _ count: Int) throws(ClassicMLError) -> [Int] {
            try archive.tensor(name, shape: [count]).doubles.map { Int($0) }
        }
        var nodes = IsolationNodes()
        nodes.feature = try integers("feature", s.nodes)
        nodes.left = try integers("left", s.nodes)
        nodes.right = try integers("right", s.nodes)
        nodes.treeStart = try integers("tree_start", s.trees)
        nodes.threshold = try archive.tensor("threshold", shape: [s.nodes]).doubles
        nodes.pathLength = try archive.tensor("path_length", shape: [s.nodes]).doubles
        let valid = s.trees >= 1 && nodes.treeStart.allSatisfy { $0 >= 0 && $0 < s.nodes }
            && (0..<s.nodes).allSatisfy { n in
                nodes.feature[n] < 0 || (nodes.feature[n] < s.featureCount && nodes.left[n] > n && nodes.left[n] < s.nodes
                                         && nodes.right[n] > n && nodes.right[n] < s.nodes)
            }
        guard valid else { throw .invalidArchive("IsolationForest: node arrays do not form trees over \(s.featureCount) features") }
        self.init(configuration: s.configuration, nodes: nodes, subsampleSize: s.subsampleSize, featureCount: s.featureCount, offset: s.offset)
    }

    init(configuration: IsolationForest, nodes: IsolationNodes, subsampleSize: Int, featureCount: Int, offset: Double) {
        self.configuration = configuration
        self.nodes = nodes
        self.subsampleSize = subsampleSize
        self.featureCount = featureCount
        self.offset = offset
    }
}
