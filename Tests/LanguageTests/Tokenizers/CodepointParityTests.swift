// Every Unicode code point through BertNormalizer (uncased and cased), BertPreTokenizer and the byte-level
// regex, against Hugging Face: its tables are of other Unicode versions (categories from Unicode 8.0 for BERT,
// Oniguruma's 16.0 for the regex) than Swift's, and this pins each quirk. The fixture holds SHA-256 digests per
// block of 4,096 code points (scripts/reference/make_tokenizer_fixtures.py, codepoint_digests()).
import Foundation
@testable import Language
import Testing
import TestSupport

struct CodepointDigests: Decodable {
    var block_size: Int
    var digests: [String: [String]]
}

@Suite("Tokenizer components on every code point")
struct CodepointParityTests {
    static let fields = ["bert_uncased", "bert_cased", "bert_split", "byte_level_letter", "byte_level_number", "byte_level_space"]

    /// The six results of the script's codepoint_results(), in the same order.
    static func results(_ s: Unicode.Scalar, _ uncased: BertNormalizer, _ cased: BertNormalizer) -> [String] {
        func normalize(_ n: BertNormalizer) -> [UInt8] {
            var out: [UInt8] = []
            var t = String(s)
            t.withUTF8 { n.normalize($0, into: &out) }
            return out
        }
        func pieces(_ text: String, bert: Bool) -> String {
            var k = 0
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { b in
                if bert { BertPreTokenizer.split(b) { _, _ in k += 1 } } else { ByteLevelPreTokenizer.split(b) { _, _ in k += 1 } }
            }
            return String(k)
        }
        let c = String(s)
        return [String(decoding: normalize(uncased), as: UTF8.self), String(decoding: normalize(cased), as: UTF8.self),
                pieces("a" + c + "b", bert: true), pieces("a" + c + "a", bert: false), pieces("1" + c + "1", bert: false),
                pieces("a" + c + " a", bert: false)]
    }

    @Test("all 1,112,064 scalars: same normalization and splits as tokenizers 0.23.3")
    func everyCodepoint() throws {
        let f = try Fixtures.json("language/tokenizers/codepoint_digests.json", as: CodepointDigests.self)
        let uncased = BertNormalizer(BertNormalizerOptions())
        let cased = BertNormalizer(BertNormalizerOptions(stripAccents: false, lowercase: false))
        var mismatches: [String] = []
        for block in 0..<(0x110000 / f.block_size) {
            var buffers = [[UInt8]](repeating: [], count: Self.fields.count)
            for v in (block * f.block_size)..<((block + 1) * f.block_size) {
                guard let s = Unicode.Scalar(UInt32(v)) else { continue }
                for (k, r) in Self.results(s, uncased, cased).enumerated() {
                    buffers[k] += Array(r.utf8)
                    buffers[k].append(1)
                }
            }
            for (k, field) in Self.fields.enumerated() {
                let expected = try #require(f.digests[field]?[block])
                if String(SHA256.hexDigest(buffers[k]).prefix(16)) != expected {
                    mismatches.append("\(field) U+\(String(block * f.block_size, radix: 16, uppercase: true))…")
                }
            }
        }
        #expect(mismatches.isEmpty, "blocks that differ: \(mismatches.prefix(20))")
    }
}
