import Foundation
import Testing
import TestSupport
@testable import Language

@Suite struct TextAnalyzerTests {
    @Test func lowercasesSplitsAndDropsStopwords() {
        let a = TextAnalyzer()
        #expect(a.terms("The Quick-brown FOX, isn't it?") == ["quick", "brown", "fox", "isn", "t"])
        #expect(TextAnalyzer(removeEnglishStopwords: false).terms("The fox") == ["the", "fox"])
        #expect(a.terms("Ünïcode ÉCOLE straße x_y 3.14 ½") == ["ünïcode", "école", "straße", "x", "y", "3", "14", "½"])
        // A decomposed accent (e + U+0301) stays inside its word.
        #expect(a.terms("cafe\u{301} au lait") == ["cafe\u{301}", "au", "lait"])
        #expect(a.terms("  ,;  ") == [])
        #expect(TextAnalyzer(stopwords: ["fox"]).terms("the fox") == ["the"])
    }
}

@Suite struct BM25IndexTests {
    /// d0 = "apple banana", d1 = "apple apple cherry", d2 = "banana": N = 3, lengths 2, 3, 1, avgdl = 2.
    static func tiny() throws -> BM25Index {
        var index = try BM25Index(analyzer: TextAnalyzer(removeEnglishStopwords: false))
        try index.add(["apple banana", "apple apple cherry", "banana"])
        return index
    }

    @Test func handComputedExample() throws {
        let index = try Self.tiny()
        #expect(index.averageLength == 2)
        // "apple": df = 2, idf = ln(1 + (3 − 2 + 0.5)/(2 + 0.5)) = ln 1.6.
        //   d0: tf 1, |d| 2 → 1·2.2 / (1 + 1.2·(0.25 + 0.75·2/2)) = 2.2/2.2 = 1
        //   d1: tf 2, |d| 3 → 2·2.2 / (2 + 1.2·(0.25 + 0.75·3/2)) = 4.4/3.65
        let apple = index.scores("apple")
        #expect(abs(apple[0] - log(1.6)) < 1e-12)
        #expect(abs(apple[1] - log(1.6) * 4.4 / 3.65) < 1e-12)
        #expect(apple[2] == 0)
        // "banana cherry": banana idf ln 1.6 (df 2), cherry idf ln(1 + 2.5/1.5) = ln(8/3) (df 1).
        //   d0: ln 1.6 · 1;  d1: ln(8/3) · 2.2/(1 + 1.65);  d2: ln 1.6 · 2.2/(1 + 1.2·(0.25 + 0.75/2)) = ln 1.6 · 2.2/1.75
        let bc = index.scores("banana cherry")
        #expect(abs(bc[0] - log(1.6)) < 1e-12)
        #expect(abs(bc[1] - log(8.0 / 3) * 2.2 / 2.65) < 1e-12)
        #expect(abs(bc[2] - log(1.6) * 2.2 / 1.75) < 1e-12)
        #expect(try index.search("banana cherry", k: 10).map(\.id) == [1, 2, 0])
        #expect(try index.search("banana cherry", k: 2).map(\.id) == [1, 2])
        #expect(try index.search("durian", k: 3) == [])
        #expect(throws: LanguageError.self) { try index.search("apple", k: 0) }
    }

    struct Fixture: Decodable {
        struct Case: Decodable {
            let stopwords: Bool
            let k1: Double
            let b: Double
            let query: String
            let scores: [Double]
        }
        struct Terms: Decodable {
            let stopwords: [[String]]
            let all: [[String]]
        }
        let corpus: [String]
        let terms: Terms
        let cases: [Case]
    }

    @Test func matchesNumpyAndRankBM25Reference() throws {
        let f: Fixture = try Fixtures.json("language/retrieval/bm25.json")
        #expect(f.corpus.map(TextAnalyzer().terms) == f.terms.stopwords)
        #expect(f.corpus.map(TextAnalyzer(removeEnglishStopwords: false).terms) == f.terms.all)
        #expect(f.cases.count == 64)
        for c in f.cases {
            var index = try BM25Index(analyzer: TextAnalyzer(removeEnglishStopwords: c.stopwords), parameters: BM25Parameters(k1: c.k1, b: c.b))
            try index.add(f.corpus)
            let s = index.scores(c.query)
            #expect(s.count == c.scores.count)
            for (a, b) in zip(s, c.scores) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b)), "\(c.query) k1 \(c.k1) b \(c.b)") }
        }
    }

    @Test func rejectsBadParameters() {
        #expect(throws: LanguageError.self) { try BM25Index(parameters: BM25Parameters(k1: -1)) }
        #expect(throws: LanguageError.self) { try BM25Index(parameters: BM25Parameters(b: 1.5)) }
        #expect(throws: LanguageError.self) { try BM25Index(parameters: BM25Parameters(k1: .nan)) }
    }

    @Test func saveAndLoadGiveIdenticalScores() throws {
        let f: Fixture = try Fixtures.json("language/retrieval/bm25.json")
        var index = try BM25Index(parameters: BM25Parameters(k1: 1.5, b: 0.75))
        try index.add(f.corpus, ids: Array(100..<(100 + f.corpus.count)))
        let dir = temporaryDirectory("bm25")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("bm25.slindex")
        try index.save(to: url)
        let loaded = try BM25Index.load(from: url)
        #expect(loaded.parameters == index.parameters && loaded.analyzer == index.analyzer && loaded.ids == index.ids)
        for q in ["quick brown fox", "the dog", "café école"] {
            #expect(loaded.scores(q).map(\.bitPattern) == index.scores(q).map(\.bitPattern))
            #expect(try loaded.search(q, k: 5) == index.search(q, k: 5))
        }
        try expectHostileFilesRejected(url) { _ = try BM25Index.load(from: $0) }
    }
}

@Suite struct ReciprocalRankFusionTests {
    @Test func handExamples() throws {
        let fused = try ReciprocalRankFusion.fuse([[1, 2, 3], [3, 1, 4]])
        #expect(fused.map(\.id) == [1, 3, 2, 4])
        #expect(abs(fused[0].score - (1.0 / 61 + 1.0 / 62)) < 1e-15)
        #expect(abs(fused[1].score - (1.0 / 63 + 1.0 / 61)) < 1e-15)
        #expect(abs(fused[2].score - 1.0 / 62) < 1e-15)
        #expect(abs(fused[3].score - 1.0 / 63) < 1e-15)
        // Equal scores: the better single rank wins, then the smaller id.
        #expect(try ReciprocalRankFusion.fuse([[5, 6], [6, 5]]).map(\.id) == [5, 6])
        #expect(try ReciprocalRankFusion.fuse([[9, 7], [7, 9]]).map(\.id) == [7, 9])
        // k = 0: 1/rank; a repeated id in one list counts once; limit.
        let k0 = try ReciprocalRankFusion.fuse([[1, 1, 2]], k: 0, limit: 1)
        #expect(k0 == [FusedHit(id: 1, score: 1)])
        #expect(try ReciprocalRankFusion.fuse([]) == [])
        #expect(throws: LanguageError.self) { try ReciprocalRankFusion.fuse([[1]], k: -1) }
    }
}
