// Joining and splitting: concat, stack, split, chunk, repeat.

extension Tensor {
    /// Joins tensors along an existing `axis`; all other dimensions must match.
    public static func concat(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "concat: no tensors")
        let first = tensors[0]
        let a = first.normalizeAxis(axis, op: "concat")
        var outShape = first.shape
        outShape[a] = 0
        for t in tensors {
            precondition(t.dtype == first.dtype, "concat: dtype \(t.dtype) differs from \(first.dtype)")
            precondition(
                t.rank == first.rank && (0..<t.rank).allSatisfy { $0 == a || t.shape[$0] == first.shape[$0] },
                "concat: shape \(t.shape) does not match \(first.shape) outside axis \(a)")
            outShape[a] += t.shape[a]
        }
        let out = Tensor(uninitialized: outShape, dtype: first.dtype)
        var position = 0
        var sizes: [Int] = []
        for t in tensors {
            out.writeRegion(t, offset: position * out.strides[a], strides: out.strides)
            position += t.shape[a]
            sizes.append(t.shape[a])
        }
        let pieceSizes = sizes
        return record(.concat, out, inputs: tensors) { g in
            var start = 0
            return pieceSizes.map { n in
                defer { start += n }
                return g.narrowed(axis: a, start: start, length: n).contiguous()
            }
        }
    }

    /// Joins tensors of equal shape along a new `axis`.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "stack: no tensors")
        let a = axis < 0 ? axis + tensors[0].rank + 1 : axis
        return concat(tensors.map { $0.unsqueezed(axis: a) }, axis: a)
    }

    /// Splits along `axis` into pieces of the given sizes (which must sum to the axis length). Views.
    public func split(sizes: [Int], axis: Int = 0) -> [Tensor] {
        let a = normalizeAxis(axis, op: "split")
        precondition(sizes.reduce(0, +) == shape[a], "split: sizes \(sizes) do not sum to \(shape[a]) (axis \(a))")
        var start = 0
        return sizes.map { n in
            defer { start += n }
            return narrowed(axis: a, start: start, length: n)
        }
    }

    /// Splits along `axis` into `chunks` pieces of equal size (the last may be smaller), like `torch.chunk`.
    public func chunked(_ chunks: Int, axis: Int = 0) -> [Tensor] {
        precondition(chunks > 0, "chunked: chunk count must be positive, got \(chunks)")
        let a = normalizeAxis(axis, op: "chunked")
        // An empty axis still gives `chunks` (empty) pieces, as torch.zeros(0).chunk(3).
        if shape[a] == 0 { return [Tensor](repeating: narrowed(axis: a, start: 0, length: 0), count: chunks) }
        let step = Swift.max(1, (shape[a] + chunks - 1) / chunks)
        var sizes: [Int] = []
        var left = shape[a]
        while left > 0 {
            sizes.append(Swift.min(step, left))
            left -= step
        }
        return split(sizes: sizes, axis: a)
    }

    /// Tiles the tensor: dimension `i` is repeated `counts[i]` times, like `torch.Tensor.repeat`.
    /// `counts` may be longer than the rank (leading dimensions are added).
    public func repeated(_ counts: [Int]) -> Tensor {
        precondition(counts.count >= rank && counts.allSatisfy { $0 >= 0 }, "repeated: counts \(counts) invalid for shape \(shape)")
        let lead = counts.count - rank
        let base = [Int](repeating: 1, count: lead) + shape
        // View as [1, d0, 1, d1, …], expand the 1s to the counts, then merge each pair.
        var interleaved: [Int] = []
        var expandedShape: [Int] = []
        for (c, d) in zip(counts, base) {
            interleaved += [1, d]
            expandedShape += [c, d]
        }
        return reshaped(interleaved).expanded(to: expandedShape).reshaped(zip(counts, base).map { $0 * $1 })
    }
}
