// Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009): merge rankings by rank, not by score, so
// a BM25 score and a cosine similarity, which live on unrelated scales, can be combined without calibration.

/// One fused result.
public struct FusedHit: Sendable, Equatable, Hashable {
    public var id: Int
    /// Σ over the rankings that contain `id` of 1 / (k + rank), rank counted from 1.
    public var score: Double

    public init(id: Int, score: Double) {
        self.id = id
        self.score = score
    }
}

/// Reciprocal rank fusion of several rankings.
public enum ReciprocalRankFusion {
    /// Fuses `rankings` (each a list of ids, best first; an id repeated within one list counts at its first
    /// rank only): score(id) = Σ 1/(k + rank). Ties are broken by the best single rank, then by smaller id.
    /// `k = 60` is the value of the original paper; smaller k favours the top ranks more.
    public static func fuse(_ rankings: [[Int]], k: Double = 60, limit: Int? = nil) throws(LanguageError) -> [FusedHit] {
        guard k.isFinite, k >= 0 else { throw .invalidArgument("RRF k must be finite and ≥ 0, got \(k)") }
        // A negative limit would trap in prefix(_:) with no word about RRF.
        if let limit, limit < 0 { throw .invalidArgument("RRF limit must be ≥ 0, got \(limit)") }
        var score: [Int: Double] = [:]
        var best: [Int: Int] = [:]
        for list in rankings {
            var seen = Set<Int>()
            for (i, id) in list.enumerated() where seen.insert(id).inserted {
                score[id, default: 0] += 1 / (k + Double(i + 1))
                best[id] = min(best[id] ?? Int.max, i + 1)
            }
        }
        let ordered = score.sorted { a, c in
            if a.value != c.value { return a.value > c.value }
            if best[a.key]! != best[c.key]! { return best[a.key]! < best[c.key]! }
            return a.key < c.key
        }
        return ordered.prefix(limit ?? ordered.count).map { FusedHit(id: $0.key, score: $0.value) }
    }
}
