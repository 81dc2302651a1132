// A sentence-transformers folder loaded whole: the encoder, the pooling and the model's own tokenizer.
import Foundation

extension SentenceEmbedder {
    /// Loads a sentence-transformers model folder with its own tokenizer: `tokenizer.json` (WordPiece or BPE), or
    /// a BERT `vocab.txt` when there is no `tokenizer.json`.
    ///
    /// The tokenizer file's own truncation and padding are switched off (all-MiniLM-L6-v2's `tokenizer.json` cuts at
    /// 128 tokens and pads to 128): the embedder truncates to ``maxSequenceLength`` (256 for that model, from
    /// `sentence_bert_config.json`, as sentence-transformers does), and padding is never needed because each batch
    /// is packed without it.
    ///
    /// ```swift
    /// let embedder = try SentenceEmbedder(directory: ModelCache.miniLM!)
    /// let vectors = try embedder.embed(["A man is playing a guitar."])   // [[Float]], 1 × 384, unit length
    /// ```
    /// - Throws: ``LanguageError`` naming the missing or invalid file.
    public convenience init(directory: URL, batchSize: Int = 32) throws(LanguageError) {
        try self.init(directory: directory, tokenizer: try Self.loadTokenizer(directory), batchSize: batchSize)
    }

    /// The folder's tokenizer with truncation and padding off.
    static func loadTokenizer(_ directory: URL) throws(LanguageError) -> any Tokenizer {
        let json = directory.appendingPathComponent("tokenizer.json")
        let vocabulary = directory.appendingPathComponent("vocab.txt")
        if FileManager.default.fileExists(atPath: json.path) {
            switch try TokenizerFile.load(contentsOf: json) {
            case var wordPiece as WordPieceTokenizer:
                wordPiece.truncation = nil
                wordPiece.padding = nil
                return wordPiece
            case var bpe as BPETokenizer:
                bpe.truncation = nil
                bpe.padding = nil
                return bpe
            case let other:
                return other
            }
        }
        if FileManager.default.fileExists(atPath: vocabulary.path) {
            var wordPiece = try WordPieceTokenizer(vocabularyFile: vocabulary)
            wordPiece.truncation = nil
            wordPiece.padding = nil
            return wordPiece
        }
        throw .fileNotFound(path: json.path, what: "tokenizer.json (or vocab.txt) of the model")
    }
}
