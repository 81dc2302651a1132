// A model-free text embedder: feature hashing of words and word pairs.
//
// Why it exists: it needs no weights, is instant and deterministic, and is a real (if lexical) dense
// representation, so semantic-search plumbing can be built, tested and used where no pretrained encoder is
// available. It finds texts that share words and word pairs; it cannot know that "car" and "automobile" are
// related — that is what a trained encoder (all-MiniLM-L6-v2) adds.
import Foundation

/// Embeds text as a signed feature-hashed bag of words and word bigrams, L2-normalised (scikit-learn's
/// `HashingVectorizer` idea, with bigrams and sublinear counts).
///
/// Each term of the ``TextAnalyzer`` and each pair of consecutive terms is hashed (FNV-1a, 64-bit, over its
/// UTF-8 bytes: stable across runs and platforms) to a coordinate and a sign; a coordinate's net count c becomes
/// sign(c)·(1 + ln|c|); the vector is then scaled to unit length. A text without terms embeds as the zero vector.
public struct HashingEmbedder: TextEmbedder, Equatable {
    public let dimension: Int
    public let analyzer: TextAnalyzer
    public let includesBigrams: Bool

    public init(dimension: Int = 1024, analyzer: TextAnalyzer = TextAnalyzer(), includesBigrams: Bool = true) throws(LanguageError) {
        guard dimension > 0 else { throw .invalidArgument("HashingEmbedder dimension must be positive, got \(dimension)") }
        self.dimension = dimension
        self.analyzer = analyzer
        self.includesBigrams = includesBigrams
    }

    public func embed(_ texts: [String]) throws -> [[Float]] {
        texts.map(embedOne)
    }

    func embedOne(_ text: String) -> [Float] {
        var counts = [Int](repeating: 0, count: dimension)
        let terms = analyzer.terms(text)
        func add(_ bytes: some Sequence<UInt8>) {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
            counts[Int(h % UInt64(dimension))] += (h >> 63) == 0 ? 1 : -1
        }
        for (i, t) in terms.enumerated() {
            add(t.utf8)
            if includesBigrams && i > 0 { add(terms[i - 1].utf8 + [0x20] + t.utf8) }
        }
        var v = counts.map { c -> Float in c == 0 ? 0 : Float(c.signum()) * (1 + log(Float(abs(c)))) }
        var s: Float = 0
        for x in v { s += x * x }
        if s > 0 {
            let inv = 1 / s.squareRoot()
            for i in v.indices { v[i] *= inv }
        }
        return v
    }
}
