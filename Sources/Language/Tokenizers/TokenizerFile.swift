// Loading Hugging Face tokenizer.json files: each component (model, normalizer, pre-tokenizer, post-processor,
// decoder, truncation, padding, added tokens) is read into the pipeline, and a kind SwiftLearn does not
// implement is refused with LanguageError.unsupportedComponent naming the component and its type.
import Foundation

/// Loads a Hugging Face `tokenizer.json`, choosing the tokenizer type from `model.type`.
public enum TokenizerFile {
    /// The model types that can be loaded.
    public static let supportedModels = ["WordPiece", "BPE"]

    /// The largest token id and padding length a file may ask for: the id → token table and padded encodings
    /// are allocated at these sizes, so a hostile file must not be able to ask for terabytes.
    static let maxId = 1 << 24, maxLength = 1 << 20

    /// A ``WordPieceTokenizer`` or ``BPETokenizer``, as the file's `model.type` says (a `.txt` file is read as a
    /// BERT `vocab.txt`).
    ///
    /// - Throws: ``LanguageError/fileNotFound(path:what:)``, ``LanguageError/invalidUTF8(location:)``,
    ///   ``LanguageError/malformedFile(path:detail:)`` for damaged JSON or missing fields, and
    ///   ``LanguageError/unsupportedComponent(path:component:kind:supported:)`` for Unigram, WordLevel or a
    ///   normalizer / pre-tokenizer / post-processor / decoder type that is not implemented.
    public static func load(contentsOf url: URL) throws(LanguageError) -> any Tokenizer {
        if url.pathExtension.lowercased() == "txt" { return try WordPieceTokenizer(vocabularyFile: url) }
        let root = try JSONObject.load(url, what: "tokenizer.json")
        switch try modelType(root) {
        case "WordPiece": return WordPieceTokenizer(pipeline: try pipeline(root))
        default: return BPETokenizer(pipeline: try pipeline(root))
        }
    }

    static func modelType(_ root: JSONObject) throws(LanguageError) -> String {
        let model = try root.required("model", root.object)
        // Old files leave out "type"; HF then recognises the model by its fields.
        let type = try model.string("type") ?? (model.has("merges") ? "BPE" : model.values["vocab"] is [Any] ? "Unigram"
            : model.has("max_input_chars_per_word") || model.has("continuing_subword_prefix") ? "WordPiece" : "WordLevel")
        guard supportedModels.contains(type) else {
            throw .unsupportedComponent(path: root.path, component: "model", kind: type, supported: supportedModels)
        }
        return type
    }

    /// Builds the whole pipeline from a parsed file.
    static func pipeline(_ root: JSONObject) throws(LanguageError) -> TokenizerPipeline {
        let path = root.path
        let modelObject = try root.required("model", root.object)
        let type = try modelType(root)
        let vocabObject = try modelObject.required("vocab", modelObject.object)
        var vocab: [(String, Int)] = []
        vocab.reserveCapacity(vocabObject.values.count)
        for (token, value) in vocabObject.values {
            guard let id = value as? Int, id >= 0 else { throw vocabObject.malformed(token, "should be a non-negative integer id") }
            guard id < maxId else { throw vocabObject.malformed(token, "has id \(id), more than \(maxId - 1)") }
            vocab.append((token, id))
        }
        vocab.sort { $0.1 < $1.1 }
        let model: TokenizerModel
        if type == "WordPiece" {
            model = .wordPiece(try WordPieceModel(
                vocab: vocab, unkToken: try modelObject.string("unk_token") ?? "[UNK]",
                prefix: try modelObject.string("continuing_subword_prefix") ?? "##",
                maxInputCharsPerWord: try modelObject.int("max_input_chars_per_word") ?? 100))
        } else {
            if try modelObject.bool("byte_fallback") == true {
                throw .unsupportedComponent(path: path, component: "model.byte_fallback", kind: "true", supported: ["false"])
            }
            if let dropout = modelObject.values["dropout"] as? Double, dropout > 0 {
                throw .unsupportedComponent(path: path, component: "model.dropout", kind: "\(dropout)", supported: ["null", "0"])
            }
            model = .bpe(try BPEModel(
                vocab: vocab, merges: try merges(modelObject), unkToken: try modelObject.string("unk_token"),
                continuingSubwordPrefix: try modelObject.string("continuing_subword_prefix"),
                endOfWordSuffix: try modelObject.string("end_of_word_suffix"), fuseUnk: try modelObject.bool("fuse_unk") ?? false,
                ignoreMerges: try modelObject.bool("ignore_merges") ?? false, path: path))
        }
        let added = try addedTokens(root)
        let tokenId = { (token: String) -> Int? in
            added.first { $0.content == token }?.id ?? vocab.first { $0.0 == token }?.1
        }
        return TokenizerPipeline(
            addedTokens: added, normalizer: try normalizer(root), preTokenizer: try preTokenizer(root), model: model,
            modelVocabulary: vocab, postProcessor: try postProcessor(root, tokenId: tokenId), decoder: try decoder(root),
            truncation: try truncation(root), padding: try padding(root))
    }

    static func merges(_ model: JSONObject) throws(LanguageError) -> [(String, String)] {
        guard let list = try model.array("merges") else { throw model.malformed("merges", "is missing") }
        var out: [(String, String)] = []
        out.reserveCapacity(list.count)
        for (k, item) in list.enumerated() {
            if let pair = item as? [String], pair.count == 2 {
                out.append((pair[0], pair[1]))
            } else if let s = item as? String, let space = s.firstIndex(of: " "), s.split(separator: " ", omittingEmptySubsequences: false).count == 2 {
                out.append((String(s[..<space]), String(s[s.index(after: space)...])))
            } else {
                throw model.malformed("merges[\(k)]", "should be \"a b\" or [\"a\", \"b\"]")
            }
        }
        return out
    }

    static func addedTokens(_ root: JSONObject) throws(LanguageError) -> [AddedToken] {
        var out: [AddedToken] = []
        for (k, item) in (try root.array("added_tokens") ?? []).enumerated() {
            guard let o = item as? [String: Any] else { throw root.malformed("added_tokens[\(k)]", "should be an object") }
            let t = JSONObject(values: o, path: root.path, keyPath: "added_tokens[\(k)]")
            let id = try t.required("id", t.int)
            guard (0..<maxId).contains(id) else { throw t.malformed("id", "should be in 0..<\(maxId), not \(id)") }
            out.append(AddedToken(id: id, content: try t.required("content", t.string),
                                  special: try t.bool("special") ?? false, normalized: try t.bool("normalized") ?? false,
                                  lstrip: try t.bool("lstrip") ?? false, rstrip: try t.bool("rstrip") ?? false,
                                  singleWord: try t.bool("single_word") ?? false))
        }
        return out
    }

    private static func type(of component: JSONObject) throws(LanguageError) -> String {
        try component.required("type", component.string)
    }

    static func normalizer(_ root: JSONObject) throws(LanguageError) -> BertNormalizer? {
        guard let n = try root.object("normalizer") else { return nil }
        let kind = try type(of: n)
        guard kind == "BertNormalizer" else {
            throw .unsupportedComponent(path: root.path, component: "normalizer", kind: kind, supported: ["BertNormalizer"])
        }
        return BertNormalizer(BertNormalizerOptions(
            cleanText: try n.bool("clean_text") ?? true, handleChineseChars: try n.bool("handle_chinese_chars") ?? true,
            stripAccents: try n.bool("strip_accents"), lowercase: try n.bool("lowercase") ?? true))
    }

    static func preTokenizer(_ root: JSONObject) throws(LanguageError) -> PreTokenizerKind {
        guard let p = try root.object("pre_tokenizer") else { return .none }
        switch try type(of: p) {
        case "BertPreTokenizer": return .bert
        case "ByteLevel": return .byteLevel(addPrefixSpace: try p.bool("add_prefix_space") ?? true, useRegex: try p.bool("use_regex") ?? true)
        case let kind:
            throw .unsupportedComponent(path: root.path, component: "pre_tokenizer", kind: kind, supported: ["BertPreTokenizer", "ByteLevel"])
        }
    }

    static func postProcessor(_ root: JSONObject, tokenId: (String) -> Int?) throws(LanguageError) -> PostProcessor {
        guard let p = try root.object("post_processor") else { return .identity }
        switch try type(of: p) {
        case "ByteLevel": return .identity  // only trims offsets
        case "BertProcessing":
            func pair(_ k: String) throws(LanguageError) -> Int {
                guard let a = try p.array(k), a.count == 2, a[0] is String, let id = a[1] as? Int else {
                    throw p.malformed(k, "should be [token, id]")
                }
                return id
            }
            return .bert(cls: try pair("cls"), sep: try pair("sep"))
        case "TemplateProcessing":
            var specials: [String: [Int]] = [:]
            if let s = try p.object("special_tokens") {
                for (name, value) in s.values {
                    guard let o = value as? [String: Any], let ids = o["ids"] as? [Int] else { throw s.malformed(name, "should have \"ids\"") }
                    specials[name] = ids
                }
            }
            func template(_ k: String) throws(LanguageError) -> [PostProcessor.Piece] {
                var pieces: [PostProcessor.Piece] = []
                for (i, item) in (try p.required(k, p.array)).enumerated() {
                    if let o = item as? [String: Any], let seq = o["Sequence"] as? [String: Any] {
                        guard let id = seq["id"] as? String, id == "A" || id == "B" else { throw p.malformed("\(k)[\(i)]", "Sequence id should be A or B") }
                        pieces.append(.sequence(second: id == "B", typeId: seq["type_id"] as? Int ?? 0))
                    } else if let o = item as? [String: Any], let sp = o["SpecialToken"] as? [String: Any], let id = sp["id"] as? String {
                        guard let ids = specials[id] ?? tokenId(id).map({ [$0] }) else {
                            throw p.malformed("\(k)[\(i)]", "names special token \"\(id)\", which is neither in special_tokens nor in the vocabulary")
                        }
                        pieces.append(.special(ids: ids, typeId: sp["type_id"] as? Int ?? 0))
                    } else {
                        throw p.malformed("\(k)[\(i)]", "should be {\"Sequence\": …} or {\"SpecialToken\": …}")
                    }
                }
                return pieces
            }
            return PostProcessor(single: try template("single"), pair: try template("pair"))
        case let kind:
            throw .unsupportedComponent(path: root.path, component: "post_processor", kind: kind,
                                        supported: ["TemplateProcessing", "BertProcessing", "ByteLevel"])
        }
    }

    static func decoder(_ root: JSONObject) throws(LanguageError) -> TokenDecoder {
        guard let d = try root.object("decoder") else { return .none }
        switch try type(of: d) {
        case "WordPiece": return .wordPiece(prefix: try d.string("prefix") ?? "##", cleanup: try d.bool("cleanup") ?? true)
        case "ByteLevel": return .byteLevel
        case let kind: throw .unsupportedComponent(path: root.path, component: "decoder", kind: kind, supported: ["WordPiece", "ByteLevel"])
        }
    }

    static func truncation(_ root: JSONObject) throws(LanguageError) -> TokenizerTruncation? {
        guard let t = try root.object("truncation") else { return nil }
        let maxLength = try t.required("max_length", t.int)
        guard maxLength >= 0 else { throw t.malformed("max_length", "should not be negative") }
        let strategyName = try t.string("strategy") ?? "LongestFirst"
        guard let strategy = TokenizerTruncation.Strategy(rawValue: strategyName) else {
            throw .unsupportedComponent(path: root.path, component: "truncation.strategy", kind: strategyName,
                                        supported: ["LongestFirst", "OnlyFirst", "OnlySecond"])
        }
        return TokenizerTruncation(maxLength: maxLength, strategy: strategy, direction: try side(t, root))
    }

    private static func side(_ o: JSONObject, _ root: JSONObject) throws(LanguageError) -> TokenizerSide {
        let name = try o.string("direction") ?? "Right"
        guard let side = TokenizerSide(rawValue: name) else {
            throw .unsupportedComponent(path: root.path, component: o.key("direction"), kind: name, supported: ["Left", "Right"])
        }
        return side
    }

    static func padding(_ root: JSONObject) throws(LanguageError) -> TokenizerPadding? {
        guard let p = try root.object("padding") else { return nil }
        let length: TokenizerPadding.Length
        if let s = p.values["strategy"] as? String, s == "BatchLongest" {
            length = .longest
        } else if let s = p.values["strategy"] as? [String: Any], let n = s["Fixed"] as? Int, (0...maxLength).contains(n) {
            length = .fixed(n)
        } else {
            throw p.malformed("strategy", "should be \"BatchLongest\" or {\"Fixed\": n} with 0 ≤ n ≤ \(maxLength)")
        }
        let multiple = try p.int("pad_to_multiple_of")
        if let m = multiple, !(0...maxLength).contains(m) { throw p.malformed("pad_to_multiple_of", "should be in 0...\(maxLength)") }
        return TokenizerPadding(length: length, direction: try side(p, root), padToMultipleOf: multiple,
                                padId: try p.int("pad_id") ?? 0, padTypeId: try p.int("pad_type_id") ?? 0,
                                padToken: try p.string("pad_token") ?? "[PAD]")
    }
}
