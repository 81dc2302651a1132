// Hierarchical Navigable Small World graphs (Malkov & Yashunin, 2016): approximate nearest-neighbour search in
// roughly logarithmic time. Each vector is a node on layer 0 and, with geometrically falling probability, on
// higher layers; a query descends greedily through the sparse upper layers and then runs a best-first search of
// width efSearch on layer 0.
import Foundation
import Kernels

/// The knobs of an ``HNSWIndex``.
public struct HNSWParameters: Sendable, Equatable {
    /// Links per node on layers ≥ 1 (layer 0 keeps up to `2·m`). 12–48 is typical; more gives higher recall
    /// for more memory and slower builds.
    public var m: Int
    /// Width of the candidate list while inserting: higher builds a better graph, more slowly.
    public var efConstruction: Int
    /// Width of the candidate list while searching (raised to k when smaller): the recall/speed knob.
    public var efSearch: Int
    /// Seeds the random level of every node: the same seed, vectors and order give the same graph.
    public var seed: UInt64

    public init(m: Int = 16, efConstruction: Int = 200, efSearch: Int = 64, seed: UInt64 = 42) {
        self.m = m
        self.efConstruction = efConstruction
        self.efSearch = efSearch
        self.seed = seed
    }

    func validate() throws(LanguageError) {
        guard (2...256).contains(m) else { throw .invalidArgument("HNSW m must be in 2...256, got \(m)") }
        guard efConstruction >= 1 else { throw .invalidArgument("HNSW efConstruction must be positive, got \(efConstruction)") }
        guard efSearch >= 1 else { throw .invalidArgument("HNSW efSearch must be positive, got \(efSearch)") }
    }
}

/// An approximate vector index: an HNSW graph over contiguous Float32 storage, searched with SIMD distances.
///
/// Building is multithreaded and deterministic: nodes are inserted in batches (sizes fixed by the count alone);
/// within a batch every node searches the graph as it was before the batch (in parallel), links to the earlier
/// nodes of its batch as well, and the reverse links are then added per target node. The result depends on the
/// seed, the vectors, their order and how they were split into `add` calls, never on the thread count. Each node's layer is drawn from its position
/// and the seed (`⌊−ln U · 1/ln m⌋`). Search is read-only: any number of threads may search one index.
public struct HNSWIndex: Sendable {
    /// The width of every vector.
    public let dimension: Int
    /// What the index ranks by (cosine and inner product use graph distance 1 − q·x, L2 squared distance).
    public let metric: VectorMetric
    /// Graph parameters; `efSearch` may be changed at any time, `m` only while the index is empty.
    public var parameters: HNSWParameters {
        // The link storage is laid out with m (rows of 2m + 1 and m + 1): reading it with another m walks
        // outside the lists, so changing m on a built graph is a programming error and traps here, by name.
        didSet {
            precondition(parameters.m == oldValue.m || count == 0,
                         "HNSWIndex: m cannot change once nodes are stored (was \(oldValue.m), set to \(parameters.m))")
        }
    }

    var vectors: [Float] = []
    var ids: [Int] = []
    var levels: [UInt8] = []
    var layer0: [Int32] = []
    var upperOffsets: [Int] = []
    var upperLinks: [Int32] = []
    var entryPoint: Int32 = -1
    var maxLevel = 0
    let scratchPool = HNSWScratchPool()

    /// An empty index.
    public init(dimension: Int, metric: VectorMetric = .cosine, parameters: HNSWParameters = HNSWParameters()) throws(LanguageError) {
        guard dimension > 0 else { throw .invalidArgument("index dimension must be positive, got \(dimension)") }
        try parameters.validate()
        self.dimension = dimension
        self.metric = metric
        self.parameters = parameters
    }

    /// The number of stored vectors.
    public var count: Int { ids.count }

    var m0: Int { 2 * parameters.m }

    /// Adds `vectors` with `ids` (default: positions `count ..< count + vectors.count`) and links them into the
    /// graph. Throws as ``ExactVectorIndex/add(_:ids:)``; on error nothing is added.
    public mutating func add(_ vectors: [[Float]], ids newIDs: [Int]? = nil) throws(LanguageError) {
        if let newIDs, newIDs.count != vectors.count { throw .invalidArgument("\(vectors.count) vectors but \(newIDs.count) ids") }
        guard count + vectors.count < Int(Int32.max) else { throw .invalidArgument("an HNSW index holds fewer than 2³¹ vectors") }
        try parameters.validate()
        let rows = try VectorRows.pack(vectors, dimension: dimension, metric: metric, what: "vector")
        let start = count
        self.vectors.append(contentsOf: rows)
        ids.append(contentsOf: newIDs ?? Array(start..<(start + vectors.count)))
        for i in start..<(start + vectors.count) {
            let level = Self.level(of: i, seed: parameters.seed, m: parameters.m)
            levels.append(level)
            if level > 0 {
                upperOffsets.append(upperLinks.count)
                upperLinks.append(contentsOf: repeatElement(0, count: Int(level) * (parameters.m + 1)))
            } else {
                upperOffsets.append(-1)
            }
        }
        layer0.append(contentsOf: repeatElement(0, count: vectors.count * (m0 + 1)))
        insert(start..<count)
    }

    /// The layer of node `i`: ⌊−ln U · mL⌋ with mL = 1/ln m and U uniform in (0, 1) from (seed, i), capped at 30.
    static func level(of i: Int, seed: UInt64, m: Int) -> UInt8 {
        var z = seed &+ UInt64(i) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        let u = (Double(z >> 11) + 0.5) / 9_007_199_254_740_992.0
        return UInt8(min(30, Int(-log(u) / log(Double(m)))))
    }

    /// Calls `body` with raw views of the storage (read-only use).
    func withGraph<R>(_ body: (HNSWGraphView) -> R) -> R {
        vectors.withUnsafeBufferPointer { v in
            layer0.withUnsafeBufferPointer { l0 in
                upperOffsets.withUnsafeBufferPointer { uo in
                    upperLinks.withUnsafeBufferPointer { ul in
                        levels.withUnsafeBufferPointer { lv in
                            body(HNSWGraphView(
                                vectors: UnsafeMutablePointer(mutating: v.baseAddress ?? UnsafePointer(bitPattern: 16)!),
                                layer0: UnsafeMutablePointer(mutating: l0.baseAddress ?? UnsafePointer(bitPattern: 16)!),
                                upperOffsets: UnsafeMutablePointer(mutating: uo.baseAddress ?? UnsafePointer(bitPattern: 16)!),
                                upperLinks: UnsafeMutablePointer(mutating: ul.baseAddress ?? UnsafePointer(bitPattern: 16)!),
                                levels: UnsafeMutablePointer(mutating: lv.baseAddress ?? UnsafePointer(bitPattern: 16)!),
                                dimension: dimension, metric: metric, m: parameters.m, m0: m0, count: count))
                        }
                    }
                }
            }
        }
    }

    /// Calls `body` with raw views of the storage it may write (the build).
    mutating func withMutableGraph<R>(_ body: (HNSWGraphView) -> R) -> R {
        let (d, metric, m, m0, n) = (dimension, self.metric, parameters.m, self.m0, count)
        return vectors.withUnsafeMutableBufferPointer { v in
            layer0.withUnsafeMutableBufferPointer { l0 in
                upperOffsets.withUnsafeMutableBufferPointer { uo in
                    upperLinks.withUnsafeMutableBufferPointer { ul in
                        levels.withUnsafeMutableBufferPointer { lv in
                            body(HNSWGraphView(
                                vectors: v.baseAddress ?? UnsafeMutablePointer(bitPattern: 16)!,
                                layer0: l0.baseAddress ?? UnsafeMutablePointer(bitPattern: 16)!,
                                upperOffsets: uo.baseAddress ?? UnsafeMutablePointer(bitPattern: 16)!,
                                upperLinks: ul.baseAddress ?? UnsafeMutablePointer(bitPattern: 16)!,
                                levels: lv.baseAddress ?? UnsafeMutablePointer(bitPattern: 16)!,
                                dimension: d, metric: metric, m: m, m0: m0, count: n))
                        }
                    }
                }
            }
        }
    }

    /// The (approximately) `k` closest stored vectors to `query`, best first.
    public func search(_ query: [Float], k: Int) throws(LanguageError) -> [VectorHit] {
        try search(queries: [query], k: k)[0]
    }

    /// The (approximately) `k` closest stored vectors to each query, best first; queries run in parallel.
    public func search(queries: [[Float]], k: Int) throws(LanguageError) -> [[VectorHit]] {
        let q = try VectorRows.queries(queries, k: k, dimension: dimension, metric: metric)
        return searchRows(q, queryCount: queries.count, k: k)
    }

    func searchRows(_ q: [Float], queryCount: Int, k: Int) -> [[VectorHit]] {
        guard queryCount > 0 else { return [] }
        guard count > 0 else { return Array(repeating: [], count: queryCount) }
        // k is clamped to the node count first: ef = k = Int.max would overflow the heaps' capacity (a trap), and a
        // huge k would reserve memory for results that cannot exist.
        let ef = max(parameters.efSearch, min(k, count))
        let d = dimension, metric = self.metric, entry = entryPoint, top = maxLevel, idList = ids, pool = scratchPool
        var out = [[VectorHit]](repeating: [], count: queryCount)
        withGraph { g in
            q.withUnsafeBufferPointer { qp in
                out.withUnsafeMutableBufferPointer { op in
                    let po = SendablePointer(op.baseAddress!), pq = SendablePointer(qp.baseAddress!)
                    parallelChunks(queryCount, minimumPerThread: 4) { range in
                        pool.with(nodes: g.count, maxDegree: g.m0) { scratch in
                            for i in range {
                                let qv = UnsafePointer(pq.raw + i * d)
                                var ep = (g.distance(qv, entry), entry)
                                for level in stride(from: top, to: 0, by: -1) { ep = g.greedy(qv, from: ep, level: level, scratch: scratch) }
                                let found = g.searchLayer(qv, entries: [ep], ef: ef, level: 0, scratch: scratch)
                                po.raw[i] = found.prefix(k).map { hit in
                                    VectorHit(id: idList[Int(hit.1)], score: metric == .l2 ? -hit.0 : 1 - hit.0)
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
