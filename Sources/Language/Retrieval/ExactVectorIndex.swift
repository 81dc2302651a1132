// Exact (brute-force) nearest-neighbour search: every stored vector is scored against every query.
//
// Scores come from the GEMM kernel (queries × stored vectorsᵀ, in blocks of stored rows) and the k best of each
// query are kept by the Float32 running selection kernel, so a batch of queries runs at matrix-multiply speed. It is
// the ground truth approximate indexes (HNSW) are measured against, and the right index below ~10⁵ vectors.
import Kernels

/// An exact vector index: contiguous Float32 storage, top-k by cosine, inner product or Euclidean distance.
///
/// Each vector is added with an integer id (by default its position); the payload belonging to an id (source
/// path, chunk text, offsets) is kept by the caller, e.g. ``DocumentIndex``. Results are deterministic: equal
/// scores are ordered by insertion position.
public struct ExactVectorIndex: Sendable {
    /// The width of every vector.
    public let dimension: Int
    /// What the index ranks by.
    public let metric: VectorMetric
    /// Stored vectors, row-major (`count × dimension`), unit length for ``VectorMetric/cosine``.
    public private(set) var vectors: [Float] = []
    /// The id of each stored row.
    public private(set) var ids: [Int] = []
    /// Squared lengths of the stored rows (used by the L2 metric: ‖q − x‖² = ‖x‖² − 2 q·x + ‖q‖²).
    private var squaredNorms: [Float] = []

    /// Stored rows scored per GEMM call: 4,096 rows × 256 queries of scores is 4 MB, which stays in cache.
    static let rowBlock = 4096
    static let queryBlock = 256

    /// An empty index. `dimension` must be positive.
    public init(dimension: Int, metric: VectorMetric = .cosine) throws(LanguageError) {
        guard dimension > 0 else { throw .invalidArgument("index dimension must be positive, got \(dimension)") }
        self.dimension = dimension
        self.metric = metric
    }

    /// The number of stored vectors.
    public var count: Int { ids.count }

    /// Adds `vectors` with `ids` (default: their positions `count ..< count + vectors.count`). Throws
    /// ``LanguageError/dimensionMismatch(what:expected:found:)`` for a vector of another width and
    /// ``LanguageError/invalidVector(index:detail:)`` for NaN/infinite entries, a zero vector under cosine, or an
    /// inner-product/L2 vector whose squared length exceeds `Float.greatestFiniteMagnitude / 4` (so every score
    /// stays finite); on error nothing is added.
    public mutating func add(_ vectors: [[Float]], ids: [Int]? = nil) throws(LanguageError) {
        if let ids, ids.count != vectors.count {
            throw .invalidArgument("\(vectors.count) vectors but \(ids.count) ids")
        }
        let rows = try VectorRows.pack(vectors, dimension: dimension, metric: metric, what: "vector")
        appendRows(rows, ids: ids ?? Array(count..<(count + vectors.count)))
    }

    mutating func appendRows(_ rows: [Float], ids newIDs: [Int]) {
        let start = ids.count
        vectors.append(contentsOf: rows)
        ids.append(contentsOf: newIDs)
        if metric == .l2 {
            rows.withUnsafeBufferPointer { r in
                for i in 0..<newIDs.count {
                    var s: Float = 0
                    for d in 0..<dimension { s += r[i * dimension + d] * r[i * dimension + d] }
                    squaredNorms.append(s)
                }
            }
        }
        precondition(ids.count == start + newIDs.count)
    }

    /// The `k` closest stored vectors to `query`, best first.
    public func search(_ query: [Float], k: Int) throws(LanguageError) -> [VectorHit] {
        try search(queries: [query], k: k)[0]
    }

    /// The `k` closest stored vectors to each query, best first (fewer when the index holds fewer than `k`).
    public func search(queries: [[Float]], k: Int) throws(LanguageError) -> [[VectorHit]] {
        let q = try VectorRows.queries(queries, k: k, dimension: dimension, metric: metric)
        return searchRows(q, queryCount: queries.count, k: k)
    }

    /// Search on validated, prepared query rows (`queryCount × dimension`).
    func searchRows(_ q: [Float], queryCount m: Int, k requested: Int) -> [[VectorHit]] {
        let n = count, d = dimension
        let k = min(requested, n)
        guard m > 0 else { return [] }
        guard k > 0 else { return Array(repeating: [], count: m) }
        var keys = [Float](repeating: 0, count: m * k)
        var rowsOut = [Int](repeating: 0, count: m * k)
        var filled = [Int](repeating: 0, count: m)
        // GEMM alpha makes the kernel's "smallest" our "best": −q·x for cosine/IP, ‖x‖² − 2q·x for L2.
        let alpha: Float = metric == .l2 ? -2 : -1
        let qb = Self.queryBlock, rb = Self.rowBlock
        var scores = [Float](repeating: 0, count: min(m, qb) * min(n, rb))
        q.withUnsafeBufferPointer { qp in
            vectors.withUnsafeBufferPointer { xp in
                squaredNorms.withUnsafeBufferPointer { np in
                    keys.withUnsafeMutableBufferPointer { kp in
                        rowsOut.withUnsafeMutableBufferPointer { ip in
                            filled.withUnsafeMutableBufferPointer { fp in
                                scores.withUnsafeMutableBufferPointer { sp in
                                    let pk = SendablePointer(kp.baseAddress!), pi = SendablePointer(ip.baseAddress!)
                                    let pf = SendablePointer(fp.baseAddress!), ps = SendablePointer(sp.baseAddress!)
                                    let bias = metric == .l2 ? SendablePointer(np.baseAddress!) : nil
                                    for q0 in stride(from: 0, to: m, by: qb) {
                                        let mq = min(qb, m - q0)
                                        for r0 in stride(from: 0, to: n, by: rb) {
                                            let nr = min(rb, n - r0)
                                            MatrixMultiply.sgemm(
                                                transB: true, m: mq, n: nr, k: d, alpha: alpha, a: qp.baseAddress! + q0 * d, lda: d,
                                                b: xp.baseAddress! + r0 * d, ldb: d, c: ps.raw, ldc: nr)
                                            // The selection is ~1 comparison per score: split queries across threads.
                                            parallelChunks(mq, minimumPerThread: 16) { rows in
                                                SmallestSelectionFloat.merge(
                                                    rows: rows.count, columns: nr, block: ps.raw + rows.lowerBound * nr, stride: nr,
                                                    bias: bias.map { UnsafePointer($0.raw + r0) }, offset: r0, k: k,
                                                    keys: pk.raw + (q0 + rows.lowerBound) * k, indices: pi.raw + (q0 + rows.lowerBound) * k,
                                                    filled: pf.raw + q0 + rows.lowerBound)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (0..<m).map { i in
            var qq: Float = 0
            if metric == .l2 { for j in 0..<d { qq += q[i * d + j] * q[i * d + j] } }
            return (0..<filled[i]).map { j in
                let key = keys[i * k + j]
                let score = metric == .l2 ? -max(0, key + qq) : -key
                return VectorHit(id: ids[rowsOut[i * k + j]], score: score)
            }
        }
    }
}
