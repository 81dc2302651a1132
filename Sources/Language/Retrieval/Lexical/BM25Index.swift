// Okapi BM25 over an inverted index: the lexical half of hybrid search.
//
//   score(q, d) = Σ_{t ∈ q} idf(t) · tf(t,d)·(k1 + 1) / (tf(t,d) + k1·(1 − b + b·|d|/avgdl))
//   idf(t)      = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))          (Lucene's idf: never negative)
//
// A query term that occurs twice counts twice (as in rank_bm25 and a Lucene BooleanQuery of the same term).
// Terms come from a TextAnalyzer. The (k1 + 1) factor is the classic Okapi form; Lucene ≥ 8 drops it, which
// scales every score by a constant and does not change rankings.
import Foundation

/// BM25's two knobs.
public struct BM25Parameters: Sendable, Equatable {
    /// Term-frequency saturation: 1.2 (Lucene, Elasticsearch) to 2; larger lets repeated terms count longer.
    public var k1: Double
    /// Length normalisation: 0 (none) to 1 (full); 0.75 is the usual value.
    public var b: Double

    public init(k1: Double = 1.2, b: Double = 0.75) {
        self.k1 = k1
        self.b = b
    }

    func validate() throws(LanguageError) {
        guard k1.isFinite, k1 >= 0 else { throw .invalidArgument("BM25 k1 must be finite and ≥ 0, got \(k1)") }
        guard b.isFinite, (0...1).contains(b) else { throw .invalidArgument("BM25 b must be in [0, 1], got \(b)") }
    }
}

/// One BM25 result.
public struct LexicalHit: Sendable, Equatable, Hashable {
    /// The id the document was added with.
    public var id: Int
    /// The BM25 score (larger is better; 0 when no query term occurs).
    public var score: Double

    public init(id: Int, score: Double) {
        self.id = id
        self.score = score
    }
}

/// An inverted index scored with Okapi BM25 (Lucene's idf).
public struct BM25Index: Sendable {
    public let analyzer: TextAnalyzer
    public let parameters: BM25Parameters
    /// Term → term number.
    var vocabulary: [String: Int] = [:]
    var terms: [String] = []
    /// Per term: documents (positions) in increasing order and the term's count in each.
    var postingDocs: [[Int32]] = []
    var postingCounts: [[Int32]] = []
    var documentLengths: [Int32] = []
    var totalLength = 0
    /// The id of each document.
    public internal(set) var ids: [Int] = []

    public init(analyzer: TextAnalyzer = TextAnalyzer(), parameters: BM25Parameters = BM25Parameters()) throws(LanguageError) {
        try parameters.validate()
        self.analyzer = analyzer
        self.parameters = parameters
    }

    /// The number of documents.
    public var count: Int { ids.count }
    /// The mean document length in terms (0 when empty).
    public var averageLength: Double { ids.isEmpty ? 0 : Double(totalLength) / Double(ids.count) }

    /// Adds documents with `ids` (default: positions `count ..< count + texts.count`).
    public mutating func add(_ texts: [String], ids newIDs: [Int]? = nil) throws(LanguageError) {
        if let newIDs, newIDs.count != texts.count { throw .invalidArgument("\(texts.count) texts but \(newIDs.count) ids") }
        guard count + texts.count < Int(Int32.max) else { throw .invalidArgument("a BM25 index holds fewer than 2³¹ documents") }
        for (i, text) in texts.enumerated() {
            let doc = Int32(count)
            var counts: [String: Int32] = [:]
            let tokens = analyzer.terms(text)
            for t in tokens { counts[t, default: 0] += 1 }
            // Sorted so term numbers (and the saved file) do not depend on hash order.
            for (t, c) in counts.sorted(by: { $0.key < $1.key }) {
                let id: Int
                if let known = vocabulary[t] {
                    id = known
                } else {
                    id = terms.count
                    vocabulary[t] = id
                    terms.append(t)
                    postingDocs.append([])
                    postingCounts.append([])
                }
                postingDocs[id].append(doc)
                postingCounts[id].append(c)
            }
            documentLengths.append(Int32(tokens.count))
            totalLength += tokens.count
            ids.append(newIDs?[i] ?? Int(doc))
        }
    }

    /// Lucene's idf of a term in `df` of `count` documents.
    public func idf(documentFrequency df: Int) -> Double {
        let n = Double(count), d = Double(df)
        return log(1 + (n - d + 0.5) / (d + 0.5))
    }

    /// The BM25 score of every document (in insertion order) for `query`.
    public func scores(_ query: String) -> [Double] {
        var s = [Double](repeating: 0, count: count)
        let avg = averageLength, k1 = parameters.k1, b = parameters.b
        guard avg > 0 else { return s }
        for term in analyzer.terms(query) {
            guard let t = vocabulary[term] else { continue }
            let docs = postingDocs[t], tfs = postingCounts[t]
            let w = idf(documentFrequency: docs.count)
            for (d, c) in zip(docs, tfs) {
                let tf = Double(c)
                let norm = k1 * (1 - b + b * Double(documentLengths[Int(d)]) / avg)
                s[Int(d)] += w * tf * (k1 + 1) / (tf + norm)
            }
        }
        return s
    }

    /// The `k` best documents that contain at least one query term, best first (ties: earlier document first).
    public func search(_ query: String, k: Int) throws(LanguageError) -> [LexicalHit] {
        guard k > 0 else { throw .invalidArgument("k must be positive, got \(k)") }
        let s = scores(query)
        var matched: [Int] = []
        for term in Set(analyzer.terms(query)) {
            if let t = vocabulary[term] { matched.append(contentsOf: postingDocs[t].map(Int.init)) }
        }
        let docs = Set(matched).sorted { s[$0] > s[$1] || (s[$0] == s[$1] && $0 < $1) }
        return docs.prefix(k).map { LexicalHit(id: ids[$0], score: s[$0]) }
    }
}
