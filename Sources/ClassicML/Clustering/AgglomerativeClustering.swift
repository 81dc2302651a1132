// Hierarchical agglomerative clustering (scikit-learn's AgglomerativeClustering, Euclidean metric).
import Tensors

/// How the distance between two clusters is measured when merging.
public enum Linkage: String, Codable, Sendable, Equatable {
    /// The merge that least increases the within-cluster sum of squares (Ward's method).
    case ward
    /// The largest distance between their rows.
    case complete
    /// The mean distance between their rows.
    case average
    /// The smallest distance between their rows.
    case single
}

/// Bottom-up hierarchical clustering (`sklearn.cluster.AgglomerativeClustering`): every row starts as a cluster
/// and the two closest clusters under ``linkage`` merge until ``clusters`` remain (Lance–Williams updates on the
/// full distance matrix: `O(n²)` memory, `O(n³)` time, for up to a few thousand rows).
///
/// Cluster numbers follow the first row of each cluster (scikit-learn numbers them otherwise; the partition is
/// the same).
public struct AgglomerativeClustering: Estimator, Codable, Equatable {
    /// How many clusters to stop at.
    public var clusters: Int
    /// The cluster distance.
    public var linkage: Linkage

    /// scikit-learn's defaults: two clusters, Ward linkage.
    public init(clusters: Int = 2, linkage: Linkage = .ward) {
        self.clusters = clusters
        self.linkage = linkage
    }

    /// Clusters `x` `[samples, features]`; `y` is ignored.
    /// - Throws: ``ClassicMLError/tooFewSamples(what:needed:found:)`` for more clusters than samples.
    public func fit(_ x: Tensor, _ y: Tensor? = nil) throws(ClassicMLError) -> FittedAgglomerativeClustering {
        guard clusters >= 1 else { throw .invalidHyperparameter(name: "clusters", value: "\(clusters)", expected: "at least 1") }
        let (values, rows, columns) = try Validation.matrix(x)
        guard rows >= clusters else {
            throw .tooFewSamples(what: "AgglomerativeClustering with \(clusters) clusters", needed: clusters, found: rows)
        }
        let norms = SquaredDistances.rowNorms(values, rows: rows, columns: columns)
        // Ward works on squared distances (its Lance–Williams form); the others on distances.
        var d = SquaredDistances.compute(values, aRows: rows, aNorms: norms, values, bRows: rows, bNorms: norms, columns: columns)
        if linkage != .ward { for i in 0..<d.count { d[i] = d[i].squareRoot() } }
        var size = [Double](repeating: 1, count: rows)
        var owner = Array(0..<rows)  // each row's current cluster representative
        var active = Array(0..<rows)
        while active.count > clusters {
            var best = (Double.infinity, 0, 0)
            for (ai, i) in active.enumerated() {
                for j in active[(ai + 1)...] where d[i * rows + j] < best.0 { best = (d[i * rows + j], i, j) }
            }
            let (dij, i, j) = best
            for k in active where k != i && k != j {
                let dki = d[k * rows + i], dkj = d[k * rows + j]
                let merged: Double
                switch linkage {
                case .single: merged = min(dki, dkj)
                case .complete: merged = max(dki, dkj)
                case .average: merged = (size[i] * dki + size[j] * dkj) / (size[i] + size[j])
                case .ward: merged = ((size[i] + size[k]) * dki + (size[j] + size[k]) * dkj - size[k] * dij) / (size[i] + size[j] + size[k])
                }
                d[k * rows + i] = merged
                d[i * rows + k] = merged
            }
            size[i] += size[j]
            active.removeAll { $0 == j }
            for r in 0..<rows where owner[r] == j { owner[r] = i }
        }
        var number = [Int: Int](), labels = [Int](repeating: 0, count: rows)
        for r in 0..<rows {
            if number[owner[r]] == nil { number[owner[r]] = number.count }
            labels[r] = number[owner[r]]!
        }
        return FittedAgglomerativeClustering(configuration: self, labels: labels, training: values, featureCount: columns)
    }
}

/// A fitted ``AgglomerativeClustering``: the training labels.
public struct FittedAgglomerativeClustering: Clusterer {
    /// The configuration it was fitted with.
    public let configuration: AgglomerativeClustering
    public let featureCount: Int
    let labelValues: [Int]
    let training: [Double]

    init(configuration: AgglomerativeClustering, labels: [Int], training: [Double], featureCount: Int) {
        self.configuration = configuration
        self.labelValues = labels
        self.training = training
        self.featureCount = featureCount
    }

    /// The training rows' clusters `[samples]` (Int64).
    public var labels: Tensor { Tensor(labelValues.map(Int64.init), shape: [labelValues.count]) }

    /// The cluster of each row's nearest training row (scikit-learn has no `predict` here; this extension gives
    /// the training rows their own labels).
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (values, rows) = try Validation.features(x, expected: featureCount)
        let index = NeighborIndex(values: training, rows: labelValues.count, columns: featureCount, algorithm: .brute)
        let nearest = index.search(values, queries: rows, k: 1).indices
        return Tensor(nearest.map { Int64(labelValues[$0]) }, shape: [rows])
    }

    struct Saved: Codable { var configuration: AgglomerativeClustering, labels: [Int], featureCount: Int }
    static let kind = "AgglomerativeClustering"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: Self.kind, configuration: Saved(configuration: configuration, labels: labelValues, featureCount: featureCount),
                         tensors: ["x": Tensor(training, shape: [labelValues.count, featureCount])])
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let s = try archive.configuration(as: Saved.self, kind: Self.kind)
        self.init(configuration: s.configuration, labels: s.labels,
                  training: try archive.tensor("x", shape: [s.labels.count, s.featureCount]).doubles, featureCount: s.featureCount)
    }
}
