// The BPE tokenizer (GPT-2 style byte-level BPE when the file says so): load, train, encode, decode, save.
import Foundation
import Tensors

/// A BPE tokenizer with Hugging Face `tokenizers` semantics; byte-level (GPT-2) when its pre-tokenizer is
/// `ByteLevel`, in which case `decode(encode(s).ids) == s` for every string.
///
/// ```swift
/// let tokenizer = BPETokenizer.train(lines: corpus, vocabularySize: 1200, minFrequency: 2,
///                                    specialTokens: ["<|endoftext|>"])
/// try tokenizer.save(to: folder.appendingPathComponent("tokenizer.json"))  // loads in Python `tokenizers`
/// ```
public struct BPETokenizer: Tokenizer {
    var pipeline: TokenizerPipeline

    init(pipeline: TokenizerPipeline) { self.pipeline = pipeline }

    /// Loads a `tokenizer.json` whose model is BPE.
    public init(contentsOf url: URL) throws(LanguageError) {
        let root = try JSONObject.load(url, what: "tokenizer.json")
        let type = try TokenizerFile.modelType(root)
        guard type == "BPE" else {
            throw .unsupportedComponent(path: url.path, component: "model", kind: type, supported: ["BPE"])
        }
        pipeline = try TokenizerFile.pipeline(root)
    }

    /// Trains a byte-level BPE tokenizer on `lines` with Hugging Face BpeTrainer's algorithm (same vocabulary
    /// and merges for the same corpus and settings): the 256 byte characters are always in the alphabet,
    /// `specialTokens` get the first ids, merges stop at `vocabularySize` entries or when the most frequent pair
    /// occurs fewer than `minFrequency` times. On the committed 3,000-line corpus the vocabulary and all merges
    /// equal the Python trainer's. BpeTrainer options not offered here: `limit_alphabet`, a custom
    /// `initial_alphabet`, `continuing_subword_prefix`, `end_of_word_suffix`, `max_token_length`.
    public static func train(lines: [String], vocabularySize: Int, minFrequency: Int = 0, specialTokens: [String] = [],
                             addPrefixSpace: Bool = false) -> BPETokenizer {
        var counts: [[UInt8]: Int] = [:]
        var scratch: [UInt8] = []
        for line in lines {
            var text = Array(line.utf8)
            if addPrefixSpace && text.first != 32 { text.insert(32, at: 0) }
            text.withUnsafeBufferPointer { tb in
                ByteLevelPreTokenizer.split(tb) { s, e in
                    scratch.removeAll(keepingCapacity: true)
                    ByteLevelMap.map(tb.baseAddress! + s, e - s, into: &scratch)
                    counts[scratch, default: 0] += 1
                }
            }
        }
        let result = BPETrainerCore(vocabularySize: vocabularySize, minFrequency: minFrequency, specialTokens: specialTokens)
            .train(wordCounts: counts, initialAlphabet: ByteLevelMap.alphabet)
        let vocab = result.idToWord.enumerated().map { ($0.element, $0.offset) }
        let merges = result.merges.map { (result.idToWord[$0.0], result.idToWord[$0.1]) }
        // Every merge's parts and result are in the vocabulary by construction, so this cannot fail.
        let model = try! BPEModel(vocab: vocab, merges: merges, unkToken: nil, continuingSubwordPrefix: nil,
                                  endOfWordSuffix: nil, fuseUnk: false, ignoreMerges: false, path: "<trained>")
        let added = specialTokens.map { AddedToken(id: result.idToWord.firstIndex(of: $0)!, content: $0, special: true) }
        return BPETokenizer(pipeline: TokenizerPipeline(
            addedTokens: added, normalizer: nil, preTokenizer: .byteLevel(addPrefixSpace: addPrefixSpace, useRegex: true),
            model: .bpe(model), modelVocabulary: vocab, postProcessor: .identity, decoder: .byteLevel,
            truncation: nil, padding: nil))
    }

    /// Truncation applied by every encode (`nil`: none).
    public var truncation: TokenizerTruncation? {
        get { pipeline.truncation }
        set { pipeline.truncation = newValue }
    }

    /// Padding applied by every encode (`nil`: none).
    public var padding: TokenizerPadding? {
        get { pipeline.padding }
        set { pipeline.padding = newValue }
    }

    /// The added tokens, matched in raw text before the model.
    public var addedTokens: [AddedToken] { pipeline.addedTokens }

    /// The vocabulary in id order.
    public var vocabulary: [String] { pipeline.idToToken }

    /// The merges in rank order.
    public var merges: [(String, String)] {
        guard case .bpe(let m) = pipeline.model else { return [] }
        return m.mergeList
    }

    /// The model's vocabulary plus the added tokens that are not in it (Hugging Face's `get_vocab_size()`).
    public var vocabularySize: Int { pipeline.vocabularySize }

    /// Tokenizes `text` (and `pair`): added tokens, normalizer, pre-tokenizer, model, then ``truncation``,
    /// the post-processor's special tokens (when `addSpecialTokens`) and ``padding``.
    public func encode(_ text: String, pair: String?, addSpecialTokens: Bool) -> Encoding {
        pipeline.encode(text, pair: pair, addSpecialTokens: addSpecialTokens)
    }

    /// Encodes bytes that may not be valid UTF-8: invalid sequences become U+FFFD first (`String(decoding:as:)`).
    public func encode(bytes: some Collection<UInt8>, pair: String? = nil, addSpecialTokens: Bool = true) -> Encoding {
        encode(String(decoding: bytes, as: UTF8.self), pair: pair, addSpecialTokens: addSpecialTokens)
    }

    /// Encodes a batch; with ``padding`` `.longest` every encoding is padded to the batch's longest.
    public func encodeBatch(_ texts: [String]) -> [Encoding] {
        pipeline.encodeBatch(texts, pairs: nil, addSpecialTokens: true)
    }

    /// The text of `ids` through the file's decoder; ids with no token are dropped, as Hugging Face does.
    public func decode(_ ids: [Int], skipSpecialTokens: Bool) -> String {
        pipeline.decode(ids, skipSpecialTokens: skipSpecialTokens)
    }

    /// Writes a Hugging Face `tokenizer.json` (atomically) that Python `tokenizers` loads with the same ids.
    public func save(to url: URL) throws(LanguageError) {
        let text = TokenizerWriter.json(self)
        do { try AtomicFile.write(text, to: url) } catch {
            throw .invalidArgument("cannot write \(url.path): \(error)")
        }
    }
}
