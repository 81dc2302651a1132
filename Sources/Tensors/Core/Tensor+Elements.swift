// Reading and writing elements, and converting between dtypes.

extension Tensor {
    /// Reads the element at storage index `i` as a Double, whatever the dtype.
    @inline(__always)
    func readDouble(storageIndex i: Int) -> Double {
        let p = storage.bytes
        switch dtype {
        case .float32: return Double(p.assumingMemoryBound(to: Float.self)[i])
        case .float64: return p.assumingMemoryBound(to: Double.self)[i]
        case .float16: return Double(HalfPrecision.float(fromHalf: p.assumingMemoryBound(to: UInt16.self)[i]))
        case .bfloat16: return Double(HalfPrecision.float(fromBFloat: p.assumingMemoryBound(to: UInt16.self)[i]))
        case .int64: return Double(p.assumingMemoryBound(to: Int64.self)[i])
        case .int32: return Double(p.assumingMemoryBound(to: Int32.self)[i])
        case .int8: return Double(p.assumingMemoryBound(to: Int8.self)[i])
        case .uint8, .bool: return Double(p.assumingMemoryBound(to: UInt8.self)[i])
        }
    }

    /// Writes `v` at storage index `i`, converting to the dtype (integers truncate toward zero; Bool is v != 0).
    @inline(__always)
    func writeDouble(storageIndex i: Int, _ v: Double) {
        let p = storage.bytes
        switch dtype {
        case .float32: p.assumingMemoryBound(to: Float.self)[i] = Float(v)
        case .float64: p.assumingMemoryBound(to: Double.self)[i] = v
        case .float16: p.assumingMemoryBound(to: UInt16.self)[i] = HalfPrecision.half(from: Float(v))
        case .bfloat16: p.assumingMemoryBound(to: UInt16.self)[i] = HalfPrecision.bfloat(from: Float(v))
        case .int64: p.assumingMemoryBound(to: Int64.self)[i] = v.isFinite ? Int64(v) : 0
        case .int32: p.assumingMemoryBound(to: Int32.self)[i] = v.isFinite ? Int32(clamping: Int64(v)) : 0
        case .int8: p.assumingMemoryBound(to: Int8.self)[i] = v.isFinite ? Int8(clamping: Int64(v)) : 0
        case .uint8: p.assumingMemoryBound(to: UInt8.self)[i] = v.isFinite ? UInt8(clamping: Int64(v)) : 0
        case .bool: p.assumingMemoryBound(to: UInt8.self)[i] = v != 0 ? 1 : 0
        }
    }

    /// Makes the storage uniquely owned and contiguous, so it can be written in place.
    mutating func makeUniqueContiguous() {
        if !isKnownUniquelyReferenced(&storage) || !isContiguous || offset != 0
            || storage.byteCount != count * dtype.byteSize
        {
            var copy = Tensor(uninitialized: shape, dtype: dtype)
            copy.copyElements(from: self)
            copy.node = node
            self = copy
        }
    }

    /// Sets every element to `value`.
    mutating func fill(_ value: Double) {
        makeUniqueContiguous()
        let n = count
        switch dtype {
        case .float32: basePointer(Float.self).update(repeating: Float(value), count: n)
        case .float64: basePointer(Double.self).update(repeating: value, count: n)
        default: for i in 0..<n { writeDouble(storageIndex: i, value) }
        }
    }

    /// Sets element `i` (row-major) of a fresh contiguous tensor to `f(i)`.
    mutating func setElements(_ f: (Int) -> Double) {
        makeUniqueContiguous()
        for i in 0..<count { writeDouble(storageIndex: i, f(i)) }
    }

    /// Sets the element at row-major index `i`.
    mutating func setElement(at i: Int, _ v: Double) {
        makeUniqueContiguous()
        writeDouble(storageIndex: i, v)
    }

    /// Storage index of the element at `indices` (negative indices count from the end).
    func storageIndex(_ indices: [Int]) -> Int {
        precondition(indices.count == rank, "subscript: \(indices.count) indices for a tensor of rank \(rank)")
        var s = offset
        for (axis, i) in indices.enumerated() {
            let j = i < 0 ? i + shape[axis] : i
            precondition(j >= 0 && j < shape[axis], "subscript: index \(i) out of range for dimension \(axis) of size \(shape[axis])")
            s += j * strides[axis]
        }
        return s
    }

    /// The element at `indices`, as a Double. Writing converts to the dtype and detaches the tensor from the graph.
    public subscript(element indices: Int...) -> Double {
        get { readDouble(storageIndex: storageIndex(indices)) }
        set {
            makeUniqueContiguous()
            node = nil
            writeDouble(storageIndex: storageIndex(indices), newValue)
        }
    }

    /// All elements in row-major order, as Float.
    public var scalars: [Float] {
        if dtype == .float32 {
            return withContiguous(Float.self) { Array(UnsafeBufferPointer(start: $0, count: count)) }
        }
        return doubles.map { Float($0) }
    }

    /// All elements in row-major order, as Double.
    public var doubles: [Double] {
        if dtype == .float64 {
            return withContiguous(Double.self) { Array(UnsafeBufferPointer(start: $0, count: count)) }
        }
        var out = [Double](repeating: 0, count: count)
        var k = 0
        forEachRow(shape: shape, strides, offset, strides, offset) { o, _, n, s, _ in
            for j in 0..<n { out[k] = readDouble(storageIndex: o + j * s); k += 1 }
        }
        return out
    }

    /// All elements in row-major order as Int (floating values truncate toward zero).
    public var integers: [Int] { doubles.map { $0.isFinite ? Int($0) : 0 } }

    /// The single element of a one-element tensor.
    public var item: Double {
        precondition(count == 1, "item: tensor of shape \(shape) has \(count) elements, expected 1")
        return readDouble(storageIndex: storageIndex([Int](repeating: 0, count: rank)))
    }

    /// Whether no element is NaN or infinite (always true for integer dtypes).
    public func allFinite() -> Bool {
        guard dtype.isFloatingPoint else { return true }
        if dtype == .float32 {
            return withContiguous(Float.self) { p in
                var bad = false
                for i in 0..<count where !p[i].isFinite { bad = true; break }
                return !bad
            }
        }
        return doubles.allSatisfy(\.isFinite)
    }

    /// This tensor converted to `dtype`. Float-to-float conversions are differentiable.
    public func to(_ target: DType) -> Tensor {
        if target == dtype { return self }
        if !(dtype.isComputeFloat && target.isComputeFloat), let fast = convertContiguous(to: target) { return fast }
        let out = Tensor(uninitialized: shape, dtype: target)
        switch (dtype, target) {
        case (.float32, .float64):
            let dst = out.basePointer(Double.self)
            withContiguous(Float.self) { src in for i in 0..<count { dst[i] = Double(src[i]) } }
        case (.float64, .float32):
            let dst = out.basePointer(Float.self)
            withContiguous(Double.self) { src in for i in 0..<count { dst[i] = Float(src[i]) } }
        case (.float16, .float32):
            let dst = out.basePointer(Float.self)
            withContiguous(UInt16.self) { src in for i in 0..<count { dst[i] = HalfPrecision.float(fromHalf: src[i]) } }
        case (.bfloat16, .float32):
            let dst = out.basePointer(Float.self)
            withContiguous(UInt16.self) { src in for i in 0..<count { dst[i] = HalfPrecision.float(fromBFloat: src[i]) } }
        case (.float32, .float16):
            let dst = out.basePointer(UInt16.self)
            withContiguous(Float.self) { src in for i in 0..<count { dst[i] = HalfPrecision.half(from: src[i]) } }
        case (.float32, .bfloat16):
            let dst = out.basePointer(UInt16.self)
            withContiguous(Float.self) { src in for i in 0..<count { dst[i] = HalfPrecision.bfloat(from: src[i]) } }
        default:
            var k = 0
            forEachRow(shape: shape, strides, offset, strides, offset) { o, _, n, s, _ in
                for j in 0..<n { out.writeDouble(storageIndex: k, readDouble(storageIndex: o + j * s)); k += 1 }
            }
        }
        guard dtype.isComputeFloat && target.isComputeFloat else { return out }
        let source = dtype
        return Tensor.record(.cast, out, inputs: [self]) { g in [g.to(source)] }
    }

    /// Raw little-endian bytes of the elements in row-major order (copies views).
    public func withUnsafeRawBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let m = materialized()
        return try withExtendedLifetime(m) {
            try body(UnsafeRawBufferPointer(start: m.storage.bytes + m.offset * dtype.byteSize, count: count * dtype.byteSize))
        }
    }

    /// A tensor from raw little-endian bytes (copied). `bytes.count` must equal the element count × dtype size.
    public init(rawBytes bytes: UnsafeRawBufferPointer, dtype: DType, shape: [Int]) {
        let n = shape.reduce(1, *)
        precondition(bytes.count == n * dtype.byteSize, "Tensor(rawBytes:): \(bytes.count) bytes for shape \(shape) of \(dtype)")
        self.init(storage: TensorStorage(copying: bytes), dtype: dtype, shape: shape, strides: Tensor.contiguousStrides(for: shape))
    }
}
