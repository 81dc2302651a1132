// WordPiece parity with Hugging Face `tokenizers` 0.23.3 on all-MiniLM-L6-v2's tokenizer.json (committed as a
// fixture): >1,000 generated lines, pairs, truncation, padding, batches and decodes
// (scripts/reference/make_tokenizer_fixtures.py).
import Foundation
import Language
import Testing
import TestSupport

struct WordPieceFixture: Decodable {
    struct Case: Decodable {
        var text: String?
        var pair: String?
        var ids: [Int]?
        var type_ids: String?
        var attention_mask: String?
        var special_tokens_mask: String?
        var decoded: String?
        var decoded_with_special: String?
        var texts: [String]?
        /// Second sequences of a batch of pairs (the edge-case fixture's batches).
        var pairs: [String]?
        var encodings: [Expected]?
    }

    struct Expected: Decodable {
        var ids: [Int]
        var type_ids: String
        var attention_mask: String
        var special_tokens_mask: String
    }

    /// The script's truncation or padding setting: null, "file", "longest", a length, or an object.
    enum Setting: Decodable, Equatable {
        case none, file, length(Int), longest
        case truncation(TokenizerTruncation)
        case padding(TokenizerPadding)

        struct Object: Decodable {
            var max_length: Int?
            var strategy: String?
            var direction: String
            var length: Int?
            var pad_to_multiple_of: Int?
        }

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .none } else if let n = try? c.decode(Int.self) { self = .length(n) }
            else if let o = try? c.decode(Object.self) {
                let side: TokenizerSide = o.direction == "left" ? .left : .right
                if let max = o.max_length {
                    let strategy: TokenizerTruncation.Strategy = o.strategy == "only_first" ? .onlyFirst
                        : o.strategy == "only_second" ? .onlySecond : .longestFirst
                    self = .truncation(TokenizerTruncation(maxLength: max, strategy: strategy, direction: side))
                } else {
                    self = .padding(TokenizerPadding(length: o.length.map { .fixed($0) } ?? .longest, direction: side,
                                                     padToMultipleOf: o.pad_to_multiple_of))
                }
            } else {
                self = try c.decode(String.self) == "file" ? .file : .longest
            }
        }
    }

    struct Group: Decodable {
        var name: String
        var truncation: Setting
        var padding: Setting
        var batch: Bool
        var cases: [Case]
    }

    struct Decode: Decodable {
        var ids: [Int]
        var decoded: String
        var decoded_with_special: String
    }

    var groups: [Group]
    var decodes: [Decode]
}

func digits(_ xs: [Int]) -> String { xs.map(String.init).joined() }

extension String {
    /// The UTF-8 bytes: Swift's `==` on String is canonical equivalence, too lax for parity checks.
    var utf8Bytes: [UInt8] { Array(utf8) }
}

/// The committed copy of all-MiniLM-L6-v2's tokenizer.json.
func fixtureWordPiece() throws -> WordPieceTokenizer {
    try WordPieceTokenizer(contentsOf: Fixtures.url("language/tokenizers/bert-uncased-tokenizer.json"))
}

func configure(_ t: inout WordPieceTokenizer, _ g: WordPieceFixture.Group) {
    switch g.truncation {
    case .length(let n): t.truncation = TokenizerTruncation(maxLength: n)
    case .none: t.truncation = nil
    case .truncation(let x): t.truncation = x
    default: break
    }
    switch g.padding {
    case .length(let n): t.padding = .fixed(n)
    case .longest: t.padding = .longest
    case .none: t.padding = nil
    case .padding(let x): t.padding = x
    case .file, .truncation: break
    }
}

/// Compares every case of the fixture; returns the number of cases checked.
func checkWordPieceFixture(_ base: WordPieceTokenizer) throws -> Int {
    let fixture = try Fixtures.json("language/tokenizers/wordpiece_cases.json", as: WordPieceFixture.self)
    var checked = 0
    for g in fixture.groups {
        var t = base
        configure(&t, g)
        for c in g.cases {
            if let texts = c.texts, let expected = c.encodings {
                let got = t.encodeBatch(texts)
                #expect(got.count == expected.count)
                for (e, x) in zip(got, expected) {
                    #expect(e.ids == x.ids, "\(g.name): \(texts)")
                    #expect(digits(e.typeIds) == x.type_ids && digits(e.attentionMask) == x.attention_mask
                            && digits(e.specialTokensMask) == x.special_tokens_mask, "\(g.name): \(texts)")
                }
                checked += 1
                continue
            }
            let text = try #require(c.text)
            let e = t.encode(text, pair: c.pair, addSpecialTokens: true)
            #expect(e.ids == c.ids, "\(g.name): \(text.debugDescription) / \(c.pair.debugDescription)")
            #expect(digits(e.typeIds) == c.type_ids, "\(g.name) type ids: \(text.debugDescription)")
            #expect(digits(e.attentionMask) == c.attention_mask, "\(g.name) mask: \(text.debugDescription)")
            #expect(digits(e.specialTokensMask) == c.special_tokens_mask, "\(g.name) special mask: \(text.debugDescription)")
            #expect(e.tokens.count == e.ids.count)
            if let d = c.decoded { #expect(t.decode(e.ids, skipSpecialTokens: true).utf8Bytes == d.utf8Bytes, "decode of \(text.debugDescription)") }
            if let d = c.decoded_with_special { #expect(t.decode(e.ids, skipSpecialTokens: false).utf8Bytes == d.utf8Bytes, "decode of \(text.debugDescription)") }
            checked += 1
        }
    }
    for d in fixture.decodes {
        #expect(base.decode(d.ids, skipSpecialTokens: true).utf8Bytes == d.decoded.utf8Bytes, "decode \(d.ids)")
        #expect(base.decode(d.ids, skipSpecialTokens: false).utf8Bytes == d.decoded_with_special.utf8Bytes, "decode \(d.ids)")
    }
    return checked
}

@Suite("WordPiece parity with Hugging Face tokenizers")
struct WordPieceParityTests {
    @Test("ids, type ids, masks and decodes equal tokenizers' on >1,000 generated lines")
    func fixtureParity() throws {
        let checked = try checkWordPieceFixture(try fixtureWordPiece())
        #expect(checked >= 1000)
    }

    @Test("vocab.txt with BERT defaults encodes like tokenizer.json (no truncation)")
    func vocabularyFile() throws {
        var json = try fixtureWordPiece()
        json.truncation = nil
        json.padding = nil
        let txt = try WordPieceTokenizer(contentsOf: Fixtures.url("language/tokenizers/bert-vocab.txt"))
        #expect(txt.vocabularySize == 30522)
        #expect(try TokenizerFile.load(contentsOf: Fixtures.url("language/tokenizers/bert-vocab.txt")) is WordPieceTokenizer)
        #expect(txt.truncation == nil && txt.padding == nil)
        for text in ["Hello, World! [MASK] café 中文", "naïve résumé — don't", "", "x" + String(repeating: "y", count: 120)] {
            #expect(txt.encode(text) == json.encode(text))
            #expect(txt.encode(text, pair: "second part", addSpecialTokens: true) == json.encode(text, pair: "second part", addSpecialTokens: true))
        }
    }

    @Test("the file's truncation (128) and padding (Fixed 128) are loaded and can be overridden")
    func settings() throws {
        var t = try fixtureWordPiece()
        #expect(t.truncation == TokenizerTruncation(maxLength: 128))
        #expect(t.padding == TokenizerPadding(length: .fixed(128), padToken: "[PAD]"))
        #expect(t.encode("hello world").count == 128)
        t.truncation = .init(maxLength: 256)
        t.padding = .longest
        let long = String(repeating: "word ", count: 300)
        #expect(t.encode(long).count == 256)
        let batch = t.encodeBatch(["a", "a b c"])
        #expect(batch.map(\.count) == [5, 5])
        #expect(batch[0].attentionMask == [1, 1, 1, 0, 0])
        #expect(batch[0].tokens == ["[CLS]", "a", "[SEP]", "[PAD]", "[PAD]"])
        // Through the protocol the batch is padded too.
        let any: any Tokenizer = t
        #expect(any.encodeBatch(["a", "a b c"]).map(\.count) == [5, 5])
    }

    @Test("no special tokens: template type ids, no [CLS]/[SEP]")
    func withoutSpecialTokens() throws {
        var t = try fixtureWordPiece()
        t.padding = nil
        let e = t.encode("hello", pair: "world", addSpecialTokens: false)
        #expect(e.ids == [7592, 2088])
        #expect(e.typeIds == [0, 1])
        #expect(e.specialTokensMask == [0, 0])
    }

    @Test("invalid UTF-8 input: replaced by U+FFFD, which clean-text removes")
    func invalidUTF8Input() throws {
        var t = try fixtureWordPiece()
        t.padding = nil
        let bytes: [UInt8] = Array("caf".utf8) + [0xC3] + Array(" ok ".utf8) + [0xFF, 0xFE] + Array("end".utf8)
        let e = t.encode(bytes: bytes)
        #expect(e == t.encode("caf ok end"))
        #expect(t.decode(e.ids, skipSpecialTokens: true) == "caf ok end")
    }

    @Test("the cached all-MiniLM-L6-v2 tokenizer.json gives the fixture's ids",
          .enabled(if: ModelCache.miniLM != nil, "run scripts/fetch-models.sh"))
    func cachedModel() throws {
        let folder = try #require(ModelCache.miniLM)
        let loaded = try TokenizerFile.load(contentsOf: folder.appendingPathComponent("tokenizer.json"))
        let t = try #require(loaded as? WordPieceTokenizer)
        #expect(try checkWordPieceFixture(t) >= 1000)
    }
}
