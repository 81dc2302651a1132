// Truncation and padding settings, as tokenizer.json's "truncation" and "padding" objects describe them. They
// are plain settable values so an encoder can override the file (sentence-transformers uses 256 tokens for
// all-MiniLM-L6-v2 where its tokenizer.json says 128 and Fixed-128 padding).

/// Which end of a sequence truncation or padding works on.
public enum TokenizerSide: String, Equatable, Sendable {
    /// The start of the sequence.
    case left = "Left"
    /// The end of the sequence (Hugging Face's default).
    case right = "Right"
}

/// How long encodings may be and what to cut when they are longer (Hugging Face `TruncationParams`).
public struct TokenizerTruncation: Equatable, Sendable {
    /// Which sequence of a pair loses tokens.
    public enum Strategy: String, Equatable, Sendable {
        /// Cut the longer sequence first, token by token (Hugging Face's default).
        case longestFirst = "LongestFirst"
        /// Cut only the first sequence.
        case onlyFirst = "OnlyFirst"
        /// Cut only the second sequence.
        case onlySecond = "OnlySecond"
    }

    /// The maximum number of ids, special tokens included.
    public var maxLength: Int
    /// Which sequence of a pair is cut.
    public var strategy: Strategy
    /// The end tokens are cut from.
    public var direction: TokenizerSide

    /// Cut to `maxLength` ids (special tokens included), longest sequence first, from the right by default.
    public init(maxLength: Int, strategy: Strategy = .longestFirst, direction: TokenizerSide = .right) {
        self.maxLength = maxLength
        self.strategy = strategy
        self.direction = direction
    }
}

/// How encodings are padded (Hugging Face `PaddingParams`).
public struct TokenizerPadding: Equatable, Sendable {
    /// The length encodings are padded to.
    public enum Length: Equatable, Sendable {
        /// The longest encoding of the batch (a single encoding is left as it is).
        case longest
        /// A fixed length; longer encodings are not cut (that is truncation's job).
        case fixed(Int)
    }

    /// The length to pad to.
    public var length: Length
    /// The side padding goes on.
    public var direction: TokenizerSide
    /// Round the padded length up to a multiple of this, if set.
    public var padToMultipleOf: Int?
    /// The id of padding positions.
    public var padId: Int
    /// The type id of padding positions.
    public var padTypeId: Int
    /// The token string of padding positions.
    public var padToken: String

    /// Padding settings; the defaults are Python's `enable_padding()` ones.
    public init(length: Length = .longest, direction: TokenizerSide = .right, padToMultipleOf: Int? = nil,
                padId: Int = 0, padTypeId: Int = 0, padToken: String = "[PAD]") {
        self.length = length
        self.direction = direction
        self.padToMultipleOf = padToMultipleOf
        self.padId = padId
        self.padTypeId = padTypeId
        self.padToken = padToken
    }

    /// Pad to the longest encoding of the batch with id 0 / `[PAD]` (Python's `enable_padding()` defaults).
    public static var longest: TokenizerPadding { TokenizerPadding() }

    /// Pad to `length` with id 0 / `[PAD]`.
    public static func fixed(_ length: Int) -> TokenizerPadding { TokenizerPadding(length: .fixed(length)) }
}

/// A token that is matched in raw text before normalization (`added_tokens` in tokenizer.json).
public struct AddedToken: Equatable, Sendable {
    /// The token's id.
    public var id: Int
    /// The exact text that is matched.
    public var content: String
    /// Special tokens are dropped by `decode(_:skipSpecialTokens: true)`.
    public var special: Bool
    /// Matched in normalized text rather than raw text.
    public var normalized: Bool
    /// Also swallow whitespace on the left / right of a match.
    public var lstrip: Bool
    /// See ``lstrip``.
    public var rstrip: Bool
    /// Only match when not inside a word.
    public var singleWord: Bool

    /// An added token; by default a special token matched in raw text.
    public init(id: Int, content: String, special: Bool = true, normalized: Bool = false, lstrip: Bool = false,
                rstrip: Bool = false, singleWord: Bool = false) {
        self.id = id
        self.content = content
        self.special = special
        self.normalized = normalized
        self.lstrip = lstrip
        self.rstrip = rstrip
        self.singleWord = singleWord
    }
}
