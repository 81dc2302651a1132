// k-nearest-neighbour classification and regression (brute force through the matrix multiply, or a k-d tree).
import Tensors

/// A fitted k-NN model: its training rows and how many neighbours it consults.
public protocol NeighborsModel: FittedEstimator {
    /// The number of neighbours consulted per prediction.
    var neighborCount: Int { get }
    /// Each row's nearest training rows, nearest first (equal distances in training order): indices
    /// `[samples, k]` (Int64) and Euclidean distances `[samples, k]` (Float64), as scikit-learn's `kneighbors`.
    func neighbors(of x: Tensor, count: Int?) throws(ClassicMLError) -> (indices: Tensor, distances: Tensor)
}

/// The shared search behind ``NeighborsModel/neighbors(of:count:)``.
protocol IndexedNeighborsModel: NeighborsModel {
    var index: NeighborIndex { get }
}

extension IndexedNeighborsModel {
    /// `count` defaults to ``neighborCount``; it may not exceed the number of training rows.
    public func neighbors(of x: Tensor, count: Int? = nil) throws(ClassicMLError) -> (indices: Tensor, distances: Tensor) {
        let k = count ?? neighborCount
        try NeighborChecks.validate(k: k, rows: index.rows)
        let (values, rows) = try Validation.features(x, expected: featureCount)
        let (indices, distances) = index.search(values, queries: rows, k: k)
        return (Tensor(indices.map(Int64.init), shape: [rows, k]), Tensor(distances, shape: [rows, k]))
    }
}

/// k-nearest-neighbour classifier (`sklearn.neighbors.KNeighborsClassifier`).
///
/// Fitting stores the training rows; prediction finds each row's ``neighbors`` nearest training rows by Euclidean
/// distance (by brute force, one matrix multiply per block of queries, or through a k-d tree; equal distances are
/// broken by training order) and takes
/// their (weighted) vote. Equal votes go to the smallest class label.
///
/// ```swift
/// let model = try KNeighborsClassifier(neighbors: 5).fit(xTrain, yTrain)
/// let labels = try model.predict(xTest)
/// ```
public struct KNeighborsClassifier: Estimator, Codable, Equatable {
    /// The number of neighbours `k`.
    public var neighbors: Int
    /// How the neighbours' votes are weighted.
    public var weighting: NeighborWeighting
    /// How neighbours are found (the results are the same).
    public var algorithm: NeighborAlgorithm

    /// Five neighbours, uniform weights and brute-force search by default.
    public init(neighbors: Int = 5, weighting: NeighborWeighting = .uniform, algorithm: NeighborAlgorithm = .brute) {
        self.neighbors = neighbors
        self.weighting = weighting
        self.algorithm = algorithm
    }

    /// Stores `x` `[samples, features]` and the labels `y` `[samples]`.
    /// - Throws: ``ClassicMLError/tooFewSamples(what:needed:found:)`` for more neighbours than samples,
    ///   ``ClassicMLError/singleClass(label:)``, and the usual input errors.
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedKNeighborsClassifier {
        let (values, rows, columns) = try Validation.matrix(x)
        let targets = try Validation.targets(y, rows: rows)
        try NeighborChecks.validate(k: neighbors, rows: rows)
        let (classes, codes) = try Validation.classes(targets)
        return FittedKNeighborsClassifier(configuration: self, index: NeighborIndex(values: values, rows: rows, columns: columns, algorithm: algorithm),
                                          classes: classes, codes: codes)
    }
}

/// A fitted ``KNeighborsClassifier``: the training rows and their class codes.
public struct FittedKNeighborsClassifier: Classifier, IndexedNeighborsModel {
    /// The configuration it was fitted with.
    public let configuration: KNeighborsClassifier
    public let classes: [Double]
    public var featureCount: Int { index.columns }
    public var neighborCount: Int { configuration.neighbors }
    let index: NeighborIndex
    let codes: [Int]

    init(configuration: KNeighborsClassifier, index: NeighborIndex, classes: [Double], codes: [Int]) {
        self.configuration = configuration
        self.index = index
        self.classes = classes
        self.codes = codes
    }

    /// Each row's (weighted) class votes, normalised to sum to 1.
    func votes(_ x: Tensor) throws(ClassicMLError) -> (values: [Double], rows: Int) {
        let (values, rows) = try Validation.features(x, expected: featureCount)
        let k = configuration.neighbors, c = classes.count
        let (indices, distances) = index.search(values, queries: rows, k: k)
        var votes = [Double](repeating: 0, count: rows * c)
        for i in 0..<rows {
            let w = NeighborIndex.weights(distances[(i * k)..<((i + 1) * k)], configuration.weighting)
            for r in 0..<k { votes[i * c + codes[indices[i * k + r]]] += w[r] }
            let total = votes[(i * c)..<((i + 1) * c)].reduce(0, +)
            for j in 0..<c { votes[i * c + j] /= total }
        }
        return (votes, rows)
    }

    /// The class with the largest (weighted) vote in each row `[samples]`; equal votes go to the smallest label.
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (v, rows) = try votes(x)
        return ClassScores.labels(v, rows: rows, classes: classes)
    }

    /// The (weighted) vote share of each class `[samples, classes]`.
    public func predictProbabilities(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (v, rows) = try votes(x)
        return Tensor(v, shape: [rows, classes.count])
    }

    /// Accuracy on `x`, `y`.
    public func score(_ x: Tensor, _ y: Tensor) throws(ClassicMLError) -> Double {
        let p = try predict(x).doubles
        let t = try Validation.targets(y, rows: p.count)
        return Double(zip(p, t).filter { $0 == $1 }.count) / Double(p.count)
    }

    struct Saved: Codable { var configuration: KNeighborsClassifier, classes: [Double], rows: Int, columns: Int }
    static let kind = "KNeighborsClassifier"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: Self.kind, configuration: Saved(configuration: configuration, classes: classes, rows: index.rows, columns: index.columns),
                         tensors: ["x": Tensor(index.values, shape: [index.rows, index.columns]), "codes": Tensor(codes.map(Int64.init), shape: [codes.count])])
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let s = try archive.configuration(as: Saved.self, kind: Self.kind)
        let x = try archive.tensor("x", shape: [s.rows, s.columns]), codes = try archive.tensor("codes", shape: [s.rows])
        let c = codes.doubles.map { Int($0) }
        guard c.allSatisfy({ $0 >= 0 && $0 < s.classes.count }) else { throw .invalidArchive("class codes out of range") }
        self.init(configuration: s.configuration, index: NeighborIndex(values: x.doubles, rows: s.rows, columns: s.columns, algorithm: s.configuration.algorithm), classes: s.classes, codes: c)
    }
}

/// k-nearest-neighbour regressor (`sklearn.neighbors.KNeighborsRegressor`): the (weighted)
/// mean of the ``neighbors`` nearest training targets.
public struct KNeighborsRegressor: Estimator, Codable, Equatable {
    /// The number of neighbours `k`.
    public var neighbors: Int
    /// How the neighbours' targets are weighted.
    public var weighting: NeighborWeighting
    /// How neighbours are found (the results are the same).
    public var algorithm: NeighborAlgorithm

    /// Five neighbours, uniform weights and brute-force search by default.
    public init(neighbors: Int = 5, weighting: NeighborWeighting = .uniform, algorithm: NeighborAlgorithm = .brute) {
        self.neighbors = neighbors
        self.weighting = weighting
        self.algorithm = algorithm
    }

    /// Stores `x` `[samples, features]` and the targets `y` `[samples]`.
    /// - Throws: ``ClassicMLError/tooFewSamples(what:needed:found:)`` for more neighbours than samples, and the
    ///   usual input errors.
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedKNeighborsRegressor {
        let (values, rows, columns) = try Validation.matrix(x)
        let targets = try Validation.targets(y, rows: rows)
        try NeighborChecks.validate(k: neighbors, rows: rows)
        return FittedKNeighborsRegressor(configuration: self, index: NeighborIndex(values: values, rows: rows, columns: columns, algorithm: algorithm), targets: targets)
    }
}

/// A fitted ``KNeighborsRegressor``: the training rows and targets.
public struct FittedKNeighborsRegressor: Regressor, IndexedNeighborsModel {
    /// The configuration it was fitted with.
    public let configuration: KNeighborsRegressor
    public var featureCount: Int { index.columns }
    public var neighborCount: Int { configuration.neighbors }
    let index: NeighborIndex
    let targets: [Double]

    init(configuration: KNeighborsRegressor, index: NeighborIndex, targets: [Double]) {
        self.configuration = configuration
        self.index = index
        self.targets = targets
    }

    /// The (weighted) mean target of each row's neighbours `[samples]`.
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (values, rows) = try Validation.features(x, expected: featureCount)
        let k = configuration.neighbors
        let (indices, distances) = index.search(values, queries: rows, k: k)
        return Tensor((0..<rows).map { i -> Double in
            let w = NeighborIndex.weights(distances[(i * k)..<((i + 1) * k)], configuration.weighting)
            var s = 0.0
            for r in 0..<k { s += w[r] * targets[indices[i * k + r]] }
            return s / w.reduce(0, +)
        }, shape: [rows])
    }

    struct Saved: Codable { var configuration: KNeighborsRegressor, rows: Int, columns: Int }
    static let kind = "KNeighborsRegressor"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: Self.kind, configuration: Saved(configuration: configuration, rows: index.rows, columns: index.columns),
                         tensors: ["x": Tensor(index.values, shape: [index.rows, index.columns]), "y": Tensor(targets, shape: [targets.count])])
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let s = try archive.configuration(as: Saved.self, kind: Self.kind)
        let x = try archive.tensor("x", shape: [s.rows, s.columns]), y = try archive.tensor("y", shape: [s.rows])
        self.init(configuration: s.configuration, index: NeighborIndex(values: x.doubles, rows: s.rows, columns: s.columns, algorithm: s.configuration.algorithm), targets: y.doubles)
    }
}
