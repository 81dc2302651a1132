// The normalizer and pre-tokenizers on their own against Hugging Face's (normalize_str / pre_tokenize_str), for
// option combinations the end-to-end fixtures do not reach (cased BERT, no clean-text, accents kept, …).
import Foundation
@testable import Language
import Testing
import TestSupport

struct ComponentFixture: Decodable {
    struct Normalizer: Decodable {
        var clean_text: Bool
        var handle_chinese_chars: Bool
        var strip_accents: Bool?
        var lowercase: Bool
        var outputs: [String]
    }

    var texts: [String]
    var normalizers: [Normalizer]
    var pre_tokenizers: [String: [[String]]]
}

@Suite("Tokenizer components")
struct ComponentTests {
    let fixture = Result { try Fixtures.json("language/tokenizers/component_cases.json", as: ComponentFixture.self) }

    @Test("BertNormalizer equals normalize_str under five option combinations")
    func normalizer() throws {
        let f = try fixture.get()
        #expect(f.normalizers.count == 5)
        for n in f.normalizers {
            let options = BertNormalizerOptions(cleanText: n.clean_text, handleChineseChars: n.handle_chinese_chars,
                                                stripAccents: n.strip_accents, lowercase: n.lowercase)
            let normalizer = BertNormalizer(options)
            for (text, expected) in zip(f.texts, n.outputs) {
                var out: [UInt8] = []
                var t = text
                t.withUTF8 { normalizer.normalize($0, into: &out) }
                #expect(out == expected.utf8Bytes, "\(options): \(text.debugDescription)")
            }
        }
    }

    @Test("BertPreTokenizer and ByteLevel (GPT-2 regex) split as pre_tokenize_str")
    func preTokenizers() throws {
        let f = try fixture.get()
        let bert = try #require(f.pre_tokenizers["bert"])
        for (text, expected) in zip(f.texts, bert) {
            var words: [String] = []
            var t = text
            t.withUTF8 { b in BertPreTokenizer.split(b) { s, e in words.append(String(decoding: b[s..<e], as: UTF8.self)) } }
            #expect(words.map(\.utf8Bytes) == expected.map(\.utf8Bytes), "\(text.debugDescription)")
        }
        for prefix in [false, true] {
            let expectedSplits = try #require(f.pre_tokenizers["byte_level_prefix_\(prefix)"])
            for (text, expected) in zip(f.texts, expectedSplits) {
                var bytes = Array(text.utf8)
                if prefix && bytes.first != 32 { bytes.insert(32, at: 0) }
                var pieces: [String] = []
                bytes.withUnsafeBufferPointer { b in
                    ByteLevelPreTokenizer.split(b) { s, e in
                        var mapped: [UInt8] = []
                        ByteLevelMap.map(b.baseAddress! + s, e - s, into: &mapped)
                        pieces.append(String(decoding: mapped, as: UTF8.self))
                    }
                }
                #expect(pieces.map(\.utf8Bytes) == expected.map(\.utf8Bytes), "prefix \(prefix): \(text.debugDescription)")
            }
        }
    }

    @Test("byte map: 256 distinct printable characters, inverse of itself")
    func byteMap() {
        let chars = ByteLevelMap.byteToScalar
        #expect(Set(chars).count == 256)
        #expect(chars[Int(UInt8(ascii: "A"))] == "A" && chars[32] == "\u{120}" && chars[10] == "\u{10A}")
        for b in 0..<256 { #expect(ByteLevelMap.scalarToByte[chars[b].value] == UInt8(b)) }
    }

    @Test("WordPiece: greedy longest match, ## pieces, [UNK] for unsegmentable and over-long words")
    func wordPieceModel() throws {
        let vocab = [("[UNK]", 0), ("un", 1), ("##aff", 2), ("##able", 3), ("unaff", 4), ("a", 5), ("##b", 6)]
        let m = try WordPieceModel(vocab: vocab, unkToken: "[UNK]", prefix: "##", maxInputCharsPerWord: 5)
        func ids(_ w: String) -> [Int] {
            var out: [Int] = []
            var w = w
            w.withUTF8 { m.tokenize($0.baseAddress!, $0.count, into: &out) }
            return out
        }
        #expect(ids("unaff") == [4])
        #expect(ids("ab") == [5, 6])
        #expect(ids("abb") == [5, 6, 6])
        #expect(ids("abc") == [0])  // no piece for "c": the whole word is [UNK]
        #expect(ids("abbbbb") == [0])  // 6 characters > 5
        #expect(ids("unaffable") == [0])  // 9 characters > 5
    }
}
