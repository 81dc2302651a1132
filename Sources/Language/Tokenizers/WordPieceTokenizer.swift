// The BERT tokenizer: BertNormalizer → BertPreTokenizer → WordPiece → [CLS] A [SEP] (B [SEP]), loaded from a
// Hugging Face tokenizer.json or a plain vocab.txt, with ids identical to the `tokenizers` package.
import Foundation

/// A WordPiece (BERT) tokenizer with Hugging Face `tokenizers` semantics.
///
/// ```swift
/// var tokenizer = try WordPieceTokenizer(contentsOf: folder.appendingPathComponent("tokenizer.json"))
/// tokenizer.truncation = .init(maxLength: 256)   // sentence-transformers' max_seq_length
/// tokenizer.padding = .longest
/// let batch = tokenizer.encodeBatch(["A sentence.", "Another, longer sentence."])
/// ```
///
/// Invalid UTF-8 input: ``encode(bytes:pair:addSpecialTokens:)`` decodes with `String(decoding:as:)`, which
/// replaces each invalid sequence with U+FFFD; BERT's clean-text step then removes U+FFFD, as Hugging Face does
/// for the text Python hands it after `errors="replace"` decoding.
public struct WordPieceTokenizer: Tokenizer {
    var pipeline: TokenizerPipeline

    init(pipeline: TokenizerPipeline) { self.pipeline = pipeline }

    /// Loads a `tokenizer.json` whose model is WordPiece, or a `vocab.txt` (any other file name ending in
    /// `.txt`) with BERT uncased defaults.
    public init(contentsOf url: URL) throws(LanguageError) {
        if url.pathExtension.lowercased() == "txt" {
            pipeline = try Self.vocabularyPipeline(url, options: BertNormalizerOptions())
            return
        }
        let root = try JSONObject.load(url, what: "tokenizer.json")
        let type = try TokenizerFile.modelType(root)
        guard type == "WordPiece" else {
            throw .unsupportedComponent(path: url.path, component: "model", kind: type, supported: ["WordPiece"])
        }
        pipeline = try TokenizerFile.pipeline(root)
    }

    /// A BERT tokenizer from a `vocab.txt` (one token per line, id = line number): BertNormalizer with `options`,
    /// BertPreTokenizer, WordPiece with `[UNK]` and `##`, `[CLS] A [SEP]` / `[CLS] A [SEP] B [SEP]`, no truncation
    /// or padding. `[PAD]`, `[UNK]`, `[CLS]`, `[SEP]` and `[MASK]` are special tokens when the vocabulary has them.
    public init(vocabularyFile url: URL, options: BertNormalizerOptions = BertNormalizerOptions()) throws(LanguageError) {
        pipeline = try Self.vocabularyPipeline(url, options: options)
    }

    private static func vocabularyPipeline(_ url: URL, options: BertNormalizerOptions) throws(LanguageError) -> TokenizerPipeline {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path, what: "vocab.txt") }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .malformedFile(path: path, detail: "cannot be read") }
        guard let text = String(validating: data, as: UTF8.self) else { throw .invalidUTF8(location: path) }
        var vocab: [(String, Int)] = []
        var index: [String: Int] = [:]
        // Rust's lines(): split on \n (a final \n ends the last line, it does not start an empty one); then
        // trim_end, as WordPiece::read_file does.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if text.hasSuffix("\n") { lines.removeLast() }
        for (i, line) in lines.enumerated() {
            var token = String(line)
            while let last = token.unicodeScalars.last, last.properties.isWhitespace { token.unicodeScalars.removeLast() }
            vocab.append((token, i))
            index[token] = i
        }
        guard !vocab.isEmpty else { throw .malformedFile(path: path, detail: "the vocabulary is empty") }
        guard let cls = index["[CLS]"], let sep = index["[SEP]"] else {
            throw .malformedFile(path: path, detail: "a BERT vocabulary needs [CLS] and [SEP]")
        }
        guard index["[UNK]"] != nil else { throw .malformedFile(path: path, detail: "a BERT vocabulary needs [UNK]") }
        let specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].compactMap { t in index[t].map { AddedToken(id: $0, content: t) } }
        // A later duplicate line wins in HF's HashMap; keep only the winning id per token.
        let unique = vocab.filter { index[$0.0] == $0.1 }
        return TokenizerPipeline(
            addedTokens: specials, normalizer: BertNormalizer(options), preTokenizer: .bert,
            model: .wordPiece(try WordPieceModel(vocab: unique, unkToken: "[UNK]", prefix: "##", maxInputCharsPerWord: 100)),
            modelVocabulary: unique, postProcessor: .bert(cls: cls, sep: sep), decoder: .wordPiece(prefix: "##", cleanup: true),
            truncation: nil, padding: nil)
    }

    /// Truncation applied by every encode (`nil`: none). Starts as the file says.
    public var truncation: TokenizerTruncation? {
        get { pipeline.truncation }
        set { pipeline.truncation = newValue }
    }

    /// Padding applied by every encode (`nil`: none). Starts as the file says.
    public var padding: TokenizerPadding? {
        get { pipeline.padding }
        set { pipeline.padding = newValue }
    }

    /// The added tokens (`[CLS]`, `[MASK]`, …), matched in raw text before normalization.
    public var addedTokens: [AddedToken] { pipeline.addedTokens }

    /// The model's vocabulary plus the added tokens that are not in it (Hugging Face's `get_vocab_size()`).
    public var vocabularySize: Int { pipeline.vocabularySize }

    /// Tokenizes `text` (and `pair`): added tokens, normalizer, pre-tokenizer, model, then ``truncation``,
    /// the post-processor's special tokens (when `addSpecialTokens`) and ``padding``.
    public func encode(_ text: String, pair: String?, addSpecialTokens: Bool) -> Encoding {
        pipeline.encode(text, pair: pair, addSpecialTokens: addSpecialTokens)
    }

    /// Encodes bytes that may not be valid UTF-8 (invalid sequences become U+FFFD, which clean-text removes).
    public func encode(bytes: some Collection<UInt8>, pair: String? = nil, addSpecialTokens: Bool = true) -> Encoding {
        encode(String(decoding: bytes, as: UTF8.self), pair: pair, addSpecialTokens: addSpecialTokens)
    }

    /// Encodes a batch; with ``padding`` `.longest` every encoding is padded to the batch's longest.
    public func encodeBatch(_ texts: [String]) -> [Encoding] {
        pipeline.encodeBatch(texts, pairs: nil, addSpecialTokens: true)
    }

    /// Encodes a batch of pairs (`pairs[i]` goes with `texts[i]`).
    public func encodeBatch(_ texts: [String], pairs: [String], addSpecialTokens: Bool = true) -> [Encoding] {
        precondition(texts.count == pairs.count, "encodeBatch: \(texts.count) texts but \(pairs.count) pairs")
        return pipeline.encodeBatch(texts, pairs: pairs, addSpecialTokens: addSpecialTokens)
    }

    /// The text of `ids` through the file's decoder; ids with no token are dropped, as Hugging Face does.
    public func decode(_ ids: [Int], skipSpecialTokens: Bool) -> String {
        pipeline.decode(ids, skipSpecialTokens: skipSpecialTokens)
    }

    /// The id of `token` in the vocabulary or the added tokens.
    public func id(of token: String) -> Int? {
        if let t = pipeline.addedTokens.first(where: { $0.content == token }) { return t.id }
        guard case .wordPiece(let m) = pipeline.model else { return nil }
        return m.vocab.id(token)
    }

    /// The token of `id`, or nil when no token has it.
    public func token(for id: Int) -> String? {
        let t = pipeline.token(id)
        return t.isEmpty ? nil : t
    }
}
