// One isolation tree: random axis-aligned splits until a row is alone or the depth limit is reached
// (Liu, Ting and Zhou 2008; scikit-learn grows it as an ExtraTreeRegressor with one random feature per split).
import Foundation
import Tensors

/// The nodes of isolation trees, several trees in flat arrays (`treeStart[t]` is tree t's root).
struct IsolationNodes: Sendable, Equatable {
    /// The split feature, or −1 for a leaf.
    var feature: [Int] = []
    /// Rows with `x[feature] ≤ threshold` go left.
    var threshold: [Double] = []
    var left: [Int] = []
    var right: [Int] = []
    /// Depth of the node plus c(size) for a leaf: the path length a row ending there gets.
    var pathLength: [Double] = []
    var treeStart: [Int] = []

    /// The average path length of an unsuccessful search in a binary search tree of `n` nodes, which normalises
    /// path lengths: c(n) = 2H(n − 1) − 2(n − 1)/n with H(i) ≈ ln i + γ; c(1) = 0 (and c(0) = 0), c(2) = 1.
    static func averagePathLength(_ n: Int) -> Double {
        if n <= 1 { return 0 }
        if n == 2 { return 1 }
        let m = Double(n)
        return 2 * (Foundation.log(m - 1) + 0.5772156649015329) - 2 * (m - 1) / m
    }

    /// Grows one tree on `rows` of `x` (row-major, `columns` wide) using only `features`, splits down to
    /// `maxDepth`, and appends it.
    mutating func grow(_ x: [Double], columns: Int, rows: [Int], features: [Int], maxDepth: Int, rng: inout RandomGenerator) {
        treeStart.append(feature.count)
        var order = features
        func node(_ members: [Int], depth: Int) -> Int {
            let id = feature.count
            feature.append(-1); threshold.append(0); left.append(-1); right.append(-1)
            pathLength.append(Double(depth) + Self.averagePathLength(members.count))
            guard depth < maxDepth, members.count > 1 else { return id }
            // The first feature, in a random order, on which the node's rows are not all equal.
            for i in 0..<order.count { order.swapAt(i, i + rng.nextInt(below: order.count - i)) }
            for f in order {
                var low = Double.infinity, high = -Double.infinity
                for r in members { let v = x[r * columns + f]; low = min(low, v); high = max(high, v) }
                guard high > low else { continue }
                var cut = low + rng.nextDouble() * (high - low)
                if cut >= high { cut = low }
                let goesLeft = members.filter { x[$0 * columns + f] <= cut }
                let goesRight = members.filter { x[$0 * columns + f] > cut }
                feature[id] = f
                threshold[id] = cut
                pathLength[id] = Double(depth)
                let l = node(goesLeft, depth: depth + 1)
                let r = node(goesRight, depth: depth + 1)
                left[id] = l
                right[id] = r
                return id
            }
            return id
        }
        _ = node(rows, depth: 0)
    }

    /// Several single-tree node sets as one, node indices shifted.
    static func merged(_ parts: [IsolationNodes]) -> IsolationNodes {
        var all = IsolationNodes()
        for part in parts {
            let offset = all.feature.count
            all.treeStart += part.treeStart.map { $0 + offset }
            all.feature += part.feature
            all.threshold += part.threshold
            all.left += part.left.map { $0 < 0 ? $0 : $0 + offset }
            all.right += part.right.map { $0 < 0 ? $0 : $0 + offset }
            all.pathLength += part.pathLength
        }
        return all
    }

    /// The path length of the row at `x` in tree `t`.
    func pathLength(tree t: Int, _ x: UnsafePointer<Double>) -> Double {
        var n = treeStart[t]
        while feature[n] >= 0 { n = x[feature[n]] <= threshold[n] ? left[n] : right[n] }
        return pathLength[n]
    }
}
