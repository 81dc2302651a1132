// Sentence embeddings as sentence-transformers computes them for a BERT model folder (all-MiniLM-L6-v2):
// tokenize, truncate to max_seq_length, encode, pool over the attention mask, L2-normalise.
import Foundation
import Kernels
import Synchronization

/// A sentence-transformers model (BERT encoder + pooling + optional normalisation) as a ``TextEmbedder``.
///
/// ```swift
/// let embedder = try SentenceEmbedder(directory: ModelCache.miniLM!, tokenizer: tokenizer)
/// let vectors = try embedder.embed(["A man is playing a guitar.", "Café prices rose."])  // 2 × 384, unit length
/// ```
///
/// The folder holds `config.json` and `model.safetensors` (``BertEncoder``), and optionally
/// `sentence_bert_config.json` (`max_seq_length`, which overrides the tokenizer's limit, as in
/// sentence-transformers), `1_Pooling/config.json` (``SentencePooling``; mean pooling when absent) and
/// `modules.json` (a `Normalize` module switches on L2 normalisation; without `modules.json` vectors are
/// normalised).
///
/// **Truncation.** Each encoding is cut to ``maxSequenceLength`` tokens (at most `max_position_embeddings`),
/// keeping its final special token (`[SEP]`) as Hugging Face truncation does. The first time an input is cut,
/// one line is printed to standard error; later truncations are silent. Padding in an ``Encoding`` (attention
/// mask 0) is dropped, so the result does not depend on how the batch was padded.
///
/// **The tokenizer's own limits.** all-MiniLM-L6-v2's `tokenizer.json` truncates at 128 tokens and pads to 128;
/// sentence-transformers overrides both (truncation at `max_seq_length` = 256, padding to the batch's longest).
/// Pass a tokenizer that truncates at ``maxSequenceLength`` or later (or not at all): the embedder cannot undo an
/// earlier cut. Padding is harmless (it is dropped).
public final class SentenceEmbedder: TextEmbedder {
    public let encoder: BertEncoder
    public let tokenizer: any Tokenizer
    public let pooling: SentencePooling
    /// Tokens per input after truncation (special tokens included).
    public let maxSequenceLength: Int
    /// Whether vectors are scaled to unit L2 norm.
    public let normalize: Bool
    /// Texts per forward pass in ``embed(_:)``.
    public let batchSize: Int
    private let warnedAboutTruncation = Atomic<Bool>(false)

    /// Loads a sentence-transformers model folder; `tokenizer` must be the model's own (its `tokenizer.json`).
    /// - Throws: ``LanguageError`` for a missing or invalid file, or `batchSize < 1`.
    public convenience init(directory: URL, tokenizer: any Tokenizer, batchSize: Int = 32) throws(LanguageError) {
        guard batchSize >= 1 else { throw .invalidArgument("batch size must be at least 1, found \(batchSize)") }
        let encoder = try BertEncoder(directory: directory)
        let h = encoder.hiddenSize
        let poolingURL = directory.appendingPathComponent("1_Pooling/config.json")
        let pooling = FileManager.default.fileExists(atPath: poolingURL.path)
            ? try SentencePooling.load(contentsOf: poolingURL, hiddenSize: h) : .mean
        var maxLength = encoder.config.maxPositionEmbeddings
        let stConfig = directory.appendingPathComponent("sentence_bert_config.json")
        if FileManager.default.fileExists(atPath: stConfig.path) {
            let object = try Self.jsonObject(stConfig)
            if let value = object["max_seq_length"], !(value is NSNull) {
                guard let n = value as? Int, n >= 2 else {
                    throw .invalidConfig(path: stConfig.path, key: "max_seq_length", detail: "must be an integer ≥ 2, found \(value)")
                }
                maxLength = Swift.min(n, maxLength)
            }
        }
        var normalize = true
        let modules = directory.appendingPathComponent("modules.json")
        if FileManager.default.fileExists(atPath: modules.path) {
            let list: Any
            do { list = try JSONSerialization.jsonObject(with: Data(contentsOf: modules)) } catch {
                throw .malformedFile(path: modules.path, detail: "invalid JSON: \(error.localizedDescription)")
            }
            guard let entries = list as? [[String: Any]] else {
                throw .malformedFile(path: modules.path, detail: "expected a list of module objects")
            }
            normalize = entries.contains { ($0["type"] as? String)?.hasSuffix("Normalize") == true }
        }
        self.init(encoder: encoder, tokenizer: tokenizer, pooling: pooling, maxSequenceLength: maxLength,
                  normalize: normalize, batchSize: batchSize)
    }

    /// Assembles an embedder from its parts.
    public init(encoder: BertEncoder, tokenizer: any Tokenizer, pooling: SentencePooling = .mean,
                maxSequenceLength: Int, normalize: Bool = true, batchSize: Int = 32) {
        self.encoder = encoder
        self.tokenizer = tokenizer
        self.pooling = pooling
        self.maxSequenceLength = Swift.max(2, Swift.min(maxSequenceLength, encoder.config.maxPositionEmbeddings))
        self.normalize = normalize
        self.batchSize = Swift.max(1, batchSize)
    }

    private static func jsonObject(_ url: URL) throws(LanguageError) -> [String: Any] {
        do {
            if let o = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] { return o }
        } catch {
            throw .malformedFile(path: url.path, detail: "invalid JSON: \(error.localizedDescription)")
        }
        throw .malformedFile(path: url.path, detail: "expected a JSON object")
    }

    /// The width of every vector: hidden size × the number of pooling modes.
    public var dimension: Int { encoder.hiddenSize * pooling.modeCount }

    /// One vector per text, in batches of ``batchSize``.
    public func embed(_ texts: [String]) throws -> [[Float]] {
        try embed(texts, batchSize: batchSize, progress: nil)
    }

    /// One vector per text, in batches of `batchSize`; `progress(done, total)` is called after each batch
    /// (on the calling thread), for progress bars over large files.
    public func embed(_ texts: [String], batchSize: Int,
                      progress: ((_ done: Int, _ total: Int) -> Void)?) throws(LanguageError) -> [[Float]] {
        guard batchSize >= 1 else { throw .invalidArgument("batch size must be at least 1, found \(batchSize)") }
        var out: [[Float]] = []
        out.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            let end = Swift.min(start + batchSize, texts.count)
            let encodings = texts[start..<end].map { tokenizer.encode($0) }
            out += try embed(encodings: encodings, firstIndex: start)
            start = end
            progress?(start, texts.count)
        }
        return out
    }

    /// Embeds `texts` in batches and writes the vectors to `url` as a float32 `.npy` array of shape
    /// `[texts.count, dimension]` (atomically: the file appears only when every text is embedded).
    /// Returns the number of rows written.
    @discardableResult
    public func writeEmbeddings(of texts: [String], to url: URL, batchSize: Int? = nil,
                                progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws(LanguageError) -> Int {
        let vectors = try embed(texts, batchSize: batchSize ?? self.batchSize, progress: progress)
        try NpyWriter.write(vectors, width: dimension, to: url)
        return vectors.count
    }

    /// Vectors of already tokenized inputs (one forward pass; padding is dropped, long inputs are truncated).
    public func embed(encodings: [Encoding]) throws(LanguageError) -> [[Float]] {
        try embed(encodings: encodings, firstIndex: 0)
    }

    private func embed(encodings: [Encoding], firstIndex: Int) throws(LanguageError) -> [[Float]] {
        var inputs: [BertInput] = []
        inputs.reserveCapacity(encodings.count)
        for (i, encoding) in encodings.enumerated() {
            var input = BertInput(encoding)
            if input.ids.count > maxSequenceLength {
                warnTruncation(index: firstIndex + i, length: input.ids.count)
                input = truncated(input, encoding: encoding)
            }
            inputs.append(input)
        }
        return try embed(inputs: inputs)
    }

    /// Vectors of encoder inputs taken as they are (no truncation).
    public func embed(inputs: [BertInput]) throws(LanguageError) -> [[Float]] {
        try encoder.sentenceEmbeddings(inputs, pooling: pooling, normalize: normalize)
    }

    /// The first `maxSequenceLength - 1` tokens and the last one when the encoding ends in a special token
    /// (`[SEP]`), else the first `maxSequenceLength`.
    private func truncated(_ input: BertInput, encoding: Encoding) -> BertInput {
        let real = encoding.attentionMask.indices.filter { encoding.attentionMask[$0] != 0 }
        let endsSpecial = real.last.map { encoding.specialTokensMask[$0] != 0 } ?? false
        var keep = Array(0..<(endsSpecial ? maxSequenceLength - 1 : maxSequenceLength))
        if endsSpecial { keep.append(input.ids.count - 1) }
        // Positions are renumbered 0..<n: the truncated sequence is what the tokenizer would have produced.
        return BertInput(ids: keep.map { input.ids[$0] }, typeIds: keep.map { input.typeIds[$0] })
    }

    private func warnTruncation(index: Int, length: Int) {
        guard !warnedAboutTruncation.exchange(true, ordering: .relaxed) else { return }
        FileHandle.standardError.write(Data(("SentenceEmbedder: input \(index) has \(length) tokens; inputs longer than "
            + "\(maxSequenceLength) tokens are truncated (this warning is printed once)\n").utf8))
    }
}

extension BertEncoder {
    /// Sentence vectors straight from encoder inputs: one forward pass over the packed batch, `pooling` over each
    /// sequence's tokens, then L2 normalisation (`v / max(‖v‖, 1e-12)`, as `torch.nn.functional.normalize`) when
    /// `normalize`. This is ``SentenceEmbedder``'s path after tokenization, and what benchmarks time.
    public func sentenceEmbeddings(_ inputs: [BertInput], pooling: SentencePooling = .mean,
                                   normalize: Bool = true) throws(LanguageError) -> [[Float]] {
        let width = hiddenSize, dim = hiddenSize * pooling.modeCount
        return try withHiddenStates(inputs) { hidden, ranges in
            ranges.map { r in
                var v = [Float](repeating: 0, count: dim)
                v.withUnsafeMutableBufferPointer { o in
                    pooling.pool(hidden + r.lowerBound * width, count: r.count, width: width, into: o.baseAddress!)
                    guard normalize else { return }
                    var s: Float = 0
                    for j in 0..<dim { s += o[j] * o[j] }
                    let scale = 1 / Swift.max(s.squareRoot(), 1e-12)
                    for j in 0..<dim { o[j] *= scale }
                }
                return v
            }
        }
    }
}
