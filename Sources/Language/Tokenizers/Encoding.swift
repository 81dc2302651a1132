// What a tokenizer hands to a model: ids, segment ids and the attention mask, with the tokens for people.

/// One tokenized sequence (or pair of sequences), as Hugging Face `tokenizers` returns it.
///
/// All arrays have the same length: the tokens after truncation, special tokens and padding. Padding positions
/// have `attentionMask` 0.
public struct Encoding: Equatable, Sendable {
    /// Vocabulary ids.
    public var ids: [Int]
    /// Segment ids (`token_type_ids`): 0 for the first sequence and its special tokens, 1 for the second.
    public var typeIds: [Int]
    /// 1 for a real token, 0 for padding.
    public var attentionMask: [Int]
    /// The token strings (`##` continuations included), for display and debugging.
    public var tokens: [String]
    /// 1 where the token was added by the post-processor or padding (`[CLS]`, `[SEP]`, `[PAD]`), else 0.
    public var specialTokensMask: [Int]

    public init(ids: [Int], typeIds: [Int], attentionMask: [Int], tokens: [String], specialTokensMask: [Int]) {
        precondition(typeIds.count == ids.count && attentionMask.count == ids.count
                     && tokens.count == ids.count && specialTokensMask.count == ids.count,
                     "Encoding: ids, typeIds, attentionMask, tokens and specialTokensMask must be equally long")
        self.ids = ids
        self.typeIds = typeIds
        self.attentionMask = attentionMask
        self.tokens = tokens
        self.specialTokensMask = specialTokensMask
    }

    /// The number of positions (padding included).
    public var count: Int { ids.count }
}

/// A text tokenizer that a model can consume: WordPiece (BERT) and byte-level BPE (GPT-2) conform.
public protocol Tokenizer: Sendable {
    /// Tokenizes `text` (and `pair`, if given) with this tokenizer's truncation, special tokens and padding.
    func encode(_ text: String, pair: String?, addSpecialTokens: Bool) -> Encoding
    /// Turns ids back into text; special tokens are dropped when `skipSpecialTokens`.
    func decode(_ ids: [Int], skipSpecialTokens: Bool) -> String
    /// The number of ids the model's embedding table must cover.
    var vocabularySize: Int { get }
    /// Tokenizes a batch; the tokenizer's padding settings decide whether the encodings share one length.
    /// (A requirement with a default, so a tokenizer that pads batches together is called through `any Tokenizer`.)
    func encodeBatch(_ texts: [String]) -> [Encoding]
}

extension Tokenizer {
    /// Tokenizes one sequence with special tokens.
    public func encode(_ text: String) -> Encoding { encode(text, pair: nil, addSpecialTokens: true) }

    /// Tokenizes a batch; the tokenizer's padding settings decide whether the encodings share one length.
    public func encodeBatch(_ texts: [String]) -> [Encoding] { texts.map { encode($0) } }
}
