// Bad tokenizer files and vocabularies: each gives a typed LanguageError that names the file and what is wrong.
import Foundation
import Language
import Testing
import TestSupport

@Suite("Tokenizer files: bad input")
final class TokenizerFileErrorTests {
    deinit { try? FileManager.default.removeItem(at: folder) }

    let folder: URL = {
        let f = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlearn-tokenizer-errors-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: f, withIntermediateDirectories: true)
        return f
    }()

    func write(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    func write(_ name: String, _ text: String) throws -> URL { try write(name, Array(text.utf8)) }

    func error(_ body: () throws -> Any) -> LanguageError? {
        do { _ = try body(); return nil } catch let e as LanguageError { return e } catch { return nil }
    }

    /// The real file with `edit` applied to its JSON object.
    func edited(_ name: String, _ edit: (inout [String: Any]) -> Void) throws -> URL {
        let data = try Data(contentsOf: Fixtures.url("language/tokenizers/bert-uncased-tokenizer.json"))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        edit(&object)
        return try write(name, Array(try JSONSerialization.data(withJSONObject: object)))
    }

    @Test("missing, truncated, not JSON, invalid UTF-8, not an object")
    func damagedFiles() throws {
        let missing = folder.appendingPathComponent("nope.json")
        #expect(error { try TokenizerFile.load(contentsOf: missing) } == .fileNotFound(path: missing.path, what: "tokenizer.json"))
        let full = try Data(contentsOf: Fixtures.url("language/tokenizers/bert-uncased-tokenizer.json"))
        let truncated = try write("truncated.json", Array(full.prefix(full.count / 2)))
        #expect(error { try TokenizerFile.load(contentsOf: truncated) }
                == .malformedFile(path: truncated.path, detail: "not valid JSON (truncated or damaged?)"))
        let garbage = try write("garbage.json", "this is not json")
        #expect(error { try WordPieceTokenizer(contentsOf: garbage) } != nil)
        let badUTF8 = try write("bad-utf8.json", Array("{\"model\": \"".utf8) + [0xC3, 0x28] + Array("\"}".utf8))
        #expect(error { try TokenizerFile.load(contentsOf: badUTF8) } == .invalidUTF8(location: badUTF8.path))
        let array = try write("array.json", "[1, 2]")
        #expect(error { try TokenizerFile.load(contentsOf: array) }
                == .malformedFile(path: array.path, detail: "the top level should be a JSON object"))
        let empty = try write("empty.json", "")
        #expect(error { try TokenizerFile.load(contentsOf: empty) } != nil)
    }

    @Test("unsupported model, normalizer, pre-tokenizer, post-processor, decoder kinds name the component")
    func unsupportedComponents() throws {
        let unigram = try write("unigram.json", #"{"model": {"type": "Unigram", "vocab": [["a", 0.0]]}}"#)
        #expect(error { try TokenizerFile.load(contentsOf: unigram) }
                == .unsupportedComponent(path: unigram.path, component: "model", kind: "Unigram", supported: ["WordPiece", "BPE"]))
        let wordLevel = try write("wordlevel.json", #"{"model": {"type": "WordLevel", "vocab": {"a": 0}, "unk_token": "a"}}"#)
        #expect(error { try TokenizerFile.load(contentsOf: wordLevel) }
                == .unsupportedComponent(path: wordLevel.path, component: "model", kind: "WordLevel", supported: ["WordPiece", "BPE"]))
        let cases: [(String, String, [String: Any])] = [
            ("normalizer", "NFKC", ["type": "NFKC"]),
            ("pre_tokenizer", "Metaspace", ["type": "Metaspace"]),
            ("post_processor", "RobertaProcessing", ["type": "RobertaProcessing"]),
            ("decoder", "Metaspace", ["type": "Metaspace"]),
        ]
        for (component, kind, value) in cases {
            let url = try edited("\(component).json") { $0[component] = value }
            guard case let .unsupportedComponent(path, c, k, supported)? = error({ try TokenizerFile.load(contentsOf: url) }) else {
                Issue.record("\(component) \(kind) was accepted")
                continue
            }
            #expect(path == url.path && c == component && k == kind && !supported.isEmpty)
        }
        // A BPE file handed to the WordPiece initializer, and the other way round.
        let bpe = Fixtures.url("language/tokenizers/bpe-python-trained.json")
        #expect(error { try WordPieceTokenizer(contentsOf: bpe) }
                == .unsupportedComponent(path: bpe.path, component: "model", kind: "BPE", supported: ["WordPiece"]))
        let bert = Fixtures.url("language/tokenizers/bert-uncased-tokenizer.json")
        #expect(error { try BPETokenizer(contentsOf: bert) }
                == .unsupportedComponent(path: bert.path, component: "model", kind: "WordPiece", supported: ["BPE"]))
    }

    @Test("missing vocabulary, wrong field types, unknown unk token, merges outside the vocabulary")
    func missingAndWrongFields() throws {
        let noVocab = try edited("novocab.json") { o in
            var m = o["model"] as! [String: Any]
            m.removeValue(forKey: "vocab")
            o["model"] = m
        }
        #expect(error { try TokenizerFile.load(contentsOf: noVocab) } == .malformedFile(path: noVocab.path, detail: "\"model.vocab\" is missing"))
        let noModel = try write("nomodel.json", #"{"version": "1.0"}"#)
        #expect(error { try TokenizerFile.load(contentsOf: noModel) } == .malformedFile(path: noModel.path, detail: "\"model\" is missing"))
        let badId = try write("badid.json", #"{"model": {"type": "WordPiece", "vocab": {"[UNK]": "zero"}}}"#)
        #expect(error { try TokenizerFile.load(contentsOf: badId) }
                == .malformedFile(path: badId.path, detail: "\"model.vocab.[UNK]\" should be a non-negative integer id"))
        let noUnk = try write("nounk.json", #"{"model": {"type": "WordPiece", "vocab": {"a": 0}, "unk_token": "[UNK]"}}"#)
        #expect(error { try TokenizerFile.load(contentsOf: noUnk) } != nil)
        let badMerge = try write("badmerge.json", #"{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["a b"]}}"#)
        #expect(error { try TokenizerFile.load(contentsOf: badMerge) }
                == .malformedFile(path: badMerge.path, detail: "model.merges[0]: \"ab\" is not in the vocabulary"))
        let badMergeShape = try write("badmerge2.json", #"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [42]}}"#)
        #expect(error { try TokenizerFile.load(contentsOf: badMergeShape) } != nil)
        let badTruncation = try edited("badtrunc.json") { $0["truncation"] = ["max_length": "long"] }
        #expect(error { try TokenizerFile.load(contentsOf: badTruncation) }
                == .malformedFile(path: badTruncation.path, detail: "\"truncation.max_length\" should be an integer"))
        let badPadding = try edited("badpad.json") { $0["padding"] = ["strategy": "Sometimes"] }
        #expect(error { try TokenizerFile.load(contentsOf: badPadding) } != nil)
        let hugeId = try write("hugeid.json", #"{"model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "a": 99999999999}}}"#)
        #expect(error { try TokenizerFile.load(contentsOf: hugeId) }
                == .malformedFile(path: hugeId.path, detail: "\"model.vocab.a\" has id 99999999999, more than 16777215"))
        let hugeAdded = try edited("hugeadded.json") { $0["added_tokens"] = [["id": 1 << 40, "content": "[X]"]] }
        #expect(error { try TokenizerFile.load(contentsOf: hugeAdded) } != nil)
        let hugePadding = try edited("hugepad.json") { $0["padding"] = ["strategy": ["Fixed": 1 << 40]] }
        #expect(error { try TokenizerFile.load(contentsOf: hugePadding) } != nil)
        let badAdded = try edited("badadded.json") { $0["added_tokens"] = [["content": "[X]"]] }
        #expect(error { try TokenizerFile.load(contentsOf: badAdded) }
                == .malformedFile(path: badAdded.path, detail: "\"added_tokens[0].id\" is missing"))
    }

    @Test("vocab.txt: missing, invalid UTF-8, empty, without [CLS]/[SEP]/[UNK]")
    func vocabularyFiles() throws {
        let missing = folder.appendingPathComponent("vocab.txt")
        #expect(error { try WordPieceTokenizer(vocabularyFile: missing) } == .fileNotFound(path: missing.path, what: "vocab.txt"))
        let bad = try write("bad.txt", [0x5B, 0x55, 0x4E, 0x4B, 0x5D, 0x0A, 0xFF])
        #expect(error { try WordPieceTokenizer(vocabularyFile: bad) } == .invalidUTF8(location: bad.path))
        let noSpecials = try write("nospecials.txt", "a\nb\n")
        #expect(error { try WordPieceTokenizer(vocabularyFile: noSpecials) } != nil)
        let minimal = try write("minimal.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n##s\n")
        let t = try WordPieceTokenizer(contentsOf: minimal)
        #expect(t.encode("Hellos world").ids == [2, 4, 5, 1, 3])
        #expect(t.vocabularySize == 6)
    }
}
