// Zero-copy read access to a [samples, features] tensor for the estimators whose whole fit is one or two passes
// over the data (PCA, k-means): copying 80,000 × 50 doubles into an array, as `Validation.matrix` does, costs as
// much as the Gram matrix itself.
import Tensors

enum BorrowedMatrix {
    /// The `(rows, columns)` of `x`, checked to be 2-D and non-empty (not checked for finiteness).
    static func shape(_ x: Tensor) throws(ClassicMLError) -> (rows: Int, columns: Int) {
        guard x.rank == 2 else { throw .invalidShape(expected: "a 2-D [samples, features] matrix", found: x.shape) }
        guard x.shape[0] > 0 && x.shape[1] > 0 else { throw .emptyDataset }
        return (x.shape[0], x.shape[1])
    }

    /// Checks `x` has `expected` columns and returns its row count (shape checks as ``shape(_:)``).
    static func rows(_ x: Tensor, columns expected: Int) throws(ClassicMLError) -> Int {
        let (rows, columns) = try shape(x)
        guard columns == expected else { throw .featureCountMismatch(expected: expected, found: columns) }
        return rows
    }

    /// Calls `body` with the elements of `x` in row-major order as Float64: the tensor's own storage when it is a
    /// contiguous Float64 tensor, else a converted copy.
    static func read<R>(_ x: Tensor, _ body: (UnsafePointer<Double>) -> R) -> R {
        if x.dtype == .float64 { return x.withUnsafeBufferPointer(as: Double.self) { body($0.baseAddress!) } }
        return x.doubles.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    /// Throws the precise ``ClassicMLError/nonFinite(row:column:)`` error when `x` holds a NaN or an infinity.
    /// For callers that found a non-finite result: non-finite inputs always make one, and this says where.
    static func requireFinite(_ x: Tensor) throws(ClassicMLError) {
        _ = try Validation.matrix(x)
    }
}
