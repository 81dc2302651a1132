// Brute-force k-nearest-neighbour search through the matrix multiply, shared by the k-NN classifier and regressor.
import Tensors

/// How neighbours' votes are weighted (`weights` in scikit-learn).
public enum NeighborWeighting: String, Codable, Sendable, Equatable {
    /// Every neighbour counts the same.
    case uniform
    /// Neighbours count by the inverse of their distance; neighbours at distance 0 take all the weight.
    case distance
}

/// The training rows of a fitted k-NN model and the brute-force search over them.
struct NeighborIndex: Sendable {
    let values: [Double], rows: Int, columns: Int, norms: [Double]
    /// Present for ``NeighborAlgorithm/kdTree``.
    let tree: KDTree?

    init(values: [Double], rows: Int, columns: Int, algorithm: NeighborAlgorithm) {
        self.values = values
        self.rows = rows
        self.columns = columns
        self.norms = SquaredDistances.rowNorms(values, rows: rows, columns: columns)
        self.tree = algorithm == .kdTree ? KDTree(values: values, rows: rows, columns: columns) : nil
    }

    /// The `k` nearest training rows of every query row, nearest first (ties by training order), with their
    /// Euclidean distances. Queries go in blocks so the distance matrix stays small.
    func search(_ query: [Double], queries: Int, k: Int) -> (indices: [Int], distances: [Double]) {
        var indices = [Int](repeating: 0, count: queries * k), distances = [Double](repeating: 0, count: queries * k)
        if let tree {
            for i in 0..<queries {
                for (r, (d, j)) in tree.nearest(query[(i * columns)..<((i + 1) * columns)], k: k).enumerated() {
                    indices[i * k + r] = j
                    distances[i * k + r] = d.squareRoot()
                }
            }
            return (indices, distances)
        }
        let block = max(1, min(queries, (1 << 22) / max(rows, 1)))
        var start = 0
        while start < queries {
            let count = min(block, queries - start)
            let q = Array(query[(start * columns)..<((start + count) * columns)])
            let d = SquaredDistances.compute(q, aRows: count, aNorms: SquaredDistances.rowNorms(q, rows: count, columns: columns),
                                             values, bRows: rows, bNorms: norms, columns: columns)
            for i in 0..<count {
                let base = i * rows
                // Partial selection: sort by (distance, index) keeping the k smallest.
                var heap = [Int]()
                heap.reserveCapacity(k)
                for j in 0..<rows {
                    if heap.count < k {
                        heap.append(j)
                        if heap.count == k { heap.sort { d[base + $0] < d[base + $1] || (d[base + $0] == d[base + $1] && $0 < $1) } }
                    } else if d[base + j] < d[base + heap[k - 1]] {
                        // Insert in order (j is larger than every kept index, so equal distances go after).
                        var p = k - 1
                        while p > 0 && d[base + heap[p - 1]] > d[base + j] { heap[p] = heap[p - 1]; p -= 1 }
                        heap[p] = j
                    }
                }
                if heap.count < k { heap.sort { d[base + $0] < d[base + $1] || (d[base + $0] == d[base + $1] && $0 < $1) } }
                for (r, j) in heap.enumerated() {
                    indices[(start + i) * k + r] = j
                    distances[(start + i) * k + r] = d[base + j].squareRoot()
                }
            }
            start += count
        }
        return (indices, distances)
    }

    /// The weight of each neighbour of one query (`k` distances) under `weighting`.
    static func weights(_ distances: ArraySlice<Double>, _ weighting: NeighborWeighting) -> [Double] {
        switch weighting {
        case .uniform: return distances.map { _ in 1 }
        case .distance:
            if distances.contains(0) { return distances.map { $0 == 0 ? 1 : 0 } }
            return distances.map { 1 / $0 }
        }
    }
}

/// Shared hyperparameter and sample-count checks of the k-NN estimators.
enum NeighborChecks {
    static func validate(k: Int, rows: Int) throws(ClassicMLError) {
        guard k >= 1 else { throw .invalidHyperparameter(name: "neighbors", value: "\(k)", expected: "at least 1") }
        guard rows >= k else { throw .tooFewSamples(what: "k-nearest neighbours with k = \(k)", needed: k, found: rows) }
    }
}
