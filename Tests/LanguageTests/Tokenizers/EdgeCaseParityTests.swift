// Edge-case parity with Hugging Face `tokenizers` 0.23.3: hand-picked inputs that real users send (Unicode
// spaces, controls and NUL, Turkish / German / Greek casing, combining marks in NFD and NFC, CJK, emoji outside
// the BMP, ZWJ, every ASCII symbol and each Unicode punctuation class, words at and past
// max_input_chars_per_word, empty and whitespace-only text, special tokens typed in the text, pair truncation
// at tiny lengths, batches with padding), through all-MiniLM-L6-v2's tokenizer.json, the same vocabulary under
// the other BertNormalizer settings, and the byte-level BPE fixture with lstrip / rstrip / single_word added
// tokens. Expected values: Tests/Fixtures/language/tokenizers/edge_cases.json, made by
// scripts/reference/make_tokenizer_edge_fixtures.py.
import Foundation
import Language
import Testing
import TestSupport

struct EdgeCaseFixture: Decodable {
    struct Normalizer: Decodable {
        var clean_text: Bool
        var handle_chinese_chars: Bool
        var strip_accents: Bool?
        var lowercase: Bool
    }

    struct Truncation: Decodable {
        var max_length: Int
        var strategy: String
        var direction: String
    }

    struct Padding: Decodable {
        var length: Int?
        var direction: String
        var pad_to_multiple_of: Int?
    }

    // The same case and encoding records as the WordPiece fixture's.
    typealias Expected = WordPieceFixture.Expected
    typealias Case = WordPieceFixture.Case

    struct Group: Decodable {
        var name: String
        var tokenizer: String
        var normalizer: Normalizer?
        var truncation: Truncation?
        var padding: Padding?
        var add_special_tokens: Bool
        var cases: [Case]
    }

    var groups: [Group]
}

/// Scalars as code points, so a failure shows what the invisible characters were.
private func show(_ s: String) -> String {
    s.count > 40 ? "\(s.prefix(12).debugDescription)… (\(s.unicodeScalars.count) scalars)"
        : s.debugDescription + " " + s.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
}

@Suite("Tokenizer edge cases: parity with Hugging Face tokenizers")
struct EdgeCaseParityTests {
    /// The group's tokenizer with its truncation and padding; `loaded` keeps the parsed files between groups.
    static func tokenizer(for g: EdgeCaseFixture.Group, loaded: inout [String: WordPieceTokenizer]) throws -> any Tokenizer {
        let side = { (d: String) -> TokenizerSide in d == "left" ? .left : .right }
        let truncation = g.truncation.map { t in
            TokenizerTruncation(maxLength: t.max_length,
                                strategy: t.strategy == "only_first" ? .onlyFirst : t.strategy == "only_second" ? .onlySecond : .longestFirst,
                                direction: side(t.direction))
        }
        let padding = g.padding.map { p in
            TokenizerPadding(length: p.length.map { .fixed($0) } ?? .longest, direction: side(p.direction), padToMultipleOf: p.pad_to_multiple_of)
        }
        if g.tokenizer == "bpe" {
            var t = try BPETokenizer(contentsOf: Fixtures.url("language/tokenizers/bpe-options.json"))
            t.truncation = truncation
            t.padding = padding
            return t
        }
        let key = "\(g.tokenizer) \(g.normalizer.map { "\($0)" } ?? "")"
        var t: WordPieceTokenizer
        if let cached = loaded[key] {
            t = cached
        } else if g.tokenizer == "bert+added" {
            t = try Self.withExtraAddedTokens()
        } else if let n = g.normalizer {
            // The same vocabulary and specials as the tokenizer.json, with other normalizer settings.
            t = try WordPieceTokenizer(vocabularyFile: Fixtures.url("language/tokenizers/bert-vocab.txt"),
                                       options: BertNormalizerOptions(cleanText: n.clean_text, handleChineseChars: n.handle_chinese_chars,
                                                                      stripAccents: n.strip_accents, lowercase: n.lowercase))
        } else {
            t = try fixtureWordPiece()
        }
        loaded[key] = t
        t.truncation = truncation
        t.padding = padding
        return t
    }

    /// all-MiniLM-L6-v2's tokenizer.json with the fixture's extra_added_tokens (the script's EXTRA_ADDED) appended
    /// to its added_tokens, as the script does.
    static func withExtraAddedTokens() throws -> WordPieceTokenizer {
        let fixture = try Data(contentsOf: Fixtures.url("language/tokenizers/edge_cases.json"))
        let extra = try #require((try JSONSerialization.jsonObject(with: fixture) as? [String: Any])?["extra_added_tokens"] as? [[String: Any]])
        let data = try Data(contentsOf: Fixtures.url("language/tokenizers/bert-uncased-tokenizer.json"))
        var root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let added = try #require(root["added_tokens"] as? [[String: Any]])
        root["added_tokens"] = added + extra
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlearn-edge-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: root).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try WordPieceTokenizer(contentsOf: url)
    }

    static func encodeBatch(_ t: any Tokenizer, _ texts: [String], pairs: [String]?, addSpecialTokens: Bool) -> [Encoding] {
        if let pairs {
            if let w = t as? WordPieceTokenizer { return w.encodeBatch(texts, pairs: pairs, addSpecialTokens: addSpecialTokens) }
        }
        return t.encodeBatch(texts)
    }

    /// Every case of every group whose name passes `include`; returns the number of cases checked.
    static func check(_ include: (EdgeCaseFixture.Group) -> Bool) throws -> Int {
        let fixture = try Fixtures.json("language/tokenizers/edge_cases.json", as: EdgeCaseFixture.self)
        var checked = 0
        var loaded: [String: WordPieceTokenizer] = [:]
        for g in fixture.groups where include(g) {
            let t = try tokenizer(for: g, loaded: &loaded)
            for c in g.cases {
                if let texts = c.texts, let expected = c.encodings {
                    let got = encodeBatch(t, texts, pairs: c.pairs, addSpecialTokens: g.add_special_tokens)
                    #expect(got.count == expected.count, "\(g.name): \(texts)")
                    for (e, x) in zip(got, expected) {
                        #expect(e.ids == x.ids, "\(g.name): \(texts.map(show)) / \(c.pairs ?? [])")
                        #expect(digits(e.typeIds) == x.type_ids && digits(e.attentionMask) == x.attention_mask
                                && digits(e.specialTokensMask) == x.special_tokens_mask, "\(g.name): \(texts.map(show))")
                    }
                    checked += 1
                    continue
                }
                let text = try #require(c.text)
                let what = "\(g.name): \(show(text))" + (c.pair.map { " / " + show($0) } ?? "")
                let e = t.encode(text, pair: c.pair, addSpecialTokens: g.add_special_tokens)
                #expect(e.ids == c.ids, "\(what): tokens \(e.tokens)")
                #expect(digits(e.typeIds) == c.type_ids, "\(what): type ids")
                #expect(digits(e.attentionMask) == c.attention_mask, "\(what): attention mask")
                #expect(digits(e.specialTokensMask) == c.special_tokens_mask, "\(what): special tokens mask")
                if let d = c.decoded {
                    #expect(t.decode(e.ids, skipSpecialTokens: true).utf8Bytes == d.utf8Bytes, "\(what): decode")
                }
                if let d = c.decoded_with_special {
                    #expect(t.decode(e.ids, skipSpecialTokens: false).utf8Bytes == d.utf8Bytes, "\(what): decode with specials")
                }
                checked += 1
            }
        }
        return checked
    }

    @Test("all-MiniLM-L6-v2 tokenizer.json: edge-case texts, with and without special tokens, and pairs")
    func miniLM() throws {
        #expect(try Self.check { $0.tokenizer == "bert" && $0.normalizer == nil && $0.truncation == nil && $0.padding == nil } >= 400)
    }

    @Test("added tokens on a BERT tokenizer: normalized ones match their normalized form; lstrip/rstrip; single_word")
    func addedTokens() throws {
        #expect(try Self.check { $0.tokenizer == "bert+added" } >= 80)
    }

    @Test("BertNormalizer settings: cased, strip_accents without lowercase, lowercase without it, no clean text, no CJK")
    func normalizerSettings() throws {
        #expect(try Self.check { $0.normalizer != nil } >= 6 * 300)
    }

    @Test("truncation of singles and pairs at lengths 0…10, every strategy and direction")
    func truncation() throws {
        #expect(try Self.check { $0.truncation != nil && $0.padding == nil } >= 500)
    }

    @Test("batches padded to the longest, a fixed length, a multiple, on either side")
    func batchPadding() throws {
        #expect(try Self.check { $0.padding != nil } >= 50)
    }

    @Test("byte-level BPE with lstrip / rstrip / single_word added tokens: edge-case texts and pairs")
    func byteLevelBPE() throws {
        #expect(try Self.check { $0.tokenizer == "bpe" } >= 400)
    }

    @Test("added tokens, spelled out: normalized match, Unicode-space lstrip/rstrip, \\w for single_word")
    func addedTokenLiterals() throws {
        var t = try Self.withExtraAddedTokens()
        t.padding = nil
        // tok = load("bert+added") in make_tokenizer_edge_fixtures.py; tok.no_padding()
        // tok.encode("NewWord is here").ids                -> [101, 30522, 2003, 2182, 102]
        #expect(t.encode("NewWord is here").ids == [101, 30522, 2003, 2182, 102])
        // tok.decode(tok.encode("NEWWORD").ids)             -> "newword"
        #expect(t.decode(t.encode("NEWWORD").ids, skipSpecialTokens: true) == "newword")
        // tok.encode("ANGSTRÖM").ids                       -> [101, 30523, 102]
        #expect(t.encode("ANGSTRÖM").ids == [101, 30523, 102])
        // tok.encode("a\u3000<tag>\u3000b").ids          -> [101, 1037, 30525, 1038, 102]
        #expect(t.encode("a\u{3000}<tag>\u{3000}b").ids == [101, 1037, 30525, 1038, 102])
        // tok.encode("xyzzy²").ids, tok.encode("xyzzy‿").ids -> [101, 30526, 1082, 102], [101, 1060, 2100, 28753, 1534, 102]
        #expect(t.encode("xyzzy²").ids == [101, 30526, 1082, 102])
        #expect(t.encode("xyzzy‿").ids == [101, 1060, 2100, 28753, 1534, 102])
        // tok.encode("xyzzyq").ids                          -> [101, 1060, 2100, 28753, 4160, 102] (no "xyz" inside)
        #expect(t.encode("xyzzyq").ids == [101, 1060, 2100, 28753, 4160, 102])
    }

    @Test("the cached all-MiniLM-L6-v2 tokenizer.json gives the fixture's ids on the edge cases",
          .enabled(if: ModelCache.miniLM != nil, "run scripts/fetch-models.sh"))
    func cachedModel() throws {
        let folder = try #require(ModelCache.miniLM)
        let cached = try #require(try TokenizerFile.load(contentsOf: folder.appendingPathComponent("tokenizer.json")) as? WordPieceTokenizer)
        let fixture = try Fixtures.json("language/tokenizers/edge_cases.json", as: EdgeCaseFixture.self)
        var checked = 0
        for g in fixture.groups where g.tokenizer == "bert" && g.normalizer == nil && g.truncation == nil && g.padding == nil {
            var t = cached
            t.truncation = nil
            t.padding = nil
            for c in g.cases {
                let text = try #require(c.text)
                #expect(t.encode(text, pair: c.pair, addSpecialTokens: g.add_special_tokens).ids == c.ids, "\(g.name): \(show(text))")
                checked += 1
            }
        }
        #expect(checked >= 400)
    }
}
