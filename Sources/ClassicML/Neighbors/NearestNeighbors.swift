// Brute-force k-nearest-neighbour search through the matrix multiply, shared by the k-NN classifier and regressor.
import Kernels
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
        bruteForce(query, queries: queries, k: k, indices: &indices, distances: &distances)
        return (indices, distances)
    }

    /// Queries in blocks of up to 128 rows, spread over the kernel threads; each block meets the training rows in
    /// blocks of 1024: one GEMM gives `−2·q·t` (≤ 1 MB, so it stays in L2), and the k smallest of `−2·q·t + ‖t‖²`
    /// (the squared distance less `‖q‖²`, which does not change the order; scikit-learn ranks the same key) are
    /// merged into each query's running list without sorting the block.
    private func bruteForce(_ query: [Double], queries: Int, k: Int, indices: inout [Int], distances: inout [Double]) {
        let threads = KernelThreads.count
        let queryBlock = min(128, max(8, (queries + 2 * threads - 1) / (2 * threads) + 7) / 8 * 8)
        let trainBlock = 1024
        let blocks = (queries + queryBlock - 1) / queryBlock
        let columns = self.columns, rows = self.rows
        let queryNorms = SquaredDistances.rowNorms(query, rows: queries, columns: columns)
        query.withUnsafeBufferPointer { qp in
            values.withUnsafeBufferPointer { tp in
                norms.withUnsafeBufferPointer { np in
                    indices.withUnsafeMutableBufferPointer { ip in
                        distances.withUnsafeMutableBufferPointer { dp in
                            let q = SendablePointer(qp.baseAddress!), t = SendablePointer(tp.baseAddress!), norm = SendablePointer(np.baseAddress!)
                            let outIndex = SendablePointer(ip.baseAddress!), outDistance = SendablePointer(dp.baseAddress!)
                            parallelChunks(blocks, minimumPerThread: max(1, (1 << 20) / max(1, queryBlock * rows * columns))) { range in
                                var block = [Double](repeating: 0, count: queryBlock * trainBlock)
                                var filled = [Int](repeating: 0, count: queryBlock)
                                for b in range {
                                    let q0 = b * queryBlock, count = min(queryBlock, queries - q0)
                                    for i in 0..<count { filled[i] = 0 }
                                    let keys = outDistance.raw + q0 * k, found = outIndex.raw + q0 * k
                                    block.withUnsafeMutableBufferPointer { bp in
                                        filled.withUnsafeMutableBufferPointer { fp in
                                            var t0 = 0
                                            while t0 < rows {
                                                let width = min(trainBlock, rows - t0)
                                                MatrixMultiply.dgemm(transB: true, m: count, n: width, k: columns, alpha: -2,
                                                                     a: q.raw + q0 * columns, lda: columns, b: t.raw + t0 * columns, ldb: columns,
                                                                     c: bp.baseAddress!, ldc: width, multithreaded: false)
                                                SmallestSelection.merge(rows: count, columns: width, block: bp.baseAddress!, stride: width, bias: norm.raw + t0, offset: t0, k: k,
                                                                              keys: keys, indices: found, filled: fp.baseAddress!)
                                                t0 += width
                                            }
                                        }
                                    }
                                    for i in 0..<(count * k) {
                                        keys[i] = max(0, keys[i] + queryNorms[q0 + i / k]).squareRoot()
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
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
