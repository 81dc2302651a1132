// Filling a new tensor's storage in place, for readers that produce large tensors (CSV, image decoders) and
// should not hold a second copy in a Swift array.

extension Tensor {
    /// A new contiguous tensor of `shape` whose elements `body` writes, in row-major order, through a buffer
    /// of `shape.reduce(1, *)` elements (like `Array(unsafeUninitializedCapacity:initializingWith:)`).
    ///
    /// The buffer starts zeroed, so elements `body` leaves alone are 0. If `body` throws, the storage is
    /// released and the error propagates.
    public init<T: TensorElement>(shape: [Int], of type: T.Type = T.self,
                                  initializingWith body: (inout UnsafeMutableBufferPointer<T>) throws -> Void) rethrows {
        self.init(zeroed: shape, dtype: T.tensorDType)
        var buffer = UnsafeMutableBufferPointer(start: basePointer(T.self), count: count)
        try body(&buffer)
    }
}
