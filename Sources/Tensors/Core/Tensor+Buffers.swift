// Typed buffer access for code outside this module (optimizers, data loaders, custom kernels).
//
// Ops inside Tensors use the internal strided loops; modules above need a safe way to read a tensor's
// elements in bulk and to build a tensor by filling a fresh buffer, without going through Double.

extension Tensor {
    /// Calls `body` with the elements in row-major order (a contiguous copy is made first if this is a view).
    ///
    /// `T` must be the Swift type of ``dtype`` (`Float` for float32, `Int64` for int64, ...); anything else traps.
    public func withUnsafeBufferPointer<T: TensorElement, R>(
        as type: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R
    ) rethrows -> R {
        precondition(T.tensorDType == dtype, "withUnsafeBufferPointer: tensor is \(dtype), asked for \(T.tensorDType)")
        return try withContiguous(T.self) { try body(UnsafeBufferPointer(start: $0, count: count)) }
    }

    /// Rewrites the elements in place through `body`, copying first if the storage is shared or a view.
    /// The result is cut off from the autodiff graph (like an in-place update under `torch.no_grad()`).
    public mutating func withUnsafeMutableBufferPointer<T: TensorElement, R>(
        as type: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R
    ) rethrows -> R {
        precondition(T.tensorDType == dtype, "withUnsafeMutableBufferPointer: tensor is \(dtype), asked for \(T.tensorDType)")
        makeUniqueContiguous()
        node = nil
        return try body(UnsafeMutableBufferPointer(start: basePointer(T.self), count: count))
    }

    /// Makes the storage unique and contiguous and returns a pointer to its first element, valid until this tensor
    /// is next copied, mutated or destroyed. For owners of private state tensors (optimizer moments) that update
    /// several of them in one loop; prefer ``withUnsafeMutableBufferPointer(as:_:)`` elsewhere.
    public mutating func uniqueMutablePointer<T: TensorElement>(as type: T.Type) -> UnsafeMutablePointer<T> {
        precondition(T.tensorDType == dtype, "uniqueMutablePointer: tensor is \(dtype), asked for \(T.tensorDType)")
        makeUniqueContiguous()
        node = nil
        return basePointer(T.self)
    }
}
