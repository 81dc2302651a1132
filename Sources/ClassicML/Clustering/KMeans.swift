// k-means clustering: greedy k-means++ seeding and Lloyd iterations, keeping the best of several initialisations.
import Foundation
import Kernels
import Tensors

/// k-means clustering (`sklearn.cluster.KMeans` with `algorithm="lloyd"`).
///
/// Each of ``initializations`` runs seeds the centres with greedy k-means++ (at every step `2 + ⌊ln k⌋`
/// candidates are drawn with probability proportional to their squared distance to the nearest centre, and the
/// one that lowers the potential most is kept), then alternates assignment and centre updates until the labels
/// stop changing, the squared centre shift falls below ``tolerance`` × the mean feature variance, or
/// ``maximumIterations`` is reached. The run with the lowest inertia wins. Each assignment is one pass of a
/// nearest-centre kernel over the rows (the `x·cᵀ` products stay in registers). All randomness comes from ``seed``.
///
/// ```swift
/// let model = try KMeans(clusters: 3, seed: 0).fit(x)
/// model.inertia      // sum of squared distances to the nearest centre
/// try model.predict(newX)
/// ```
public struct KMeans: Estimator, Codable, Equatable {
    /// The number of clusters `k`.
    public var clusters: Int
    /// How many k-means++ initialisations to run (the lowest inertia is kept).
    public var initializations: Int
    /// The most Lloyd iterations per initialisation.
    public var maximumIterations: Int
    /// Relative tolerance on the squared centre shift (scaled by the mean variance of the features).
    public var tolerance: Double
    /// Seed of the random generator.
    public var seed: UInt64

    /// A configuration with scikit-learn's defaults (8 clusters, 10 initialisations, 300 iterations, tolerance 1e-4).
    public init(clusters: Int = 8, initializations: Int = 10, maximumIterations: Int = 300, tolerance: Double = 1e-4, seed: UInt64 = 0) {
        self.clusters = clusters
        self.initializations = initializations
        self.maximumIterations = maximumIterations
        self.tolerance = tolerance
        self.seed = seed
    }

    /// Clusters `x` `[samples, features]`; `y` is ignored.
    /// - Throws: ``ClassicMLError/tooFewSamples(what:needed:found:)`` when there are fewer samples than clusters,
    ///   and the usual input errors (empty, non-finite).
    public func fit(_ x: Tensor, _ y: Tensor? = nil) throws(ClassicMLError) -> FittedKMeans {
        guard clusters >= 1 else { throw .invalidHyperparameter(name: "clusters", value: "\(clusters)", expected: "at least 1") }
        guard initializations >= 1 else {
            throw .invalidHyperparameter(name: "initializations", value: "\(initializations)", expected: "at least 1")
        }
        guard maximumIterations >= 1 else {
            throw .invalidHyperparameter(name: "maximumIterations", value: "\(maximumIterations)", expected: "at least 1")
        }
        guard tolerance >= 0 else { throw .invalidHyperparameter(name: "tolerance", value: "\(tolerance)", expected: "≥ 0") }
        let (values, rows, columns) = try Validation.matrix(x)
        guard rows >= clusters else { throw .tooFewSamples(what: "KMeans with \(clusters) clusters", needed: clusters, found: rows) }

        // Centre the data (as scikit-learn does) for accurate distances; centres are shifted back at the end.
        var mean = [Double](repeating: 0, count: columns)
        for i in 0..<rows { for j in 0..<columns { mean[j] += values[i * columns + j] } }
        for j in 0..<columns { mean[j] /= Double(rows) }
        var data = values
        for i in 0..<rows { for j in 0..<columns { data[i * columns + j] -= mean[j] } }
        var meanVariance = 0.0
        for i in 0..<rows { for j in 0..<columns { meanVariance += data[i * columns + j] * data[i * columns + j] } }
        meanVariance /= Double(rows * columns)
        let problem = Problem(data: data, rows: rows, columns: columns, norms: SquaredDistances.rowNorms(data, rows: rows, columns: columns),
                              clusters: clusters, maximumIterations: maximumIterations, tolerance: tolerance * meanVariance)

        // The seedings draw from one generator in turn; the Lloyd runs from them are independent. On small data
        // (where one assignment pass is too short to split over threads) the runs go to the threads whole.
        var generator = RandomGenerator(seed: seed)
        let seeds = (0..<initializations).map { _ in problem.kMeansPlusPlus(&generator) }
        let runs: [Problem.Run]
        if initializations > 1 && KernelThreads.count > 1 && rows * columns <= Self.wholeRunsLimit {
            runs = parallelMap(initializations) { i in KernelThreads.with(1) { problem.lloyd(from: seeds[i]) } }
        } else {
            runs = seeds.map { problem.lloyd(from: $0) }
        }
        var best: Problem.Run?
        for run in runs where best == nil || run.inertia < best!.inertia { best = run }
        var centers = best!.centers
        for c in 0..<clusters { for j in 0..<columns { centers[c * columns + j] += mean[j] } }
        return FittedKMeans(configuration: self, centers: centers, labels: best!.labels, inertia: best!.inertia,
                            iterations: best!.iterations, featureCount: columns)
    }

    /// Up to this many data values (rows × columns) the initialisations' Lloyd runs are spread over the threads
    /// whole; above it each run's assignment passes are split instead.
    static let wholeRunsLimit = 1 << 20

    /// The centred data and the settings of one fit.
    struct Problem: Sendable {
        let data: [Double], rows: Int, columns: Int, norms: [Double]
        let clusters: Int, maximumIterations: Int, tolerance: Double
        /// `data` packed once for the nearest-centre kernel of every assignment pass.
        let packed: [Double]

        init(data: [Double], rows: Int, columns: Int, norms: [Double], clusters: Int, maximumIterations: Int, tolerance: Double) {
            self.data = data
            self.rows = rows
            self.columns = columns
            self.norms = norms
            self.clusters = clusters
            self.maximumIterations = maximumIterations
            self.tolerance = tolerance
            packed = data.withUnsafeBufferPointer { MatrixMultiply.packRowBlocks(rows: rows, columns: columns, x: $0.baseAddress!, ldx: columns) }
        }

        struct Run: Sendable { var centers: [Double], labels: [Int], inertia: Double, iterations: Int }

        func row(_ i: Int) -> ArraySlice<Double> { data[(i * columns)..<((i + 1) * columns)] }

        /// Greedy k-means++ (scikit-learn's `_kmeans_plusplus`).
        func kMeansPlusPlus(_ generator: inout RandomGenerator) -> [Double] {
            let trials = 2 + Int(Double(clusters).logOrZero)
            var centers = [Double]()
            centers.reserveCapacity(clusters * columns)
            let first = generator.nextInt(below: rows)
            centers += row(first)
            var closest = distances(to: [first])
            var potential = closest.reduce(0, +)
            var cumulative = [Double](repeating: 0, count: rows)
            for _ in 1..<max(clusters, 1) {
                var s = 0.0
                for i in 0..<rows { s += closest[i]; cumulative[i] = s }
                var candidates = [Int]()
                for _ in 0..<trials {
                    let r = generator.nextDouble() * potential
                    // First index with cumulative ≥ r (numpy's searchsorted, side "left"), clipped.
                    var lo = 0, hi = rows
                    while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] < r { lo = mid + 1 } else { hi = mid } }
                    candidates.append(min(lo, rows - 1))
                }
                let d = distances(to: candidates)  // [rows, trials]
                var bestTrial = 0, bestPotential = Double.infinity
                for t in 0..<trials {
                    var p = 0.0
                    for i in 0..<rows { p += min(closest[i], d[i * trials + t]) }
                    if p < bestPotential { bestPotential = p; bestTrial = t }
                }
                for i in 0..<rows { closest[i] = min(closest[i], d[i * trials + bestTrial]) }
                potential = bestPotential
                centers += row(candidates[bestTrial])
            }
            return centers
        }

        /// Squared distances `[rows, indices.count]` from every row to the rows `indices` (clamped at 0), with
        /// the dot products from the few-centres kernel (the data is read in place, not packed).
        func distances(to indices: [Int]) -> [Double] {
            let count = indices.count
            var chosen = [Double]()
            chosen.reserveCapacity(count * columns)
            for c in indices { chosen += row(c) }
            var d = [Double](repeating: 0, count: rows * count)
            data.withUnsafeBufferPointer { px in
                d.withUnsafeMutableBufferPointer { pd in
                    MatrixMultiply.dotsWithFew(rows: rows, columns: columns, x: px.baseAddress!, ldx: columns, centres: chosen, ldc: columns,
                                               k: count, dots: pd.baseAddress!, ldd: count)
                    for i in 0..<rows {
                        for t in 0..<count { pd[i * count + t] = max(0, (-2 * pd[i * count + t] + norms[indices[t]]) + norms[i]) }
                    }
                }
            }
            return d
        }

        /// One assignment pass: the nearest centre and squared distance of every row, and the per-cluster sums
        /// and counts of the rows so assigned (the next centres' numerators).
        struct Assignment { var labels: [Int], distances: [Double], sums: [Double], counts: [Int] }

        /// Rows go in fixed blocks of 256 over the kernel threads; per block the nearest-centre kernel takes the
        /// argmin of `‖c‖² − 2x·c` (the `x·cᵀ` product in registers), and the block's rows are added to its own sums. Blocks' sums are then
        /// added in block order, so the result does not depend on the thread count.
        func assign(_ centers: [Double]) -> Assignment {
            let k = clusters, d = columns, n = rows
            let block = 256, blocks = (n + block - 1) / block
            let centerNorms = SquaredDistances.rowNorms(centers, rows: k, columns: d)
            var labels = [Int](repeating: 0, count: n), distances = [Double](repeating: 0, count: n)
            var blockSums = [Double](repeating: 0, count: blocks * k * d), blockCounts = [Int](repeating: 0, count: blocks * k)
            data.withUnsafeBufferPointer { xp in
                packed.withUnsafeBufferPointer { pp in
                    norms.withUnsafeBufferPointer { np in
                        centers.withUnsafeBufferPointer { cp in
                            centerNorms.withUnsafeBufferPointer { cnp in
                                labels.withUnsafeMutableBufferPointer { lp in
                                    distances.withUnsafeMutableBufferPointer { dp in
                                        blockSums.withUnsafeMutableBufferPointer { sp in
                                            blockCounts.withUnsafeMutableBufferPointer { ctp in
                                                let x = SendablePointer(xp.baseAddress!), xn = SendablePointer(np.baseAddress!)
                                                let xpacked = SendablePointer(pp.baseAddress!)
                                                let c = SendablePointer(cp.baseAddress!), cn = SendablePointer(cnp.baseAddress!)
                                                let label = SendablePointer(lp.baseAddress!), dist = SendablePointer(dp.baseAddress!)
                                                let sums = SendablePointer(sp.baseAddress!), counts = SendablePointer(ctp.baseAddress!)
                                                parallelChunks(blocks, minimumPerThread: max(1, 4096 / max(1, k * d))) { range in
                                                    for b in range {
                                                        let r0 = b * block, count = min(block, n - r0)
                                                        // r0 is a multiple of the packing's block rows.
                                                        MatrixMultiply.nearestCentres(packedRows: count, columns: d, packed: xpacked.raw + r0 * d, centres: c.raw,
                                                                                      ldc: d, k: k, centreNorms: cn.raw, labels: label.raw + r0, keys: dist.raw + r0)
                                                        let bs = sums.raw + b * k * d, bc = counts.raw + b * k
                                                        for i in r0..<(r0 + count) {
                                                            let best = label.raw[i]
                                                            dist.raw[i] = max(0, dist.raw[i] + xn.raw[i])
                                                            bc[best] += 1
                                                            let target = bs + best * d, source = x.raw + i * d
                                                            for j in 0..<d { target[j] += source[j] }
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            var sums = [Double](repeating: 0, count: k * d), counts = [Int](repeating: 0, count: k)
            for b in 0..<blocks {
                for e in 0..<(k * d) { sums[e] += blockSums[b * k * d + e] }
                for j in 0..<k { counts[j] += blockCounts[b * k + j] }
            }
            return Assignment(labels: labels, distances: distances, sums: sums, counts: counts)
        }

        /// Lloyd iterations from `initial` centres.
        func lloyd(from initial: [Double]) -> Run {
            var centers = initial
            var current = assign(centers)
            var iterations = 0
            while iterations < maximumIterations {
                iterations += 1
                let labels = current.labels, distances = current.distances
                var sums = current.sums, counts = current.counts
                // Empty clusters take the points farthest from their centres (as scikit-learn relocates them).
                let empty = (0..<clusters).filter { counts[$0] == 0 }
                if !empty.isEmpty {
                    let far = (0..<rows).sorted { distances[$0] > distances[$1] || (distances[$0] == distances[$1] && $0 < $1) }
                    for (e, i) in zip(empty, far) {
                        counts[labels[i]] -= 1
                        for j in 0..<columns { sums[labels[i] * columns + j] -= data[i * columns + j] }
                        counts[e] = 1
                        for j in 0..<columns { sums[e * columns + j] = data[i * columns + j] }
                    }
                }
                var next = centers, shift = 0.0
                for c in 0..<clusters where counts[c] > 0 {
                    for j in 0..<columns {
                        let v = sums[c * columns + j] / Double(counts[c])
                        shift += (v - centers[c * columns + j]) * (v - centers[c * columns + j])
                        next[c * columns + j] = v
                    }
                }
                centers = next
                current = assign(centers)
                if current.labels == labels || shift <= tolerance { break }
            }
            return Run(centers: centers, labels: current.labels, inertia: current.distances.reduce(0, +), iterations: iterations)
        }
    }
}

extension Double {
    /// Natural logarithm, 0 for values ≤ 1 (for the k-means++ trial count).
    fileprivate var logOrZero: Double { self > 1 ? Foundation.log(self) : 0 }
}

/// A fitted ``KMeans``: the centres, the training labels and their inertia.
public struct FittedKMeans: Clusterer {
    /// The configuration it was fitted with.
    public let configuration: KMeans
    /// Cluster centres `[clusters, features]` (Float64, in the input's units).
    public var centers: Tensor { Tensor(centerValues, shape: [configuration.clusters, featureCount]) }
    /// The training rows' clusters `[samples]` (Int64).
    public var labels: Tensor { Tensor(labelValues.map(Int64.init), shape: [labelValues.count]) }
    /// Sum of squared distances from each training row to its centre.
    public let inertia: Double
    /// Lloyd iterations of the best run.
    public let iterations: Int
    public let featureCount: Int
    let centerValues: [Double]
    let labelValues: [Int]

    init(configuration: KMeans, centers: [Double], labels: [Int], inertia: Double, iterations: Int, featureCount: Int) {
        self.configuration = configuration
        self.centerValues = centers
        self.labelValues = labels
        self.inertia = inertia
        self.iterations = iterations
        self.featureCount = featureCount
    }

    /// Squared distances `[samples, clusters]` from `x` to every centre.
    func squaredDistances(_ x: Tensor) throws(ClassicMLError) -> (values: [Double], rows: Int) {
        let (values, rows) = try Validation.features(x, expected: featureCount)
        let k = configuration.clusters
        let d = SquaredDistances.compute(
            values, aRows: rows, aNorms: SquaredDistances.rowNorms(values, rows: rows, columns: featureCount),
            centerValues, bRows: k, bNorms: SquaredDistances.rowNorms(centerValues, rows: k, columns: featureCount), columns: featureCount)
        return (d, rows)
    }

    /// The nearest centre of each row `[samples]` (Int64).
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (d, rows) = try squaredDistances(x)
        let k = configuration.clusters
        let labels = (0..<rows).map { i -> Int64 in
            var b = 0
            for c in 1..<max(k, 1) where d[i * k + c] < d[i * k + b] { b = c }
            return Int64(b)
        }
        return Tensor(labels, shape: [rows])
    }

    /// Euclidean distances `[samples, clusters]` from each row to each centre (Float64).
    public func transform(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (d, rows) = try squaredDistances(x)
        return Tensor(d.map { $0.squareRoot() }, shape: [rows, configuration.clusters])
    }

    /// Minus the sum of squared distances of `x` to its nearest centres (scikit-learn's `KMeans.score`).
    public func score(_ x: Tensor) throws(ClassicMLError) -> Double {
        let (d, rows) = try squaredDistances(x)
        let k = configuration.clusters
        return -(0..<rows).reduce(0.0) { s, i in s + d[(i * k)..<((i + 1) * k)].min()! }
    }

    struct Saved: Codable { var configuration: KMeans, inertia: Double, iterations: Int, featureCount: Int }
    static let kind = "KMeans"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: Self.kind, configuration: Saved(configuration: configuration, inertia: inertia, iterations: iterations, featureCount: featureCount),
                         tensors: ["centers": centers, "labels": labels])
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let s = try archive.configuration(as: Saved.self, kind: Self.kind)
        let centers = try archive.tensor("centers", shape: [s.configuration.clusters, s.featureCount])
        let labels = try archive.tensor("labels")
        self.init(configuration: s.configuration, centers: centers.doubles, labels: labels.doubles.map { Int($0) },
                  inertia: s.inertia, iterations: s.iterations, featureCount: s.featureCount)
    }
}
