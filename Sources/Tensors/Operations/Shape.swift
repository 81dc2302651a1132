// Views that change how elements are addressed, not the elements: reshape, permute, expand, squeeze.

extension Tensor {
    /// Resolves one `-1` in `newShape` and checks the element count.
    func resolveShape(_ newShape: [Int]) -> [Int] {
        var s = newShape
        let unknown = s.indices.filter { s[$0] == -1 }
        precondition(unknown.count <= 1, "reshape: at most one -1 allowed in \(newShape)")
        if let u = unknown.first {
            let known = s.enumerated().filter { $0.offset != u }.reduce(1) { $0 * $1.element }
            precondition(known > 0 && count % known == 0, "reshape: cannot reshape \(shape) into \(newShape)")
            s[u] = count / known
        }
        precondition(s.allSatisfy { $0 >= 0 } && s.reduce(1, *) == count, "reshape: cannot reshape \(shape) (\(count) elements) into \(newShape)")
        return s
    }

    /// The same elements in `newShape` (one entry may be -1). A view when the tensor is contiguous, else a copy.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        let target = resolveShape(newShape)
        if target == shape { return self }
        var out: Tensor
        if isContiguous {
            out = self
            out.shape = target
            out.strides = Tensor.contiguousStrides(for: target)
        } else {
            out = materialized()
            out.shape = target
            out.strides = Tensor.contiguousStrides(for: target)
        }
        let original = shape
        return Tensor.record(.reshape, out, inputs: [self]) { g in [g.reshaped(original)] }
    }

    /// Flattens dimensions `start...end` into one.
    public func flattened(from start: Int = 0, to end: Int = -1) -> Tensor {
        if rank == 0 { return reshaped([1]) }
        let s = normalizeAxis(start, op: "flattened"), e = normalizeAxis(end, op: "flattened")
        precondition(s <= e, "flattened: start \(start) is after end \(end)")
        let merged = shape[s...e].reduce(1, *)
        return reshaped(Array(shape[..<s]) + [merged] + Array(shape[(e + 1)...]))
    }

    /// A view with dimensions reordered: dimension `i` of the result is dimension `order[i]` of this tensor.
    func permutedView(_ order: [Int]) -> Tensor {
        var out = self
        out.shape = order.map { shape[$0] }
        out.strides = order.map { strides[$0] }
        out.node = nil
        return out
    }

    /// Dimensions reordered (a view); like `torch.permute`.
    public func permuted(_ order: [Int]) -> Tensor {
        let order = order.map { normalizeAxis($0, op: "permuted") }
        precondition(order.count == rank && Set(order).count == rank, "permuted: \(order) is not a permutation of \(rank) axes")
        if order == Array(0..<rank) { return self }
        var inverseOrder = [Int](repeating: 0, count: rank)
        for (i, d) in order.enumerated() { inverseOrder[d] = i }
        let inverse = inverseOrder
        return Tensor.record(.permute, permutedView(order), inputs: [self]) { g in [g.permuted(inverse)] }
    }

    /// Swaps two dimensions (a view); the last two by default.
    public func transposed(_ a: Int = -2, _ b: Int = -1) -> Tensor {
        precondition(rank >= 2 || (rank == 1 && a == -2), "transposed: tensor of rank \(rank) has no dimensions \(a), \(b)")
        if rank < 2 { return self }
        var order = Array(0..<rank)
        order.swapAt(normalizeAxis(a, op: "transposed"), normalizeAxis(b, op: "transposed"))
        return permuted(order)
    }

    /// Broadcasts to `target` without copying (stride 0 along expanded dimensions). `-1` keeps a dimension.
    public func expanded(to target: [Int]) -> Tensor {
        precondition(target.count >= rank, "expanded: cannot expand shape \(shape) to fewer dimensions \(target)")
        var t = target
        let lead = t.count - rank
        for i in 0..<rank where t[i + lead] == -1 { t[i + lead] = shape[i] }
        // A -1 (or any negative size) left in a new leading dimension would make an invalid shape; torch rejects it.
        precondition(t.allSatisfy { $0 >= 0 }, "expanded: cannot expand shape \(shape) to \(target): -1 is only allowed for existing dimensions")
        for i in 0..<rank {
            precondition(shape[i] == t[i + lead] || shape[i] == 1, "expanded: cannot expand shape \(shape) to \(target)")
        }
        if t == shape { return self }
        var out = self
        out.strides = broadcastStrides(to: t)
        out.shape = t
        let original = shape
        return Tensor.record(.expand, out, inputs: [self]) { g in [g.sumToShape(original)] }
    }

    /// Removes dimensions of size 1 (all of them, or only `axes`).
    public func squeezed(axes: [Int]? = nil) -> Tensor {
        let drop = axes.map { Set($0.map { normalizeAxis($0, op: "squeezed") }) } ?? Set((0..<rank).filter { shape[$0] == 1 })
        return reshaped(shape.enumerated().filter { !(drop.contains($0.offset) && $0.element == 1) }.map(\.element))
    }

    /// Inserts a dimension of size 1 at `axis` (which may equal the rank, or be negative).
    public func unsqueezed(axis: Int) -> Tensor {
        let a = axis < 0 ? axis + rank + 1 : axis
        precondition(a >= 0 && a <= rank, "unsqueezed: axis \(axis) out of range for rank \(rank)")
        var s = shape
        s.insert(1, at: a)
        return reshaped(s)
    }

    /// A contiguous copy (or `self` if already contiguous). Differentiable.
    public func contiguous() -> Tensor {
        if isContiguous { return self }
        return Tensor.record(.contiguous, materialized(), inputs: [self]) { g in [g] }
    }
}
