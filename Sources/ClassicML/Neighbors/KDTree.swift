// A k-d tree for exact k-nearest-neighbour queries in low dimensions (scikit-learn's KDTree, leaf size 30).

/// How k-NN models find neighbours (`algorithm` in scikit-learn).
public enum NeighborAlgorithm: String, Codable, Sendable, Equatable {
    /// Every distance, through one matrix multiply per block of queries: best for many features.
    case brute
    /// A k-d tree with bounding-box pruning: best for few features (roughly up to 15) and many rows.
    case kdTree
}

/// A k-d tree over row-major points: nodes split at the median of their widest dimension; each node keeps
/// its bounding box so whole subtrees farther than the current k-th neighbour are skipped.
struct KDTree: Sendable {
    struct Node: Sendable { var start: Int, end: Int, left: Int, right: Int }

    let values: [Double], columns: Int
    /// Point indices, grouped so every node owns `order[start..<end]`.
    private(set) var order: [Int]
    private(set) var nodes: [Node] = []
    /// Per node: lower then upper corner of its bounding box (`2 × columns` values).
    private(set) var boxes: [Double] = []
    static let leafSize = 30

    init(values: [Double], rows: Int, columns: Int) {
        self.values = values
        self.columns = columns
        self.order = Array(0..<rows)
        _ = build(0, rows)
    }

    private mutating func build(_ start: Int, _ end: Int) -> Int {
        let id = nodes.count
        nodes.append(Node(start: start, end: end, left: -1, right: -1))
        var lower = [Double](repeating: .infinity, count: columns), upper = [Double](repeating: -.infinity, count: columns)
        for p in start..<end {
            for j in 0..<columns {
                let v = values[order[p] * columns + j]
                lower[j] = min(lower[j], v)
                upper[j] = max(upper[j], v)
            }
        }
        boxes += lower
        boxes += upper
        guard end - start > KDTree.leafSize else { return id }
        var widest = 0
        for j in 1..<columns where upper[j] - lower[j] > upper[widest] - lower[widest] { widest = j }
        guard upper[widest] > lower[widest] else { return id }  // all points equal: a leaf
        let c = columns, v = values
        order[start..<end].sort { v[$0 * c + widest] < v[$1 * c + widest] || (v[$0 * c + widest] == v[$1 * c + widest] && $0 < $1) }
        let middle = (start + end) / 2
        let left = build(start, middle)
        let right = build(middle, end)
        nodes[id].left = left
        nodes[id].right = right
        return id
    }

    /// Squared distance from `q` to node `id`'s bounding box (0 inside it).
    private func boxDistance(_ q: ArraySlice<Double>, _ id: Int) -> Double {
        var s = 0.0
        let base = id * 2 * columns, qb = q.startIndex
        for j in 0..<columns {
            let x = q[qb + j], lo = boxes[base + j], hi = boxes[base + columns + j]
            let d = x < lo ? lo - x : (x > hi ? x - hi : 0)
            s += d * d
        }
        return s
    }

    /// The `k` nearest points to `q` as (squared distance, index), nearest first, equal distances by index.
    func nearest(_ q: ArraySlice<Double>, k: Int) -> [(Double, Int)] {
        var best = [(Double, Int)]()  // sorted ascending by (distance, index), at most k
        best.reserveCapacity(k + 1)
        func worse(_ a: (Double, Int), _ b: (Double, Int)) -> Bool { a.0 > b.0 || (a.0 == b.0 && a.1 > b.1) }
        func visit(_ id: Int) {
            let node = nodes[id]
            if node.left < 0 {
                let qb = q.startIndex
                for p in node.start..<node.end {
                    let i = order[p]
                    var s = 0.0
                    for j in 0..<columns { let d = values[i * columns + j] - q[qb + j]; s += d * d }
                    let candidate = (s, i)
                    if best.count == k && !worse(best[k - 1], candidate) { continue }
                    var pos = best.count
                    best.append(candidate)
                    while pos > 0 && worse(best[pos - 1], candidate) { best[pos] = best[pos - 1]; pos -= 1 }
                    best[pos] = candidate
                    if best.count > k { best.removeLast() }
                }
                return
            }
            let dl = boxDistance(q, node.left), dr = boxDistance(q, node.right)
            let (first, firstDistance, second, secondDistance) = dl <= dr ? (node.left, dl, node.right, dr) : (node.right, dr, node.left, dl)
            // A box at exactly the k-th distance may still hold an equal distance with a smaller index.
            if best.count < k || firstDistance <= best[k - 1].0 { visit(first) }
            if best.count < k || secondDistance <= best[k - 1].0 { visit(second) }
        }
        visit(0)
        return best
    }
}
