// NumPy broadcasting: aligning shapes from the right, and reducing gradients back to an input's shape.

extension Tensor {
    /// The broadcast shape of `a` and `b` (NumPy rules); traps naming `op` and both shapes when incompatible.
    static func broadcastShape(_ a: [Int], _ b: [Int], op: String) -> [Int] {
        let r = Swift.max(a.count, b.count)
        var out = [Int](repeating: 1, count: r)
        for i in 0..<r {
            let da = i < r - a.count ? 1 : a[i - (r - a.count)]
            let db = i < r - b.count ? 1 : b[i - (r - b.count)]
            precondition(da == db || da == 1 || db == 1, "\(op): shapes \(a) and \(b) cannot be broadcast together")
            out[i] = da == 1 ? db : da
        }
        return out
    }

    /// Strides that read this tensor as if it had `target` shape (0 along broadcast dimensions).
    func broadcastStrides(to target: [Int]) -> [Int] {
        let r = target.count
        var out = [Int](repeating: 0, count: r)
        for i in 0..<rank {
            let t = i + r - rank
            out[t] = shape[i] == 1 && target[t] != 1 ? 0 : strides[i]
        }
        return out
    }

    /// Sums a gradient of a broadcast result back down to `shape` (the input's shape before broadcasting).
    func sumToShape(_ target: [Int]) -> Tensor {
        if shape == target { return self }
        let lead = rank - target.count
        var axes: [Int] = Array(0..<Swift.max(lead, 0))
        for (i, d) in target.enumerated() where d == 1 && shape[i + lead] != 1 { axes.append(i + lead) }
        let summed = axes.isEmpty ? self : sum(axes: axes, keepDims: true)
        return summed.reshaped(target)
    }
}
