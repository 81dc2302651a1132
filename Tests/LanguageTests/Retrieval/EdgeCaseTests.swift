import Foundation
import Testing
@testable import Language

/// Edge cases of the retrieval side: empty indexes, k at its limits, ties, degenerate vectors, hostile files.
@Suite struct RetrievalEdgeCaseTests {
    // MARK: Exact and HNSW vector search

    @Test(arguments: VectorMetric.allCases)
    func exactIndexLimits(metric: VectorMetric) throws {
        var index = try ExactVectorIndex(dimension: 3, metric: metric)
        #expect(try index.search([1, 0, 0], k: 5) == [])  // empty index: no hits, no trap
        #expect(try index.search(queries: [], k: 5) == [])
        try index.add([[1, 0, 0], [0, 1, 0]])
        #expect(try index.search([1, 0, 0], k: Int.max).map(\.id) == [0, 1])  // k > count: every vector
        #expect(throws: LanguageError.invalidArgument("k must be positive, got 0")) { try index.search([1, 0, 0], k: 0) }
        #expect(throws: LanguageError.dimensionMismatch(what: "query 0", expected: 3, found: 2)) { try index.search([1, 0], k: 1) }
        #expect(throws: LanguageError.self) { try index.search([.nan, 0, 0], k: 1) }
        #expect(throws: LanguageError.self) { try index.add([[1, 1, 1], [0, .infinity, 0]]) }
        #expect(index.count == 2)  // nothing of a failed add is kept
        if metric == .cosine {
            #expect(throws: LanguageError.self) { try index.search([0, 0, 0], k: 1) }
            #expect(throws: LanguageError.self) { try index.add([[0, 0, 0]]) }
        } else {
            try index.add([[0, 0, 0]])  // the zero vector is a valid point for IP and L2
            let hits = try index.search([0, 0, 0], k: 3)
            #expect(hits.allSatisfy { $0.score == 0 } == (metric == .innerProduct))
            if metric == .l2 { #expect(hits.first == VectorHit(id: 2, score: 0)) }
        }
    }

    @Test(arguments: VectorMetric.allCases)
    func equalScoresComeInInsertionOrder(metric: VectorMetric) throws {
        // 40 copies (more than one GEMM tile) of one vector, added with descending ids, between two other vectors.
        var index = try ExactVectorIndex(dimension: 5, metric: metric)
        let copies = [[Float]](repeating: [0.3, -1.2, 2.5, 0.7, 1.1], count: 40)
        try index.add([[-1, -1, -1, -1, -1]] + copies + [[-5, 5, -5, 5, -5]], ids: [7] + (0..<40).map { 1000 - $0 } + [8])
        let hits = try index.search([0.3, -1.2, 2.5, 0.7, 1.1], k: 40)
        #expect(hits.map(\.id) == (0..<40).map { 1000 - $0 })
        #expect(Set(hits.map(\.score)).count == 1)
    }

    @Test func tinyVectorsNormaliseWithoutNaN() throws {
        // 1/‖v‖ for the smallest subnormal overflows Float32; the stored row must still be (1, 0, 0).
        for metric in [VectorMetric.cosine] {
            var exact = try ExactVectorIndex(dimension: 3, metric: metric)
            try exact.add([[Float.leastNonzeroMagnitude, 0, 0], [0, 1, 0]])
            #expect(Array(exact.vectors.prefix(3)) == [1, 0, 0])
            #expect(try exact.search([1, 0, 0], k: 2) == [VectorHit(id: 0, score: 1), VectorHit(id: 1, score: 0)])
            #expect(try exact.search([0, Float.leastNonzeroMagnitude, 0], k: 1) == [VectorHit(id: 1, score: 1)])
            var hnsw = try HNSWIndex(dimension: 3, metric: metric)
            try hnsw.add([[Float.leastNonzeroMagnitude, 0, 0], [0, 1, 0]])
            #expect(try hnsw.search([1, 0, 0], k: 2) == [VectorHit(id: 0, score: 1), VectorHit(id: 1, score: 0)])
        }
    }

    @Test func vectorsWhoseScoresWouldOverflowAreRejected() throws {
        var ip = try ExactVectorIndex(dimension: 2, metric: .innerProduct)
        // 3e38·3e38 overflows Float32: an inner product of inf − inf is NaN, and a NaN row is silently dropped.
        #expect(throws: LanguageError.self) { try ip.add([[3e38, -3e38]]) }
        var l2 = try HNSWIndex(dimension: 2, metric: .l2)
        #expect(throws: LanguageError.self) { try l2.add([[1e20, 0]]) }
        try l2.add([[1, 0]])
        #expect(throws: LanguageError.self) { try l2.search([1e20, 0], k: 1) }
        // Just inside the bound (‖v‖² = 8.1e37 ≤ Float.max / 4 ≈ 8.5e37) scores stay finite.
        try ip.add([[9e18, 0], [0, 1]])
        let hits = try ip.search([9e18, 0], k: 2)
        #expect(hits.map(\.id) == [0, 1])
        #expect(hits[0].score == Float(9e18) * Float(9e18))  // 8.1e37, finite
        var big = try ExactVectorIndex(dimension: 2, metric: .l2)
        try big.add([[9e18, 0], [-9e18, 0]])
        let far = try big.search([9e18, 0], k: 2)
        #expect(far.map(\.id) == [0, 1])
        #expect(far.allSatisfy { $0.score.isFinite })
        // Cosine normalises first, so large entries are fine there.
        var cos = try ExactVectorIndex(dimension: 2, metric: .cosine)
        try cos.add([[3e38, 3e38]])
        #expect(try cos.search([1, 1], k: 1).first?.id == 0)
    }

    @Test(arguments: VectorMetric.allCases)
    func hnswIndexLimits(metric: VectorMetric) throws {
        var index = try HNSWIndex(dimension: 2, metric: metric, parameters: HNSWParameters(m: 4, efConstruction: 8, efSearch: 2))
        #expect(try index.search([1, 0], k: 3) == [])  // empty
        let points: [[Float]] = (0..<30).map { i in [Float(cos(Double(i) * 0.2)), Float(sin(Double(i) * 0.2))] }
        try index.add(points)
        // k = Int.max used to overflow the search heaps' capacity (efSearch raised to k) and trap.
        let all = try index.search([1, 0], k: Int.max)
        #expect(all.count == 30)
        #expect(Set(all.map(\.id)) == Set(0..<30))
        #expect(all.first?.id == 0)
        #expect(try index.search([1, 0], k: 1_000_000).count == 30)
        #expect(throws: LanguageError.self) { try index.search([1, 0], k: 0) }
        #expect(throws: LanguageError.self) { try index.search([1, 0, 0], k: 1) }
        #expect(throws: LanguageError.self) { try index.search([.nan, 0], k: 1) }
    }

    @Test func hnswWithManyDuplicatesStillFindsTheOthers() throws {
        var index = try HNSWIndex(dimension: 3, metric: .l2, parameters: HNSWParameters(m: 4, efConstruction: 16, efSearch: 8))
        try index.add([[Float]](repeating: [1, 1, 1], count: 200) + [[-5, 0, 0], [0, 7, 0]])
        #expect(try index.search([-5, 0, 0], k: 1) == [VectorHit(id: 200, score: 0)])
        #expect(try index.search([0, 7, 0], k: 1) == [VectorHit(id: 201, score: 0)])
    }

    // MARK: Save and load

    @Test func emptyIndexesRoundTrip() throws {
        let dir = temporaryDirectory("edge-empty")
        defer { try? FileManager.default.removeItem(at: dir) }
        let e = try ExactVectorIndex(dimension: 4, metric: .l2)
        try e.save(to: dir.appendingPathComponent("e.slindex"))
        let e2 = try ExactVectorIndex.load(from: dir.appendingPathComponent("e.slindex"))
        #expect(e2.count == 0 && e2.dimension == 4 && e2.metric == .l2)
        #expect(try e2.search([1, 2, 3, 4], k: 3) == [])
        let h = try HNSWIndex(dimension: 4)
        try h.save(to: dir.appendingPathComponent("h.slindex"))
        var h2 = try HNSWIndex.load(from: dir.appendingPathComponent("h.slindex"))
        #expect(h2.count == 0)
        #expect(try h2.search([1, 2, 3, 4], k: 3) == [])
        try h2.add([[1, 0, 0, 0], [0, 1, 0, 0]])  // a loaded empty graph accepts nodes
        #expect(try h2.search([0, 1, 0, 0], k: 1).first?.id == 1)
        let b = try BM25Index()
        try b.save(to: dir.appendingPathComponent("b.slindex"))
        let b2 = try BM25Index.load(from: dir.appendingPathComponent("b.slindex"))
        #expect(b2.count == 0)
        #expect(try b2.search("anything", k: 3) == [])
    }

    @Test func hnswLinkToANodeBelowItsLevelIsRejected() throws {
        // Valid checksums, every id in range, but a level-1 list links to a node that only exists on level 0:
        // search would read that node's (non-existent) level-1 list outside the link storage.
        var index = try HNSWIndex(dimension: 2, parameters: HNSWParameters(m: 2, efConstruction: 8))
        try index.add((0..<64).map { i in [Float(cos(Double(i))), Float(sin(Double(i)))] })
        let upper = try #require(index.levels.firstIndex { $0 >= 1 })
        let ground = try #require(index.levels.firstIndex { $0 == 0 })
        let list = index.upperOffsets[upper]
        index.upperLinks[list] = 1
        index.upperLinks[list + 1] = Int32(ground)
        let dir = temporaryDirectory("edge-hnsw-level")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("h.slindex")
        try index.save(to: url)
        #expect(throws: LanguageError.self) { try HNSWIndex.load(from: url) }
    }

    // MARK: BM25

    @Test func bm25EdgeQueries() throws {
        var index = try BM25Index()
        #expect(try index.search("apple", k: 3) == [])  // empty index
        #expect(index.averageLength == 0)
        try index.add(["apple banana", "apple cherry cherry", "apple", "--- !!"], ids: [10, 11, 12, 13])
        #expect(index.averageLength == 1.5)  // the last document has no terms: length 0
        #expect(try index.search("", k: 3) == [])
        #expect(try index.search("the of and", k: 3) == [])  // stopwords only
        #expect(try index.search("zzz qqq", k: 3) == [])  // unknown terms only
        #expect(throws: LanguageError.self) { try index.search("apple", k: 0) }
        // numpy, with N=4, lengths [2, 3, 1, 0], avgdl 1.5, k1 1.2, b 0.75:
        //   idf = log(1 + (N - df + .5) / (df + .5));  s = idf·tf·2.2 / (tf + 1.2·(.25 + .75·len/1.5))
        //   "apple"       -> [0.31387395066608453, 0.2531241537629714, 0.4129920403501113, 0.0]
        //   "cherry zzz"  -> [0.0, 1.2920683753741755, 0.0, 0.0]
        let apple = try index.search("apple", k: 10)
        #expect(apple.map(\.id) == [12, 10, 11])  // the empty document contains no query term: not a hit
        for (hit, want) in zip(apple, [0.4129920403501113, 0.31387395066608453, 0.2531241537629714]) {
            #expect(abs(hit.score - want) < 1e-12)
        }
        let cherry = try index.search("cherry zzz", k: 10)
        #expect(cherry.map(\.id) == [11])
        #expect(abs(cherry[0].score - 1.2920683753741755) < 1e-12)
        let s = index.scores("")
        #expect(s == [0, 0, 0, 0])
    }

    @Test func termInEveryDocumentAndTies() throws {
        var index = try BM25Index()
        try index.add(["x y", "x z", "x"])
        // idf = log(1 + 0.5 / 3.5) > 0 (Lucene's idf never goes negative); numpy gives
        // [0.12343237973695365, 0.12343237973695365, 0.15965709987714657]
        #expect(abs(index.idf(documentFrequency: 3) - log(1 + 0.5 / 3.5)) < 1e-15)
        let hits = try index.search("x", k: 3)
        #expect(hits.map(\.id) == [2, 0, 1])  // equal scores: earlier document first
        #expect(abs(hits[0].score - 0.15965709987714657) < 1e-12)
        #expect(hits[1].score == hits[2].score)
        #expect(abs(hits[1].score - 0.12343237973695365) < 1e-12)
        #expect(try index.search("x", k: Int.max).count == 3)
        var empties = try BM25Index()
        try empties.add(["", "...", "the"])
        #expect(empties.averageLength == 0)
        #expect(try empties.search("the dot", k: 2) == [])
        #expect(empties.scores("dot") == [0, 0, 0])
    }

    // MARK: Fusion

    @Test func fusionWhenOneSideIsEmpty() throws {
        let one = try ReciprocalRankFusion.fuse([[], [3, 1]])
        #expect(one == [FusedHit(id: 3, score: 1.0 / 61), FusedHit(id: 1, score: 1.0 / 62)])
        #expect(try ReciprocalRankFusion.fuse([[], []]) == [])
        #expect(try ReciprocalRankFusion.fuse([]) == [])
        #expect(try ReciprocalRankFusion.fuse([[1, 2]], limit: 0) == [])
        #expect(throws: LanguageError.self) { try ReciprocalRankFusion.fuse([[1, 2]], limit: -1) }
        // A repeated id counts at its first rank only; equal scores with equal best ranks: smaller id first.
        #expect(try ReciprocalRankFusion.fuse([[5, 5, 6]]) == [FusedHit(id: 5, score: 1.0 / 61), FusedHit(id: 6, score: 1.0 / 63)])
        #expect(try ReciprocalRankFusion.fuse([[2, 1], [1, 2]]).map(\.id) == [1, 2])
    }

    @Test func documentIndexEdgeCases() throws {
        let embedder = try HashingEmbedder(dimension: 64)
        // Fusion settings that load(from:) rejects are rejected at build, not after save.
        #expect(throws: LanguageError.self) {
            try DocumentIndex.build(documents: DocumentIndexTests.docs, embedder: embedder, configuration: .init(fusionDepth: 0))
        }
        #expect(throws: LanguageError.self) {
            try DocumentIndex.build(documents: DocumentIndexTests.docs, embedder: embedder, configuration: .init(fusionK: -1))
        }
        // No documents at all: every mode answers nothing, and the empty index round-trips.
        for dense in [DenseIndexKind.exact, .hnsw(HNSWParameters())] {
            let empty = try DocumentIndex.build(documents: [("a.txt", ""), ("b.txt", " \n\n ")], embedder: embedder,
                                                configuration: .init(dense: dense))
            #expect(empty.chunks.isEmpty)
            for mode in SearchMode.allCases { #expect(try empty.search("moon", k: 3, mode: mode) == []) }
            let dir = temporaryDirectory("edge-docs")
            defer { try? FileManager.default.removeItem(at: dir) }
            try empty.save(to: dir.appendingPathComponent("i"))
            let loaded = try DocumentIndex.load(from: dir.appendingPathComponent("i"), embedder: embedder)
            for mode in SearchMode.allCases { #expect(try loaded.search("moon", k: 3, mode: mode) == []) }
        }
        let index = try DocumentIndex.build(documents: DocumentIndexTests.docs, embedder: embedder)
        // Lexical side empty (unknown word): hybrid is the dense ranking.
        let dense = try index.search("zyxwv", k: 3, mode: .dense)
        let hybrid = try index.search("zyxwv", k: 3, mode: .hybrid)
        #expect(try index.search("zyxwv", k: 3, mode: .lexical) == [])
        #expect(dense.count == 3)
        #expect(hybrid.map(\.chunk) == dense.map(\.chunk))
        #expect(hybrid.first.map { abs($0.score - 1.0 / 61) < 1e-15 } == true)
        // Both sides empty (stopwords only: zero query embedding): nothing, not an error.
        for mode in SearchMode.allCases { #expect(try index.search("the of", k: 3, mode: mode) == []) }
        #expect(try index.search("moon", k: Int.max, mode: .hybrid).first?.source == "space.md")
    }

    // MARK: Chunking

    @Test func chunkingLimits() throws {
        let c = try TextChunker(wordsPerChunk: 3, overlap: 2)
        #expect(c.chunks(of: "", source: "s") == [])
        #expect(c.chunks(of: " \n\n\t ", source: "s") == [])
        #expect(TextChunker.paragraphs(of: "") == [])
        // Overlap at its maximum (wordsPerChunk − 1): one word of progress per chunk.
        #expect(c.chunks(of: "a b c d e", source: "s").map(\.text) == ["a b c", "b c d", "c d e"])
        #expect(c.chunks(of: "a b", source: "s") == [TextChunk(source: "s", text: "a b", start: 0, end: 3)])
        #expect(throws: LanguageError.self) { try TextChunker(wordsPerChunk: 3, overlap: 3) }
        #expect(throws: LanguageError.self) { try TextChunker(wordsPerChunk: 3, overlap: -1) }
        #expect(throws: LanguageError.self) { try TextChunker(wordsPerChunk: 0, overlap: 0) }
        let one = try TextChunker(wordsPerChunk: 1, overlap: 0)
        #expect(one.chunks(of: "ab  c\n\nd", source: "s") == [
            TextChunk(source: "s", text: "ab", start: 0, end: 2), TextChunk(source: "s", text: "c", start: 4, end: 5),
            TextChunk(source: "s", text: "d", start: 7, end: 8),
        ])
        // One very long word is one chunk, whole.
        let long = String(repeating: "é", count: 100_000)
        let chunks = try TextChunker(wordsPerChunk: 5, overlap: 4).chunks(of: "  " + long + "\n", source: "s")
        #expect(chunks.count == 1)
        #expect(chunks.first?.start == 2 && chunks.first?.end == 100_002)
        #expect(chunks.first?.text == long)
    }
}

@Suite struct HNSWParameterChangeTests {
    @Test func efSearchChangesAnytimeAndMOnlyWhileEmpty() throws {
        var index = try HNSWIndex(dimension: 2, parameters: HNSWParameters(m: 4))
        index.parameters.m = 8  // empty: allowed
        try index.add([[1, 0], [0, 1], [1, 1]])
        #expect(index.parameters.m == 8)
        index.parameters.efSearch = 1
        #expect(try index.search([1, 0.1], k: 3).map(\.id) == [0, 2, 1])  // ef is raised to k
        index.parameters.efSearch = 200
        #expect(try index.search([1, 0.1], k: 3).map(\.id) == [0, 2, 1])
    }

    @Test func changingMOnABuiltGraphTraps() async {
        await #expect(processExitsWith: .failure) {
            var index = try HNSWIndex(dimension: 2, parameters: HNSWParameters(m: 4))
            try index.add([[1, 0], [0, 1]])
            index.parameters.m = 16
        }
    }
}

@Suite struct StoredVectorBoundTests {
    @Test func overlongStoredVectorsAreRejectedOnLoad() throws {
        // Valid checksums, finite floats, but a row whose inner products overflow Float32.
        let dir = temporaryDirectory("edge-overlong")
        defer { try? FileManager.default.removeItem(at: dir) }
        var index = try ExactVectorIndex(dimension: 2, metric: .innerProduct)
        try index.add([[1, 2], [3, 4]])
        let url = dir.appendingPathComponent("e.slindex")
        try index.save(to: url)
        #expect(try ExactVectorIndex.load(from: url).vectors == [1, 2, 3, 4])
        var file = IndexFileWriter(kind: "EXCT")
        var meta = ByteWriter()
        StoredVectors(dimension: 2, metric: .innerProduct, vectors: [1, 2, 3e38, 3e38], ids: [0, 1]).write(into: &file, meta: &meta)
        file.add("META", meta)
        try file.write(to: url)
        #expect(throws: LanguageError.self) { try ExactVectorIndex.load(from: url) }
    }
}
