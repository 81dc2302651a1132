// The Tensor value type: a strided view over shared, copy-on-write storage.

/// An n-dimensional array with NumPy broadcasting and reverse-mode automatic differentiation.
///
/// A `Tensor` is a value: copies share storage until one of them writes, and views (`reshaped`, `permuted`,
/// `expanded`, slices) share storage without copying. Ops compute in Float32 or Float64; other dtypes are
/// storage types converted with ``to(_:)``.
///
/// ```swift
/// let x = Tensor([[1, 2], [3, 4]] as [[Float]]).requiringGradient()
/// let y = (x * x).sum()
/// let grads = y.backward()
/// grads[x]   // [[2, 4], [6, 8]]
/// ```
public struct Tensor: Sendable {
    var storage: TensorStorage
    /// The element type.
    public internal(set) var dtype: DType
    /// The size of each dimension.
    public internal(set) var shape: [Int]
    /// Elements (not bytes) to step in storage for one step along each dimension; 0 for broadcast dimensions.
    public internal(set) var strides: [Int]
    /// Offset of the first element in storage, in elements.
    var offset: Int
    /// The autodiff node: non-nil when the tensor requires a gradient (a leaf) or was computed from one.
    var node: GradNode?

    init(storage: TensorStorage, dtype: DType, shape: [Int], strides: [Int], offset: Int = 0, node: GradNode? = nil) {
        self.storage = storage
        self.dtype = dtype
        self.shape = shape
        self.strides = strides
        self.offset = offset
        self.node = node
    }

    /// A new contiguous tensor whose contents are undefined (every caller writes all of it).
    init(uninitialized shape: [Int], dtype: DType) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
        let count = shape.reduce(1, *)
        self.init(
            storage: TensorStorage(byteCount: count * dtype.byteSize), dtype: dtype, shape: shape,
            strides: Tensor.contiguousStrides(for: shape))
    }

    /// A new tensor of zeros (all bits zero: 0 for every dtype).
    init(zeroed shape: [Int], dtype: DType) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
        let count = shape.reduce(1, *)
        self.init(
            storage: TensorStorage(byteCount: count * dtype.byteSize, zeroed: true), dtype: dtype, shape: shape,
            strides: Tensor.contiguousStrides(for: shape))
    }

    /// Row-major strides for `shape`.
    static func contiguousStrides(for shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = step
            step *= Swift.max(shape[axis], 1)
        }
        return strides
    }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// The number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// Whether elements are laid out row-major with no gaps (views may not be).
    public var isContiguous: Bool {
        var expected = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] != 1 {
            if strides[axis] != expected { return false }
            expected *= shape[axis]
        }
        return true
    }

    /// Whether this tensor takes part in gradient computation.
    public var requiresGradient: Bool { node != nil }

    /// Size of dimension `axis` (negative counts from the end).
    public func size(_ axis: Int) -> Int { shape[normalizeAxis(axis)] }

    /// Maps a possibly negative axis to `0..<rank`, trapping with a message when out of range.
    func normalizeAxis(_ axis: Int, rank r: Int? = nil, op: String = "axis") -> Int {
        let r = r ?? rank
        // A rank-0 tensor accepts axis 0 and -1, as PyTorch (dims wrap as if the rank were 1).
        let a = axis < 0 ? axis + Swift.max(r, 1) : axis
        precondition(a >= 0 && a < Swift.max(r, 1), "\(op): axis \(axis) out of range for rank \(r) (shape \(shape))")
        return a
    }

    /// Whether two tensors share storage (views of one buffer).
    public func sharesStorage(with other: Tensor) -> Bool { storage === other.storage }
}
