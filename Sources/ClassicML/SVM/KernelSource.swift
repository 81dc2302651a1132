// Where a kernel SVM's sub-problems get kernel values: a Gram matrix of all training rows computed once, or
// the training rows themselves (kernel rows computed per sub-problem).
import Kernels

/// The training rows of a kernel SVM and, when it fits in the cache budget, their whole Gram matrix. One-vs-one
/// sub-problems and the cross-validation fits of Platt scaling then read kernel values from it instead of
/// recomputing them (digits: one 1437² matrix instead of 45 pairwise ones).
struct KernelSource: @unchecked Sendable {
    // @unchecked: `gram` is written once in `init` and only read afterwards, from several threads.
    let kernel: KernelFunction
    let rows: KernelFunction.Rows
    private let gram: UnsafeMutablePointer<Float>?
    let budgetBytes: Int

    init(kernel: KernelFunction, rows: KernelFunction.Rows, budgetBytes: Int) {
        self.kernel = kernel
        self.rows = rows
        self.budgetBytes = budgetBytes
        let n = rows.count
        if n * n * MemoryLayout<Float>.stride <= budgetBytes {
            let g = UnsafeMutablePointer<Float>.allocate(capacity: n * n)
            kernel.block(rows, aStart: 0, aCount: n, rows, into: g, multithreaded: true)
            gram = g
        } else {
            gram = nil
        }
    }

    /// Frees the Gram matrix; call once when every sub-problem is done.
    func release() { gram?.deallocate() }

    /// K(xᵢ, xᵢ) of training row `i`.
    func diagonal(_ i: Int) -> Double { kernel.selfValue(norm: Double(rows.norms[i])) }

    /// A row cache over the sub-problem made of training rows `members` (its variable k is row `members[k]`).
    /// `duplicate` repeats every row twice (ε-SVR's 2l variables over l rows).
    func cache(for members: [Int], duplicate: Bool = false, multithreaded: Bool) -> KernelRowCache {
        let l = members.count, size = duplicate ? 2 * l : l
        let kernel = kernel
        if let gram {
            let n = rows.count, g = SendablePointer(gram)
            return KernelRowCache(size: size, budgetBytes: budgetBytes) { indices, out in
                for (r, v) in indices.enumerated() {
                    let source = g.raw + members[v % l] * n, target = out + r * size
                    for k in 0..<l { target[k] = source[members[k]] }
                    if duplicate { (target + l).update(from: target, count: l) }
                }
            }
        }
        let sub = KernelFunction.Rows(gathering: members, from: rows)
        return KernelRowCache(size: size, budgetBytes: budgetBytes) { indices, out in
            let real = indices.map { $0 % l }
            let isAll = !duplicate && real.count == l && real.elementsEqual(0..<l)
            let a = isAll ? sub : KernelFunction.Rows(gathering: real, from: sub)
            if !duplicate {
                kernel.block(a, aStart: 0, aCount: a.count, sub, into: out, multithreaded: multithreaded)
                return
            }
            let tmp = UnsafeMutablePointer<Float>.allocate(capacity: a.count * l)
            defer { tmp.deallocate() }
            kernel.block(a, aStart: 0, aCount: a.count, sub, into: tmp, multithreaded: multithreaded)
            for r in 0..<a.count {
                (out + r * size).update(from: tmp + r * l, count: l)
                (out + r * size + l).update(from: tmp + r * l, count: l)
            }
        }
    }

    /// Σₖ coefficients[k]·K(x_sources[k], x_t) for each training row t of `targets` (decision values without ρ).
    func weightedSums(targets: [Int], sources: [Int], coefficients: [Double], multithreaded: Bool) -> [Double] {
        var out = [Double](repeating: 0, count: targets.count)
        guard !sources.isEmpty, !targets.isEmpty else { return out }
        if let gram {
            let n = rows.count
            for (r, t) in targets.enumerated() {
                var s = 0.0
                for (k, src) in sources.enumerated() { s += coefficients[k] * Double(gram[t * n + src]) }
                out[r] = s
            }
            return out
        }
        let a = KernelFunction.Rows(gathering: targets, from: rows), b = KernelFunction.Rows(gathering: sources, from: rows)
        let block = UnsafeMutablePointer<Float>.allocate(capacity: targets.count * sources.count)
        defer { block.deallocate() }
        kernel.block(a, aStart: 0, aCount: a.count, b, into: block, multithreaded: multithreaded)
        for r in 0..<targets.count {
            var s = 0.0
            for k in 0..<sources.count { s += coefficients[k] * Double(block[r * sources.count + k]) }
            out[r] = s
        }
        return out
    }
}
