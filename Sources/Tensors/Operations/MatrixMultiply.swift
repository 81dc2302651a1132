// Matrix multiply with NumPy/PyTorch batching and broadcasting, and the fused linear layer x·Wᵀ + b.
//
// Transposed operands (views) are passed to the GEMM kernel as transpose flags, so `a.transposed()` costs
// nothing; only operands with neither unit row nor unit column stride are copied first.
import Kernels

extension Tensor {
    /// How a matrix view (`rows × cols`, strides `sRow`, `sCol`) maps onto the GEMM's (transpose, leading dimension).
    static func gemmLayout(rows: Int, cols: Int, sRow: Int, sCol: Int) -> (trans: Bool, ld: Int)? {
        if cols == 1 || sCol == 1 { return (false, rows == 1 ? Swift.max(cols, 1) : sRow) }
        if rows == 1 || sRow == 1 { return (true, cols == 1 ? Swift.max(rows, 1) : sCol) }
        return nil
    }

    /// Matrix product with `matmul` semantics: 1-D operands are promoted (and the added dimension removed),
    /// leading dimensions broadcast as batch dimensions.
    public func matmul(_ other: Tensor) -> Tensor {
        precondition(rank >= 1 && other.rank >= 1, "matmul: operands must have rank ≥ 1, got \(shape) and \(other.shape)")
        let a = rank == 1 ? reshaped([1, shape[0]]) : self
        let b = other.rank == 1 ? other.reshaped([other.shape[0], 1]) : other
        var out = Tensor.batchedMatmul(a, b)
        if rank == 1 { out = out.squeezed(axes: [out.rank - 2]) }
        if other.rank == 1 { out = out.squeezed(axes: [out.rank - 1]) }
        return out
    }

    /// `a · b` for rank ≥ 2 operands with broadcast batch dimensions.
    static func batchedMatmul(_ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.dtype == b.dtype && a.dtype.isComputeFloat, "matmul: dtypes \(a.dtype) and \(b.dtype) must match and be float32/float64")
        let m = a.shape[a.rank - 2], k = a.shape[a.rank - 1]
        let k2 = b.shape[b.rank - 2], n = b.shape[b.rank - 1]
        precondition(k == k2, "matmul: inner dimensions differ: \(a.shape) · \(b.shape)")
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        let batch = broadcastShape(batchA, batchB, op: "matmul")
        let out = Tensor.zeros(batch + [m, n], dtype: a.dtype)
        let batchCount = batch.reduce(1, *)
        if m > 0 && n > 0 && batchCount > 0 {
            var av = a, bv = b
            let aLayout0 = gemmLayout(rows: m, cols: k, sRow: a.strides[a.rank - 2], sCol: a.strides[a.rank - 1])
            if aLayout0 == nil { av = a.materialized() }
            let bLayout0 = gemmLayout(rows: k, cols: n, sRow: b.strides[b.rank - 2], sCol: b.strides[b.rank - 1])
            if bLayout0 == nil { bv = b.materialized() }
            let la = gemmLayout(rows: m, cols: k, sRow: av.strides[av.rank - 2], sCol: av.strides[av.rank - 1])!
            let lb = gemmLayout(rows: k, cols: n, sRow: bv.strides[bv.rank - 2], sCol: bv.strides[bv.rank - 1])!
            // Storage offsets of each batch entry, through broadcast strides.
            let sa = Array(av.broadcastStrides(to: batch + [m, k]).dropLast(2))
            let sb = Array(bv.broadcastStrides(to: batch + [k, n]).dropLast(2))
            var offsA: [Int] = [], offsB: [Int] = []
            for i in 0..<batchCount {
                let c = coordinates(i, batch)
                offsA.append(av.offset + zip(c, sa).reduce(0) { $0 + $1.0 * $1.1 })
                offsB.append(bv.offset + zip(c, sb).reduce(0) { $0 + $1.0 * $1.1 })
            }
            let (batchOffsA, batchOffsB) = (offsA, offsB)
            let perItem = m * n * Swift.max(k, 1)
            // Many small products: one whole product per thread; few large ones: split each across threads.
            let splitBatch = batchCount > 1 && perItem < (1 << 21)
            if a.dtype == .float32 {
                let pa = SendablePointer(av.basePointer(Float.self)), pb = SendablePointer(bv.basePointer(Float.self))
                let pc = SendablePointer(out.basePointer(Float.self))
                let run: @Sendable (Int, Bool) -> Void = { i, mt in
                    MatrixMultiply.sgemm(transA: la.trans, transB: lb.trans, m: m, n: n, k: k,
                                         a: pa.raw + batchOffsA[i], lda: la.ld, b: pb.raw + batchOffsB[i], ldb: lb.ld,
                                         c: pc.raw + i * m * n, ldc: n, multithreaded: mt)
                }
                if splitBatch {
                    parallelChunks(batchCount, minimumPerThread: Swift.max(1, (1 << 16) / perItem)) { r in for i in r { run(i, false) } }
                } else {
                    for i in 0..<batchCount { run(i, true) }
                }
            } else {
                let pa = SendablePointer(av.basePointer(Double.self)), pb = SendablePointer(bv.basePointer(Double.self))
                let pc = SendablePointer(out.basePointer(Double.self))
                for i in 0..<batchCount {
                    MatrixMultiply.dgemm(transA: la.trans, transB: lb.trans, m: m, n: n, k: k,
                                         a: pa.raw + offsA[i], lda: la.ld, b: pb.raw + offsB[i], ldb: lb.ld,
                                         c: pc.raw + i * m * n, ldc: n)
                }
            }
        }
        let (shA, shB) = (a.shape, b.shape)
        return record(.matmul, out, inputs: [a, b]) { g in
            [
                a.requiresGradient ? g.matmul(b.transposed()).sumToShape(shA) : nil,
                b.requiresGradient ? a.transposed().matmul(g).sumToShape(shB) : nil,
            ]
        }
    }

    /// out = x2 · wᵀ (+ bias, preloaded into the output so the GEMM adds onto it).
    private static func linearForward<T: TensorFloat>(
        _: T.Type, _ x2: Tensor, _ w: Tensor, _ bias: Tensor?, _ out: Tensor, rows: Int, inFeatures: Int, outFeatures: Int
    ) {
        let c = out.basePointer(T.self)
        if let bias {
            bias.withContiguous(T.self) { pb in
                for r in 0..<rows { (c + r * outFeatures).update(from: pb, count: outFeatures) }
            }
        }
        gemm(transB: true, m: rows, n: outFeatures, k: inFeatures, a: x2.basePointer(T.self) + x2.offset, lda: inFeatures,
             b: w.basePointer(T.self) + w.offset, ldb: inFeatures, beta: bias == nil ? 0 : 1, c: c, ldc: outFeatures,
             multithreaded: true)
    }

    /// The fused linear map `x · weightᵀ + bias` (PyTorch's `F.linear`): `x` is `[…, in]`, `weight` is
    /// `[out, in]`, `bias` is `[out]`; the result is `[…, out]`. One GEMM with the bias preloaded into the output.
    public static func linear(_ x: Tensor, weight: Tensor, bias: Tensor? = nil) -> Tensor {
        precondition(weight.rank == 2 && x.rank >= 1 && x.shape[x.rank - 1] == weight.shape[1],
                     "linear: input \(x.shape) does not match weight \(weight.shape) (expected [..., \(weight.shape.count == 2 ? weight.shape[1] : -1)])")
        precondition(x.dtype == weight.dtype && x.dtype.isComputeFloat, "linear: dtypes \(x.dtype) and \(weight.dtype) must match")
        let outFeatures = weight.shape[0], inFeatures = weight.shape[1]
        if let bias { precondition(bias.shape == [outFeatures], "linear: bias shape \(bias.shape), expected [\(outFeatures)]") }
        let rows = x.count / Swift.max(inFeatures, 1)
        let x2 = x.detached().reshaped([rows, inFeatures]).materialized()
        let w = weight.detached().materialized()
        let out = Tensor(uninitialized: Array(x.shape.dropLast()) + [outFeatures], dtype: x.dtype)
        if x.dtype == .float32 {
            linearForward(Float.self, x2, w, bias, out, rows: rows, inFeatures: inFeatures, outFeatures: outFeatures)
        } else {
            linearForward(Double.self, x2, w, bias, out, rows: rows, inFeatures: inFeatures, outFeatures: outFeatures)
        }
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        let xShape = x.shape
        return record(.linear, out, inputs: inputs) { g in
            let g2 = g.reshaped([rows, outFeatures])
            var grads: [Tensor?] = [
                x.requiresGradient ? g2.matmul(w).reshaped(xShape) : nil,
                weight.requiresGradient ? g2.transposed().matmul(x2) : nil,
            ]
            if let bias { grads.append(bias.requiresGradient ? g2.sum(axes: [0]) : nil) }
            return grads
        }
    }
}
