// A row-major Float64 matrix: the working type of the linear-algebra routines, with Tensor conversion.
import Kernels

/// A dense, row-major `rows × columns` matrix of `Double`.
///
/// The linear-algebra routines (``Cholesky``, ``LUDecomposition``, ``QRDecomposition``,
/// ``SymmetricEigendecomposition``, ``SingularValueDecomposition``, ``LeastSquares``) work on this type.
/// Convert a ``Tensor`` (Float32 or Float64, rank 2) with ``init(_:)`` and back with ``tensor``.
public struct DenseMatrix: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements in row-major order: element `(i, j)` is `elements[i * columns + j]`.
    public var elements: [Double]

    /// A matrix from row-major elements. Traps when `elements.count != rows * columns`.
    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(rows >= 0 && columns >= 0 && elements.count == rows * columns,
                     "DenseMatrix: \(elements.count) elements do not fill \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix with every element equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.init(rows: rows, columns: columns, elements: [Double](repeating: value, count: rows * columns))
    }

    /// A matrix from nested rows, e.g. `DenseMatrix([[1, 2], [3, 4]])`. Traps on ragged input.
    public init(_ rowArrays: [[Double]]) {
        let c = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == c }, "DenseMatrix: ragged rows")
        self.init(rows: rowArrays.count, columns: c, elements: rowArrays.flatMap { $0 })
    }

    /// The rank-2 tensor `tensor` in Float64 (Float32 and other dtypes are converted).
    ///
    /// - Throws: ``LinearAlgebraError/shapeMismatch(expected:found:)`` when the tensor is not rank 2,
    ///   ``LinearAlgebraError/nonFinite`` when it holds NaN or an infinity.
    public init(_ tensor: Tensor) throws(LinearAlgebraError) {
        guard tensor.rank == 2 else { throw .shapeMismatch(expected: "a rank-2 matrix", found: tensor.shape) }
        let values = tensor.doubles
        guard values.allSatisfy(\.isFinite) else { throw .nonFinite }
        self.init(rows: tensor.shape[0], columns: tensor.shape[1], elements: values)
    }

    /// The `n × n` identity.
    public static func identity(_ n: Int) -> DenseMatrix {
        var m = DenseMatrix(rows: n, columns: n)
        for i in 0..<n { m.elements[i * n + i] = 1 }
        return m
    }

    /// `[rows, columns]`.
    public var shape: [Int] { [rows, columns] }

    /// Whether the matrix is square.
    public var isSquare: Bool { rows == columns }

    /// Element `(i, j)`.
    public subscript(i: Int, j: Int) -> Double {
        get { elements[i * columns + j] }
        set { elements[i * columns + j] = newValue }
    }

    /// This matrix as a Float64 tensor of shape `[rows, columns]`.
    public var tensor: Tensor { Tensor(elements, shape: [rows, columns]) }

    /// The transpose.
    public var transposed: DenseMatrix {
        var t = DenseMatrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { t.elements[j * rows + i] = elements[i * columns + j] }
        }
        return t
    }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] { (0..<rows).map { elements[$0 * columns + j] } }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] { Array(elements[(i * columns)..<((i + 1) * columns)]) }

    /// Whether every element is finite.
    public var isFinite: Bool { elements.allSatisfy(\.isFinite) }

    /// The largest absolute element (0 for an empty matrix).
    public var maxAbs: Double { elements.reduce(0) { Swift.max($0, Swift.abs($1)) } }

    /// `op(self) · op(other)` through ``MatrixMultiply/dgemm(transA:transB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:multithreaded:)``,
    /// where `op` transposes when the matching flag is set. Traps when the inner dimensions differ.
    public func multiplied(by other: DenseMatrix, transposingSelf: Bool = false, transposingOther: Bool = false) -> DenseMatrix {
        let m = transposingSelf ? columns : rows, k = transposingSelf ? rows : columns
        let k2 = transposingOther ? other.columns : other.rows, n = transposingOther ? other.rows : other.columns
        precondition(k == k2, "DenseMatrix.multiplied: inner dimensions differ (\(shape) and \(other.shape))")
        var c = DenseMatrix(rows: m, columns: n)
        guard m > 0, n > 0 else { return c }
        if k == 0 { return c }
        elements.withUnsafeBufferPointer { a in
            other.elements.withUnsafeBufferPointer { b in
                c.elements.withUnsafeMutableBufferPointer { cp in
                    MatrixMultiply.dgemm(
                        transA: transposingSelf, transB: transposingOther, m: m, n: n, k: k,
                        a: a.baseAddress!, lda: columns, b: b.baseAddress!, ldb: other.columns,
                        c: cp.baseAddress!, ldc: n)
                }
            }
        }
        return c
    }

    /// The matrix product. Traps when the inner dimensions differ.
    public static func * (lhs: DenseMatrix, rhs: DenseMatrix) -> DenseMatrix { lhs.multiplied(by: rhs) }

    /// Elementwise difference. Traps when the shapes differ.
    public static func - (lhs: DenseMatrix, rhs: DenseMatrix) -> DenseMatrix {
        precondition(lhs.shape == rhs.shape, "DenseMatrix -: shapes \(lhs.shape) and \(rhs.shape) differ")
        return DenseMatrix(rows: lhs.rows, columns: lhs.columns, elements: zip(lhs.elements, rhs.elements).map { $0 - $1 })
    }

    /// Throws ``LinearAlgebraError/notSquare(shape:)`` unless square, ``LinearAlgebraError/nonFinite`` unless finite.
    func requireSquareFinite() throws(LinearAlgebraError) {
        guard isSquare else { throw .notSquare(shape: shape) }
        guard isFinite else { throw .nonFinite }
    }

    /// Throws ``LinearAlgebraError/shapeMismatch(expected:found:)`` unless `b` has `rows` rows and is finite.
    func requireRightHandSide(_ b: DenseMatrix) throws(LinearAlgebraError) {
        guard b.rows == rows else { throw .shapeMismatch(expected: "a right-hand side with \(rows) rows", found: b.shape) }
        guard b.isFinite else { throw .nonFinite }
    }
}
