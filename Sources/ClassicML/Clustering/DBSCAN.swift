// DBSCAN: density-based clustering with noise (scikit-learn's DBSCAN, Euclidean metric).
import Tensors

/// Density-based spatial clustering with noise (`sklearn.cluster.DBSCAN`).
///
/// A row is a core sample when at least ``minimumSamples`` rows (itself included) lie within ``epsilon`` of it.
/// Clusters grow from core samples, in row order, through their neighbourhoods; rows reached by no core sample are
/// noise (label −1). A border row reachable from two clusters joins the one numbered first, as in scikit-learn.
/// Distances come from the matrix multiply in blocks of rows.
///
/// ```swift
/// let model = try DBSCAN(epsilon: 0.5, minimumSamples: 5).fit(x)
/// model.labels   // Int64, −1 for noise
/// ```
public struct DBSCAN: Estimator, Codable, Equatable {
    /// The neighbourhood radius.
    public var epsilon: Double
    /// Rows (the row itself included) a neighbourhood needs for its centre to be a core sample.
    public var minimumSamples: Int

    /// scikit-learn's defaults: radius 0.5, five samples.
    public init(epsilon: Double = 0.5, minimumSamples: Int = 5) {
        self.epsilon = epsilon
        self.minimumSamples = minimumSamples
    }

    /// Clusters `x` `[samples, features]`; `y` is ignored.
    public func fit(_ x: Tensor, _ y: Tensor? = nil) throws(ClassicMLError) -> FittedDBSCAN {
        guard epsilon > 0 else { throw .invalidHyperparameter(name: "epsilon", value: "\(epsilon)", expected: "> 0") }
        guard minimumSamples >= 1 else {
            throw .invalidHyperparameter(name: "minimumSamples", value: "\(minimumSamples)", expected: "at least 1")
        }
        let (values, rows, columns) = try Validation.matrix(x)
        let norms = SquaredDistances.rowNorms(values, rows: rows, columns: columns)
        let radius = epsilon * epsilon
        var neighborhoods = [[Int]](repeating: [], count: rows)
        let block = max(1, min(rows, (1 << 22) / rows))
        var start = 0
        while start < rows {
            let count = min(block, rows - start)
            let d = SquaredDistances.compute(Array(values[(start * columns)..<((start + count) * columns)]), aRows: count,
                                             aNorms: Array(norms[start..<(start + count)]), values, bRows: rows, bNorms: norms, columns: columns)
            for i in 0..<count {
                neighborhoods[start + i] = (0..<rows).filter { $0 == start + i || d[i * rows + $0] <= radius }
            }
            start += count
        }
        let core = neighborhoods.map { $0.count >= minimumSamples }
        var labels = [Int](repeating: -1, count: rows)
        var next = 0
        for seed in 0..<rows where labels[seed] == -1 && core[seed] {
            var stack = [seed]
            while let i = stack.popLast() {
                guard labels[i] == -1 else { continue }
                labels[i] = next
                if core[i] { stack += neighborhoods[i].filter { labels[$0] == -1 } }
            }
            next += 1
        }
        let coreIndices = (0..<rows).filter { core[$0] }
        return FittedDBSCAN(configuration: self, labels: labels, coreIndices: coreIndices,
                            coreSamples: coreIndices.flatMap { values[($0 * columns)..<(($0 + 1) * columns)] }, featureCount: columns)
    }
}

/// A fitted ``DBSCAN``: the training labels and the core samples.
public struct FittedDBSCAN: Clusterer {
    /// The configuration it was fitted with.
    public let configuration: DBSCAN
    /// Indices of the core samples among the training rows.
    public let coreIndices: [Int]
    public let featureCount: Int
    let labelValues: [Int]
    let coreSamples: [Double]

    init(configuration: DBSCAN, labels: [Int], coreIndices: [Int], coreSamples: [Double], featureCount: Int) {
        self.configuration = configuration
        self.labelValues = labels
        self.coreIndices = coreIndices
        self.coreSamples = coreSamples
        self.featureCount = featureCount
    }

    /// The training rows' clusters `[samples]` (Int64; −1 marks noise).
    public var labels: Tensor { Tensor(labelValues.map(Int64.init), shape: [labelValues.count]) }
    /// The number of clusters found (noise excluded).
    public var clusterCount: Int { (labelValues.max() ?? -1) + 1 }

    /// New rows join the cluster of their nearest core sample when it lies within ``DBSCAN/epsilon``, else −1.
    /// (scikit-learn's DBSCAN has no `predict`; this is the usual extension, and gives a core sample its own label.)
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (values, rows) = try Validation.features(x, expected: featureCount)
        guard !coreIndices.isEmpty else { return Tensor([Int64](repeating: -1, count: rows), shape: [rows]) }
        let index = NeighborIndex(values: coreSamples, rows: coreIndices.count, columns: featureCount, algorithm: .brute)
        let (nearest, distances) = index.search(values, queries: rows, k: 1)
        return Tensor((0..<rows).map { distances[$0] <= configuration.epsilon ? Int64(labelValues[coreIndices[nearest[$0]]]) : -1 }, shape: [rows])
    }

    struct Saved: Codable { var configuration: DBSCAN, labels: [Int], coreIndices: [Int], featureCount: Int }
    static let kind = "DBSCAN"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: Self.kind, configuration: Saved(configuration: configuration, labels: labelValues, coreIndices: coreIndices, featureCount: featureCount),
                         tensors: ["core_samples": Tensor(coreSamples, shape: [coreIndices.count, featureCount])])
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let s = try archive.configuration(as: Saved.self, kind: Self.kind)
        guard s.coreIndices.allSatisfy({ $0 >= 0 && $0 < s.labels.count }) else { throw .invalidArchive("core sample index out of range") }
        self.init(configuration: s.configuration, labels: s.labels, coreIndices: s.coreIndices,
                  coreSamples: try archive.tensor("core_samples", shape: [s.coreIndices.count, s.featureCount]).doubles, featureCount: s.featureCount)
    }
}
