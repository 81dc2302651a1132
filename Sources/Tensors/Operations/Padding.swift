// Constant padding and its gradient (a slice of the upstream gradient).

extension Tensor {
    /// Pads with `value`. `widths[i]` = (before, after) for dimension `rank − widths.count + i`, so
    /// `[(1, 1), (2, 2)]` on an NCHW tensor pads H by 1 and W by 2 on each side.
    public func padded(_ widths: [(before: Int, after: Int)], value: Double = 0) -> Tensor {
        precondition(widths.count <= rank, "padded: \(widths.count) widths for a tensor of rank \(rank)")
        precondition(widths.allSatisfy { $0.before >= 0 && $0.after >= 0 }, "padded: widths must be non-negative, got \(widths)")
        let lead = rank - widths.count
        var outShape = shape
        var starts = [Int](repeating: 0, count: rank)
        for (i, w) in widths.enumerated() {
            outShape[lead + i] += w.before + w.after
            starts[lead + i] = w.before
        }
        let out = Tensor.full(value, shape: outShape, dtype: dtype)
        var off = 0
        for d in 0..<rank { off += starts[d] * out.strides[d] }
        out.writeRegion(self, offset: off, strides: out.strides)
        let sliceStarts = starts
        let ends = (0..<rank).map { starts[$0] + shape[$0] }
        let steps = [Int](repeating: 1, count: rank)
        return Tensor.record(.pad, out, inputs: [self]) { g in [g.slice(starts: sliceStarts, ends: ends, steps: steps).contiguous()] }
    }
}
