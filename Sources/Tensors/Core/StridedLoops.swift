// Walking strided views row by row.
//
// Every op that reads views (non-contiguous or broadcast tensors) goes through these loops: dimensions that
// are laid out back to back in every operand are merged first, so a contiguous tensor is one long row and a
// transposed matrix is `rows` rows, and the caller's inner loop runs over plain strided memory.

/// Merges adjacent dimensions that are contiguous with each other in every operand, and drops size-1 ones.
func coalesce(shape: [Int], strides: [[Int]]) -> (shape: [Int], strides: [[Int]]) {
    var outShape: [Int] = []
    var outStrides: [[Int]] = Array(repeating: [], count: strides.count)
    for axis in 0..<shape.count where shape[axis] != 1 {
        if let last = outShape.indices.last,
            strides.indices.allSatisfy({ outStrides[$0][last] == strides[$0][axis] * shape[axis] })
        {
            outShape[last] *= shape[axis]
            for k in strides.indices { outStrides[k][last] = strides[k][axis] }
        } else {
            outShape.append(shape[axis])
            for k in strides.indices { outStrides[k].append(strides[k][axis]) }
        }
    }
    return (outShape, outStrides)
}

/// Calls `body(offsetA, offsetB, count, strideA, strideB)` once per innermost row of an iteration over
/// `shape`, in row-major order of that shape.
@inline(__always)
func forEachRow(
    shape: [Int], _ sa: [Int], _ oa: Int, _ sb: [Int], _ ob: Int,
    _ body: (Int, Int, Int, Int, Int) -> Void
) {
    if shape.contains(0) { return }
    let (s, st) = coalesce(shape: shape, strides: [sa, sb])
    if s.isEmpty { body(oa, ob, 1, 0, 0); return }
    let r = s.count
    let n = s[r - 1], ia = st[0][r - 1], ib = st[1][r - 1]
    var outer = 1
    for d in 0..<(r - 1) { outer *= s[d] }
    var idx = [Int](repeating: 0, count: r)
    var a = oa, b = ob
    for _ in 0..<outer {
        body(a, b, n, ia, ib)
        var d = r - 2
        while d >= 0 {
            idx[d] += 1
            a += st[0][d]; b += st[1][d]
            if idx[d] < s[d] { break }
            a -= st[0][d] * s[d]; b -= st[1][d] * s[d]
            idx[d] = 0
            d -= 1
        }
    }
}

/// Three-operand form of ``forEachRow(shape:_:_:_:_:_:)``.
@inline(__always)
func forEachRow(
    shape: [Int], _ sa: [Int], _ oa: Int, _ sb: [Int], _ ob: Int, _ sc: [Int], _ oc: Int,
    _ body: (Int, Int, Int, Int, Int, Int, Int) -> Void
) {
    if shape.contains(0) { return }
    let (s, st) = coalesce(shape: shape, strides: [sa, sb, sc])
    if s.isEmpty { body(oa, ob, oc, 1, 0, 0, 0); return }
    let r = s.count
    let n = s[r - 1], ia = st[0][r - 1], ib = st[1][r - 1], ic = st[2][r - 1]
    var outer = 1
    for d in 0..<(r - 1) { outer *= s[d] }
    var idx = [Int](repeating: 0, count: r)
    var a = oa, b = ob, c = oc
    for _ in 0..<outer {
        body(a, b, c, n, ia, ib, ic)
        var d = r - 2
        while d >= 0 {
            idx[d] += 1
            a += st[0][d]; b += st[1][d]; c += st[2][d]
            if idx[d] < s[d] { break }
            a -= st[0][d] * s[d]; b -= st[1][d] * s[d]; c -= st[2][d] * s[d]
            idx[d] = 0
            d -= 1
        }
    }
}

extension Tensor {
    /// Typed base pointer of the storage (not offset).
    @inline(__always)
    func basePointer<T>(_: T.Type) -> UnsafeMutablePointer<T> {
        storage.bytes.assumingMemoryBound(to: T.self)
    }

    /// A contiguous copy of the elements in row-major order of `shape`, or `self` (same storage, same offset)
    /// when already contiguous. Callers address elements from `offset`. Not recorded for autodiff
    /// (see ``contiguous()``).
    func materialized() -> Tensor {
        if isContiguous {
            var t = self
            t.strides = Tensor.contiguousStrides(for: shape)
            t.node = nil
            return t
        }
        let out = Tensor(uninitialized: shape, dtype: dtype)
        out.copyElements(from: self)
        return out
    }

    /// Writes `source`'s elements (same dtype, same shape) into this freshly allocated contiguous tensor.
    func copyElements(from source: Tensor) {
        switch dtype.byteSize {
        case 1: copyTyped(UInt8.self, from: source)
        case 2: copyTyped(UInt16.self, from: source)
        case 4: copyTyped(UInt32.self, from: source)
        default: copyTyped(UInt64.self, from: source)
        }
    }

    private func copyTyped<T>(_: T.Type, from source: Tensor) {
        let dst = basePointer(T.self), src = source.basePointer(T.self)
        forEachRow(shape: shape, strides, offset, source.strides, source.offset) { o, i, n, so, si in
            if so == 1 && si == 1 {
                (dst + o).update(from: src + i, count: n)
            } else {
                for k in 0..<n { dst[o + k * so] = src[i + k * si] }
            }
        }
    }

    /// Calls `body` with a pointer to `count` contiguous elements of type `T` (copying first if this is a view).
    func withContiguous<T, R>(_: T.Type, _ body: (UnsafePointer<T>) throws -> R) rethrows -> R {
        let m = materialized()
        return try withExtendedLifetime(m) { try body(UnsafePointer(m.basePointer(T.self) + m.offset)) }
    }
}
