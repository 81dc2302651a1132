// The shape every preprocessing step shares: configuration → fit → fitted value → transform.
import Tensors

/// A preprocessing step's configuration. ``fit(_:)`` learns from a `[rows, features]` matrix and returns a
/// fitted value; nothing is stored in the configuration itself (scikit-learn's `fit`, as a value).
///
/// ```swift
/// let scaler = try StandardScaler().fit(xTrain)
/// let scaled = try scaler.transform(xTest)
/// ```
public protocol Preprocessor: Sendable {
    /// What ``fit(_:)`` returns.
    associatedtype Fitted: FittedPreprocessor
    /// Learns the step's statistics from `x` (`[rows, features]`).
    func fit(_ x: Tensor) throws -> Fitted
}

/// A fitted preprocessing step: applies what was learned to new rows.
public protocol FittedPreprocessor: Sendable {
    /// Transforms `x` (`[rows, features]`, the features the step was fitted on).
    func transform(_ x: Tensor) throws -> Tensor
}

extension Preprocessor {
    /// Fits on `x` and transforms it.
    public func fitTransform(_ x: Tensor) throws -> Tensor { try fit(x).transform(x) }
}

/// A `[rows, columns]` matrix read out of a tensor as Doubles, row-major.
struct Matrix {
    var rows: Int
    var columns: Int
    var values: [Double]
    /// Float64 inputs stay Float64; everything else comes back as Float32.
    var outputDType: DType

    init(rows: Int, columns: Int, values: [Double], outputDType: DType) {
        self.rows = rows
        self.columns = columns
        self.values = values
        self.outputDType = outputDType
    }

    /// `x` as a matrix; throws unless it is 2-D with at least one row (and `columns` columns, if given).
    init(_ x: Tensor, operation: String, columns expected: Int? = nil) throws {
        guard x.rank == 2, x.shape[0] > 0 else { throw DatasetError.emptyInput(operation: operation) }
        if let expected, x.shape[1] != expected {
            throw DatasetError.featureCountMismatch(operation: operation, expected: expected, found: x.shape[1])
        }
        self.init(rows: x.shape[0], columns: x.shape[1], values: x.doubles,
                  outputDType: x.dtype == .float64 ? .float64 : .float32)
    }

    subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// The non-NaN values of `column`; throws on ±infinity.
    func column(_ column: Int, operation: String) throws -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(rows)
        for r in 0..<rows {
            let v = self[r, column]
            if v.isNaN { continue }
            if v.isInfinite { throw DatasetError.infiniteValue(operation: operation, row: r, column: column) }
            out.append(v)
        }
        return out
    }

    /// Throws ``DatasetError/infiniteValue(operation:row:column:)`` at the first ±infinity (NaN is allowed):
    /// scikit-learn's transforms validate new data with `ensure_all_finite="allow-nan"` and reject infinity
    /// there too, not only in `fit`.
    func requireNoInfinity(operation: String) throws {
        for r in 0..<rows {
            for c in 0..<columns where self[r, c].isInfinite {
                throw DatasetError.infiniteValue(operation: operation, row: r, column: c)
            }
        }
    }

    /// Rows containing NaN: throws ``DatasetError/nanInFeatures(operation:rows:count:)`` if there are any.
    func requireNoNaN(operation: String) throws {
        var bad: [Int] = []
        var count = 0
        for r in 0..<rows where (0..<columns).contains(where: { self[r, $0].isNaN }) {
            count += 1
            if bad.count < 5 { bad.append(r) }
        }
        if count > 0 { throw DatasetError.nanInFeatures(operation: operation, rows: bad, count: count) }
    }

    /// The matrix as a tensor of `outputDType`.
    var tensor: Tensor {
        outputDType == .float64 ? Tensor(values, shape: [rows, columns])
            : Tensor(values.map { Float($0) }, shape: [rows, columns])
    }

    /// Applies `body` to every entry of column c with the column index.
    mutating func mapColumns(_ body: (Int, Double) -> Double) {
        for r in 0..<rows { for c in 0..<columns { self[r, c] = body(c, self[r, c]) } }
    }
}

/// Throws ``DatasetError/nanInFeatures(operation:rows:count:)`` naming the first rows with NaN, for steps and
/// models that do not accept missing values. The error suggests ``SimpleImputer``.
public func requireNoMissingValues(_ x: Tensor, operation: String) throws {
    try Matrix(x, operation: operation).requireNoNaN(operation: operation)
}
