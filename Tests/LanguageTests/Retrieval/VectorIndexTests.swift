import Foundation
import Kernels
import Testing
@testable import Language

/// Naive top-k: the oracle for both indexes.
func naiveTopK(_ data: [[Float]], _ q: [Float], k: Int, metric: VectorMetric) -> [VectorHit] {
    func unit(_ v: [Float]) -> [Float] {
        let n = v.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
        return v.map { Float(Double($0) / n) }
    }
    let qq = metric == .cosine ? unit(q) : q
    let scored = data.enumerated().map { (i, v0) -> (Double, Int) in
        let v = metric == .cosine ? unit(v0) : v0
        var s = 0.0
        for j in 0..<v.count {
            s += metric == .l2 ? -(Double(v[j]) - Double(qq[j])) * (Double(v[j]) - Double(qq[j])) : Double(v[j]) * Double(qq[j])
        }
        return (s, i)
    }.sorted { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
    return scored.prefix(k).map { VectorHit(id: $0.1, score: Float($0.0)) }
}

func temporaryDirectory(_ name: String) -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlearn-retrieval-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct ExactVectorIndexTests {
    @Test(arguments: VectorMetric.allCases)
    func matchesNaiveSearch(metric: VectorMetric) throws {
        let data = ClusteredVectors(dimension: 24, clusters: 5, seed: 1).sample(count: 700, seed: 2).enumerated()
            .map { i, v in v.map { $0 * Float(1 + i % 3) } }  // unequal lengths so IP, L2 and cosine differ
        let queries = ClusteredVectors(dimension: 24, clusters: 5, seed: 1).sample(count: 300, seed: 3)
        var index = try ExactVectorIndex(dimension: 24, metric: metric)
        try index.add(data)
        let hits = try index.search(queries: queries, k: 5)
        var sameIDs = 0
        for (q, h) in zip(queries, hits) {
            let truth = naiveTopK(data, q, k: 5, metric: metric)
            #expect(h.count == 5)
            for (a, b) in zip(h, truth) { #expect(abs(a.score - b.score) <= 2e-5 * max(1, abs(b.score))) }
            if h.map(\.id) == truth.map(\.id) { sameIDs += 1 }
        }
        #expect(sameIDs >= 297)  // near-ties may swap in the last float bit
    }

    @Test func idsAndSmallIndexes() throws {
        var index = try ExactVectorIndex(dimension: 2, metric: .innerProduct)
        try index.add([[1, 0], [0, 1], [0.5, 0.5]], ids: [10, 20, 30])
        let hits = try index.search([1, 0.2], k: 10)
        #expect(hits == [VectorHit(id: 10, score: 1), VectorHit(id: 30, score: 0.6), VectorHit(id: 20, score: 0.2)])
        let empty = try ExactVectorIndex(dimension: 2)
        #expect(try empty.search([1, 0], k: 3) == [])
    }

    @Test func rejectsBadVectors() throws {
        var index = try ExactVectorIndex(dimension: 3)
        #expect(throws: LanguageError.dimensionMismatch(what: "vector 1", expected: 3, found: 2)) { try index.add([[1, 2, 3], [1, 2]]) }
        #expect(throws: LanguageError.invalidVector(index: 0, detail: "contains nan (entries must be finite)")) { try index.add([[1, .nan, 3]]) }
        #expect(LanguageError.invalidVector(index: 2, detail: "has zero length").description == "vector 2: has zero length")
        #expect(throws: LanguageError.self) { try index.add([[0, 0, 0]]) }
        #expect(throws: LanguageError.self) { try index.add([[1, 2, 3]], ids: [1, 2]) }
        #expect(index.count == 0)
        try index.add([[1, 2, 3]])
        #expect(throws: LanguageError.dimensionMismatch(what: "query 0", expected: 3, found: 4)) { try index.search([1, 2, 3, 4], k: 1) }
        #expect(throws: LanguageError.self) { try index.search([.infinity, 0, 0], k: 1) }
        #expect(throws: LanguageError.self) { try index.search([1, 0, 0], k: 0) }
        #expect(throws: LanguageError.self) { try ExactVectorIndex(dimension: 0) }
    }
}

@Suite struct HNSWIndexTests {
    // Clusters varying along 16 of 64 directions: hard enough that a small efSearch loses neighbours.
    static let model = ClusteredVectors(dimension: 64, clusters: 32, intrinsicDimension: 16, spread: 0.4, noise: 0.05, seed: 7)
    static let data = model.sample(count: 5000, seed: 8)
    static let queries = model.sample(count: 200, seed: 9)

    static func build(threads: Int = KernelThreads.count, metric: VectorMetric = .cosine) throws -> HNSWIndex {
        var index = try HNSWIndex(dimension: 64, metric: metric, parameters: HNSWParameters(m: 12, efConstruction: 80, efSearch: 16, seed: 3))
        try KernelThreads.with(threads) { try index.add(data) }
        return index
    }

    @Test(arguments: [VectorMetric.cosine, .l2])
    func recallAgainstExactOn5kVectors(metric: VectorMetric) throws {
        let index = try Self.build(metric: metric)
        var exact = try ExactVectorIndex(dimension: 64, metric: metric)
        try exact.add(Self.data)
        let truth = try exact.search(queries: Self.queries, k: 10)
        let found = try index.search(queries: Self.queries, k: 10)
        let r = RetrievalEvaluation.neighbourRecall(found, exact: truth)
        var narrow = index
        narrow.parameters.efSearch = 10
        let rNarrow = RetrievalEvaluation.neighbourRecall(try narrow.search(queries: Self.queries, k: 10), exact: truth)
        print("HNSW recall@10 on 5,000 × 64 (\(metric)): \(r) at efSearch 16, \(rNarrow) at efSearch 10")
        #expect(rNarrow < r)  // the knob works
        #expect(r >= 0.95)
        #expect(found.allSatisfy { $0.count == 10 })
        // Scores are the same similarities the exact index reports.
        let first = try #require(found.first?.first), exactFirst = try #require(truth.first?.first)
        if first.id == exactFirst.id { #expect(abs(first.score - exactFirst.score) < 1e-5) }
    }

    @Test func buildIsDeterministicAcrossThreadCounts() throws {
        let a = try Self.build(threads: 1), b = try Self.build(threads: 2)
        #expect(a.layer0 == b.layer0)
        #expect(a.upperLinks == b.upperLinks)
        #expect(a.entryPoint == b.entryPoint)
        #expect(try a.search(queries: Self.queries, k: 5) == b.search(queries: Self.queries, k: 5))
    }

    @Test func levelsFollowTheSeed() {
        let levels = (0..<20000).map { HNSWIndex.level(of: $0, seed: 3, m: 16) }
        let above0 = Double(levels.filter { $0 > 0 }.count) / 20000
        #expect(abs(above0 - 1.0 / 16) < 0.01)  // P(level ≥ 1) = 1/m
        #expect(levels == (0..<20000).map { HNSWIndex.level(of: $0, seed: 3, m: 16) })
        #expect(levels != (0..<20000).map { HNSWIndex.level(of: $0, seed: 4, m: 16) })
    }

    @Test func incrementalAddsAndTinyIndexes() throws {
        var index = try HNSWIndex(dimension: 2, metric: .l2, parameters: HNSWParameters(m: 4, efConstruction: 16, efSearch: 8))
        #expect(try index.search([0, 0], k: 2) == [])
        try index.add([[0, 0]], ids: [100])
        #expect(try index.search([1, 1], k: 3) == [VectorHit(id: 100, score: -2)])
        try index.add((1..<50).map { [Float($0), 0] }, ids: Array(101..<150))
        let hits = try index.search([10.2, 0], k: 3)
        #expect(hits.map(\.id) == [110, 111, 109])
        #expect(throws: LanguageError.self) { try index.add([[1, 2, 3]]) }
        #expect(throws: LanguageError.self) { try index.add([[.nan, 2]]) }
        #expect(index.count == 50)
        #expect(throws: LanguageError.self) { try HNSWIndex(dimension: 2, parameters: HNSWParameters(m: 1)) }
    }

    @Test func duplicateVectorsAndInnerProduct() throws {
        // 300 copies of one vector plus a line of others: the heuristic must not disconnect or trap.
        var index = try HNSWIndex(dimension: 3, metric: .innerProduct, parameters: HNSWParameters(m: 4, efConstruction: 20, efSearch: 20))
        let data = Array(repeating: [Float(1), 0, 0], count: 300) + (0..<100).map { [0, Float($0) / 100, 1] }
        try index.add(data)
        let hits = try index.search([0, 1, 1], k: 5)
        #expect(hits.map(\.id) == [399, 398, 397, 396, 395])
        #expect(try index.search([1, 0, 0], k: 3).allSatisfy { $0.id < 300 && $0.score == 1 })
    }
}
