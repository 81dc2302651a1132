// Growing an ensemble of trees on both cores, each from its own seed, and what the ensemble reports.
import Kernels
import Tensors

enum ForestGrowth {
    /// Grows `count` trees with `builder`. Tree `t` uses the `t`-th seed drawn from `seed`, for its bootstrap
    /// sample (`rows` draws with replacement, kept as per-row counts) and its feature order, so the forest is
    /// the same at any thread count.
    static func grow(_ builder: TreeBuilder, count: Int, bootstrap: Bool, seed: UInt64) -> [TreeNodes] {
        var master = RandomGenerator(seed: seed)
        let seeds = (0..<count).map { _ in master.nextUInt64() }
        let rows = builder.rows
        var trees = [TreeNodes?](repeating: nil, count: count)
        trees.withUnsafeMutableBufferPointer { buffer in
            let out = SendablePointer(buffer.baseAddress!)
            parallelChunks(count) { range in
                for t in range {
                    var rng = RandomGenerator(seed: seeds[t])
                    var weights = [Double](repeating: bootstrap ? 0 : 1, count: rows)
                    if bootstrap { for _ in 0..<rows { weights[rng.nextInt(below: rows)] += 1 } }
                    out.raw[t] = builder.grow(weights: weights, rng: &rng)
                }
            }
        }
        return trees.map { $0! }
    }

    /// The mean of the trees' normalised importances (trees that never split left out), renormalised to sum to 1,
    /// as scikit-learn's forests report them.
    static func importances(_ trees: [TreeNodes], features: Int) -> [Double] {
        let split = trees.filter { $0.count > 1 }
        var total = [Double](repeating: 0, count: features)
        for tree in split { for (j, v) in tree.normalizedImportance.enumerated() { total[j] += v } }
        let sum = total.reduce(0, +)
        return sum > 0 ? total.map { $0 / sum } : total
    }

    /// The mean of the trees' leaf values `[rows, outputs]`, rows spread over threads (each row sums its trees in
    /// tree order, so the result does not depend on the thread count).
    static func average(_ trees: [TreeNodes], _ x: [Double], rows: Int, columns: Int) -> [Double] {
        let outputs = trees[0].outputs
        var out = [Double](repeating: 0, count: rows * outputs)
        let scale = 1 / Double(trees.count)
        x.withUnsafeBufferPointer { xb in
            out.withUnsafeMutableBufferPointer { ob in
                let xp = SendablePointer(xb.baseAddress!), op = SendablePointer(ob.baseAddress!)
                parallelChunks(rows, minimumPerThread: max(1, 20_000 / trees.count)) { r in
                    // Blocks of rows, tree by tree: a tree's nodes stay in cache across the block.
                    let x = UnsafeBufferPointer(start: UnsafePointer(xp.raw), count: rows * columns)
                    for blockStart in stride(from: r.lowerBound, to: r.upperBound, by: 256) {
                        let block = blockStart..<min(blockStart + 256, r.upperBound)
                        for tree in trees { tree.accumulate(x, rows: block, columns: columns, scale: scale, into: op.raw) }
                    }
                }
            }
        }
        return out
    }

    /// All trees' arrays, named `tree<t>.<array>`.
    static func tensors(_ trees: [TreeNodes]) -> [String: Tensor] {
        var all = [String: Tensor]()
        for (t, tree) in trees.enumerated() { all.merge(tree.tensors(prefix: "tree\(t).")) { a, _ in a } }
        return all
    }

    /// Reads ``tensors(_:)``'s output back.
    static func trees(_ archive: ModelArchive, count: Int, outputs: Int, features: Int) throws(ClassicMLError) -> [TreeNodes] {
        guard count >= 1 else { throw .invalidArchive("a forest of \(count) trees") }
        var trees = [TreeNodes]()
        for t in 0..<count { trees.append(try TreeNodes(archive: archive, prefix: "tree\(t).", outputs: outputs, features: features)) }
        return trees
    }

    static func validate(count: Int) throws(ClassicMLError) {
        guard count >= 1 else { throw .invalidHyperparameter(name: "treeCount", value: "\(count)", expected: "≥ 1") }
    }
}
