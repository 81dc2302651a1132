import Foundation
import Language
import TestSupport

/// minilm_embeddings.json (scripts/reference/make_minilm_fixtures.py): token ids from the Python tokenizer and
/// sentence-transformers' normalised embeddings of all-MiniLM-L6-v2.
struct MiniLMFixture: Decodable {
    struct Sentence: Decodable {
        let text: String
        let ids: [Int]
        let attention_mask: [Int]
        let embedding: [Float]
    }
    struct Text: Decodable {
        let text: String
        let ids: [Int]
    }
    struct Retrieval: Decodable {
        let queries: [Text]
        let passages: [Text]
        let top3: [[Int]]
    }
    let max_seq_length: Int
    let sentences: [Sentence]
    let retrieval: Retrieval

    static func load() throws -> MiniLMFixture { try Fixtures.json("language/minilm/minilm_embeddings.json") }

    /// A tokenizer that answers with the Python tokenizer's ids for the fixture's texts.
    var tokenizer: RecordedIdsTokenizer {
        var table: [String: [Int]] = [:]
        for s in sentences { table[s.text] = s.ids }
        for t in retrieval.queries + retrieval.passages { table[t.text] = t.ids }
        return RecordedIdsTokenizer(table: table)
    }
}

/// A test stand-in for the WordPiece tokenizer: looks texts up in ids recorded from the Python tokenizer
/// (`special` ids, [CLS] = 101 and [SEP] = 102 by default, get specialTokensMask 1). Unknown texts encode to
/// the special tokens.
struct RecordedIdsTokenizer: Tokenizer {
    let table: [String: [Int]]
    var special: Set<Int> = [101, 102]

    func encode(_ text: String, pair: String?, addSpecialTokens: Bool) -> Encoding {
        let ids = table[text] ?? special.sorted()
        return Encoding(ids: ids, typeIds: ids.map { _ in 0 }, attentionMask: ids.map { _ in 1 },
                        tokens: ids.map(String.init), specialTokensMask: ids.map { special.contains($0) ? 1 : 0 })
    }

    func decode(_ ids: [Int], skipSpecialTokens: Bool) -> String { ids.map(String.init).joined(separator: " ") }

    var vocabularySize: Int { 30522 }
}

func embeddingCosine(_ a: [Float], _ b: [Float]) -> Double {
    var dot = 0.0, na = 0.0, nb = 0.0
    for (x, y) in zip(a, b) {
        dot += Double(x) * Double(y)
        na += Double(x) * Double(x)
        nb += Double(y) * Double(y)
    }
    return dot / (na.squareRoot() * nb.squareRoot())
}
