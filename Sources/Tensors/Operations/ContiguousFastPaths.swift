// Branch-free loops over contiguous operands for the ops a training step calls most.
//
// The strided row loops (StridedLoops.swift) serve every layout, but their inner loops index with run-time
// strides and, for selects such as relu or comparisons on random data, compile to branches that mispredict
// about half the time: 2–7 ns per element. Over contiguous memory the same ops are written here as selects the
// compiler vectorises (≈0.1 ns per element).

extension Tensor {
    /// `f` applied to every element of a contiguous float tensor, or nil when `x` is a view.
    @inline(__always)
    static func mapContiguous<T: TensorFloat>(_ x: Tensor, _: T.Type, _ f: (T) -> T) -> Tensor? {
        guard x.isContiguous else { return nil }
        let out = Tensor(uninitialized: x.shape, dtype: x.dtype)
        let p = x.basePointer(T.self) + x.offset, q = out.basePointer(T.self)
        for i in 0..<x.count { q[i] = f(p[i]) }
        return out
    }

    /// The contiguous fast path of the unary ops that have no C kernel.
    static func unaryContiguous(_ op: UnaryOp, _ x: Tensor) -> Tensor? {
        x.dtype == .float32 ? unaryContiguousTyped(op, x, Float.self) : unaryContiguousTyped(op, x, Double.self)
    }

    private static func unaryContiguousTyped<T: TensorFloat>(_ op: UnaryOp, _ x: Tensor, _: T.Type) -> Tensor? {
        switch op {
        case .neg: return mapContiguous(x, T.self) { -$0 }
        case .abs: return mapContiguous(x, T.self) { Swift.abs($0) }
        case .sqrt: return mapContiguous(x, T.self) { $0.squareRoot() }
        case .rsqrt: return mapContiguous(x, T.self) { 1 / $0.squareRoot() }
        // NaN > 0 is false, and NaN must stay NaN: x != x selects it.
        case .relu: return mapContiguous(x, T.self) { v in v > 0 || v != v ? v : 0 }
        case .leakyRelu(let slope):
            let s = T(slope)
            return mapContiguous(x, T.self) { v in v > 0 || v != v ? v : v * s }
        case .clamp(let lo, let hi):
            // As UnaryOp.clampValue: a NaN bound gives NaN; min before max, so lo > hi gives hi everywhere.
            let l = T(lo), h = T(hi)
            if l.isNaN || h.isNaN { return mapContiguous(x, T.self) { _ in .nan } }
            return mapContiguous(x, T.self) { v in
                let c = v < l ? l : v  // NaN < l is false: NaN passes through both selects
                return c > h ? h : c
            }
        default: return nil
        }
    }

    /// `g` where `x > 0`, else 0 (the relu gradient) in one pass when both are contiguous and the same shape.
    static func reluBackward(_ g: Tensor, _ x: Tensor) -> Tensor {
        let gc = g.materialized(), xc = x.detached().materialized()
        guard gc.dtype == xc.dtype, gc.shape == xc.shape else { return g * (x .> 0).to(g.dtype) }
        let out = Tensor(uninitialized: g.shape, dtype: g.dtype)
        if g.dtype == .float32 { reluBackwardTyped(Float.self, gc, xc, out) } else { reluBackwardTyped(Double.self, gc, xc, out) }
        return out
    }

    // Local generic functions that capture context are not specialised; these take everything as arguments.
    private static func reluBackwardTyped<T: TensorFloat>(_: T.Type, _ g: Tensor, _ x: Tensor, _ out: Tensor) {
        let pg = g.basePointer(T.self) + g.offset, px = x.basePointer(T.self) + x.offset, q = out.basePointer(T.self)
        // Both loads happen unconditionally, so the select compiles to a blend, not a branch on random signs.
        for i in 0..<out.count {
            let gi = pg[i], xi = px[i]
            q[i] = xi > 0 ? gi : 0
        }
    }

    /// Comparison of a contiguous float tensor with a scalar, or of two contiguous same-shape float tensors.
    static func compareContiguous(_ c: Comparison, _ a: Tensor, _ b: Tensor) -> Tensor? {
        guard a.dtype == b.dtype, a.dtype.isComputeFloat, a.isContiguous, b.isContiguous,
              a.shape == b.shape || b.count == 1 else { return nil }
        let out = Tensor(uninitialized: a.shape, dtype: .bool)
        if a.dtype == .float32 { compareContiguousTyped(Float.self, c, a, b, out) } else { compareContiguousTyped(Double.self, c, a, b, out) }
        return out
    }

    private static func compareContiguousTyped<T: TensorFloat>(_: T.Type, _ c: Comparison, _ a: Tensor, _ b: Tensor, _ out: Tensor) {
        let pa = a.basePointer(T.self) + a.offset, pb = b.basePointer(T.self) + b.offset, q = out.basePointer(UInt8.self)
        let n = a.count
        if b.count == 1 && a.count != 1 {
            let y = pb[0]
            switch c {
            case .eq: for i in 0..<n { q[i] = pa[i] == y ? 1 : 0 }
            case .ne: for i in 0..<n { q[i] = pa[i] != y ? 1 : 0 }
            case .lt: for i in 0..<n { q[i] = pa[i] < y ? 1 : 0 }
            case .le: for i in 0..<n { q[i] = pa[i] <= y ? 1 : 0 }
            case .gt: for i in 0..<n { q[i] = pa[i] > y ? 1 : 0 }
            case .ge: for i in 0..<n { q[i] = pa[i] >= y ? 1 : 0 }
            }
        } else {
            switch c {
            case .eq: for i in 0..<n { q[i] = pa[i] == pb[i] ? 1 : 0 }
            case .ne: for i in 0..<n { q[i] = pa[i] != pb[i] ? 1 : 0 }
            case .lt: for i in 0..<n { q[i] = pa[i] < pb[i] ? 1 : 0 }
            case .le: for i in 0..<n { q[i] = pa[i] <= pb[i] ? 1 : 0 }
            case .gt: for i in 0..<n { q[i] = pa[i] > pb[i] ? 1 : 0 }
            case .ge: for i in 0..<n { q[i] = pa[i] >= pb[i] ? 1 : 0 }
            }
        }
    }

    /// Typed conversions between the common dtypes of contiguous tensors (masks and labels to floats, floats to
    /// indices), or nil for the general path.
    func convertContiguous(to target: DType) -> Tensor? {
        guard isContiguous else { return nil }
        let out = Tensor(uninitialized: shape, dtype: target)
        switch (dtype, target) {
        case (.bool, .float32), (.uint8, .float32): convertTyped(UInt8.self, Float.self, self, out) { Float($0) }
        case (.bool, .float64), (.uint8, .float64): convertTyped(UInt8.self, Double.self, self, out) { Double($0) }
        case (.int64, .float32): convertTyped(Int64.self, Float.self, self, out) { Float($0) }
        case (.int64, .float64): convertTyped(Int64.self, Double.self, self, out) { Double($0) }
        case (.int32, .float32): convertTyped(Int32.self, Float.self, self, out) { Float($0) }
        case (.int32, .float64): convertTyped(Int32.self, Double.self, self, out) { Double($0) }
        case (.int32, .int64): convertTyped(Int32.self, Int64.self, self, out) { Int64($0) }
        default: return nil
        }
        return out
    }

    @inline(__always)
    private func convertTyped<S, D>(_: S.Type, _: D.Type, _ src: Tensor, _ out: Tensor, _ f: (S) -> D) {
        let p = src.basePointer(S.self) + src.offset, q = out.basePointer(D.self)
        for i in 0..<src.count { q[i] = f(p[i]) }
    }
}
