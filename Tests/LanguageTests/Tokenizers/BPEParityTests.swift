// Byte-level BPE: ids equal Python `tokenizers` for the tokenizer it trained on the committed corpus, our trainer
// learns the same vocabulary and merges from that corpus, a saved file loads back (and in Python: see
// scripts/reference/make_tokenizer_fixtures.py --check-swift-saved), and decode(encode(s)) == s.
import Foundation
import Language
import Testing
import TestSupport

struct BPEFixture: Decodable {
    struct Trainer: Decodable {
        var vocab_size: Int
        var min_frequency: Int
        var special_tokens: [String]
        var add_prefix_space: Bool
    }

    struct Case: Decodable {
        var text: String
        var ids: [Int]
        var decoded: String
    }

    struct OptionCase: Decodable {
        var text: String
        var pair: String?
        var ids: [Int]
        var type_ids: [Int]
        var special_tokens_mask: [Int]
        var decoded: String
        var decoded_with_special: String
    }

    var trainer: Trainer
    var cases: [Case]
    var options_cases: [OptionCase]
}

/// The tokenizer.json Python trained, as JSON, for comparing vocabularies and merges.
struct PythonBPEFile: Decodable {
    struct Model: Decodable {
        var vocab: [String: Int]
        var merges: [[String]]
    }

    var model: Model
}

@Suite("Byte-level BPE")
struct BPEParityTests {
    static let fixture = Result { try Fixtures.json("language/tokenizers/bpe_cases.json", as: BPEFixture.self) }

    func pythonTrained() throws -> BPETokenizer {
        try BPETokenizer(contentsOf: Fixtures.url("language/tokenizers/bpe-python-trained.json"))
    }

    func corpus() throws -> [String] {
        let text = try String(contentsOf: Fixtures.url("language/tokenizers/bpe-corpus.txt"), encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    func check(_ t: some Tokenizer) throws {
        let f = try Self.fixture.get()
        #expect(f.cases.count > 300)
        for c in f.cases {
            let e = t.encode(c.text)
            #expect(e.ids == c.ids, "\(c.text.debugDescription)")
            #expect(t.decode(e.ids, skipSpecialTokens: true).utf8Bytes == c.decoded.utf8Bytes, "decode of \(c.text.debugDescription)")
        }
    }

    @Test("held-out lines: ids and decodes equal tokenizers' for the Python-trained tokenizer.json")
    func pythonTrainedParity() throws {
        let t = try pythonTrained()
        #expect(t.vocabularySize == 1199)
        try check(t)
        // Dispatch on model.type.
        let any = try TokenizerFile.load(contentsOf: Fixtures.url("language/tokenizers/bpe-python-trained.json"))
        #expect(any is BPETokenizer)
    }

    @Test("our trainer learns the same vocabulary and merges as BpeTrainer from the same corpus")
    func trainerParity() throws {
        let f = try Self.fixture.get()
        let ours = BPETokenizer.train(lines: try corpus(), vocabularySize: f.trainer.vocab_size, minFrequency: f.trainer.min_frequency,
                                      specialTokens: f.trainer.special_tokens, addPrefixSpace: f.trainer.add_prefix_space)
        let python = try Fixtures.json("language/tokenizers/bpe-python-trained.json", as: PythonBPEFile.self)
        let theirVocab = python.model.vocab.sorted { $0.value < $1.value }.map(\.key)
        #expect(ours.vocabulary == theirVocab)
        #expect(ours.merges.count == python.model.merges.count)
        #expect(ours.merges.map { [$0.0, $0.1] } == python.model.merges)
        try check(ours)
    }

    @Test("save → load gives the same ids; the saved file is left for the Python check")
    func saveAndLoad() throws {
        let t = try pythonTrained()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlearn-tokenizers")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("bpe-saved-by-swift.json")
        try t.save(to: url)
        let back = try BPETokenizer(contentsOf: url)
        #expect(back.vocabulary == t.vocabulary)
        #expect(back.merges.map { [$0.0, $0.1] } == t.merges.map { [$0.0, $0.1] })
        #expect(back.addedTokens == t.addedTokens)
        try check(back)
    }

    @Test("added tokens with lstrip / rstrip / single_word, non-special added tokens, prefix space, template")
    func options() throws {
        let f = try Self.fixture.get()
        let t = try BPETokenizer(contentsOf: Fixtures.url("language/tokenizers/bpe-options.json"))
        #expect(t.vocabularySize == 1203)
        #expect(f.options_cases.count >= 40)
        for c in f.options_cases {
            let e = t.encode(c.text, pair: c.pair, addSpecialTokens: true)
            #expect(e.ids == c.ids, "\(c.text.debugDescription) / \(c.pair.debugDescription)")
            #expect(e.typeIds == c.type_ids && e.specialTokensMask == c.special_tokens_mask, "\(c.text.debugDescription)")
            #expect(t.decode(e.ids, skipSpecialTokens: true).utf8Bytes == c.decoded.utf8Bytes, "\(c.text.debugDescription)")
            #expect(t.decode(e.ids, skipSpecialTokens: false).utf8Bytes == c.decoded_with_special.utf8Bytes, "\(c.text.debugDescription)")
        }
    }

    @Test("invalid UTF-8 input becomes U+FFFD, which byte-level BPE encodes and decodes back")
    func invalidUTF8Input() throws {
        let t = try pythonTrained()
        let e = t.encode(bytes: Array("ok ".utf8) + [0xE2, 0x82] + Array(" end".utf8))
        #expect(e == t.encode("ok \u{FFFD} end"))
        #expect(t.decode(e.ids, skipSpecialTokens: false) == "ok \u{FFFD} end")
    }

    @Test("decode(encode(s)) == s for random strings of every byte's character, emoji and mixed scripts")
    func roundTrip() throws {
        let t = try pythonTrained()
        var rng = SplitMix(seed: 42)
        let pools: [[Unicode.Scalar]] = [
            (0..<256).compactMap { Unicode.Scalar($0) },
            ["😀", "👍", "\u{1F3FD}", "\u{200D}", "👩", "🚀", "🇫", "🇷"],
            Array("中文日本語한국어مرحباשלוםПриветनमस्ते".unicodeScalars),
            [" ", " ", "\n", "\t", "'", "s", "t", "e", "a", "1", "\u{3000}", "\u{FFFD}", "\u{10FFFF}", "\u{E000}"],
        ]
        for _ in 0..<500 {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int(rng.next() % 40) {
                let pool = pools[Int(rng.next() % UInt64(pools.count))]
                s.append(pool[Int(rng.next() % UInt64(pool.count))])
            }
            let text = String(s)
            #expect(t.decode(t.encode(text).ids, skipSpecialTokens: false).utf8Bytes == text.utf8Bytes, "\(text.debugDescription)")
        }
    }

    @Test("pre-tokenization follows the GPT-2 pattern (contractions, spaces before words, trailing spaces)")
    func gpt2Split() throws {
        let t = try pythonTrained()
        // Tokens of pieces never span a piece boundary, so the decoded tokens show the split.
        let pieces = t.encode("I'm here  now!!  ").tokens.map { t.decode([t.vocabulary.firstIndex(of: $0)!], skipSpecialTokens: false) }
        #expect(pieces.joined() == "I'm here  now!!  ")
        #expect(pieces.contains("'m"))
    }
}

/// A tiny seeded generator for the property test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
