// The analyzer of the lexical index: text → terms. Deliberately simple and documented, so a Python script (or
// another engine) can reproduce it exactly: lowercase, split on everything that is not a letter or number,
// optionally drop English stopwords. No stemming.

/// Turns text into the terms BM25 counts.
///
/// 1. Lowercase with Unicode's default case mapping (`String.lowercased()`, Python's `str.lower()`).
/// 2. Split into maximal runs of letters and numbers: Unicode scalars that are alphabetic (`Alphabetic`
///    property) or have a numeric type (digits, `½`, `²`, …), plus combining marks (so decomposed accents stay in
///    their word). Everything else (spaces, punctuation, symbols, `_`) separates terms. For text without
///    combining marks this is Python's `re.findall(r"[^\W_]+", text.lower())`.
/// 3. Optionally drop stopwords (by default Lucene's English stop set, 33 words).
public struct TextAnalyzer: Sendable, Equatable {
    /// Terms removed after splitting (empty: none).
    public var stopwords: Set<String>

    /// - Parameter removeEnglishStopwords: drop ``englishStopwords`` (Lucene's `EnglishAnalyzer` default set).
    public init(removeEnglishStopwords: Bool = true) {
        stopwords = removeEnglishStopwords ? Self.englishStopwords : []
    }

    /// An analyzer with a custom stopword list (lowercase terms).
    public init(stopwords: Set<String>) { self.stopwords = stopwords }

    /// Lucene's English stop set (`EnglishAnalyzer.ENGLISH_STOP_WORDS_SET`).
    public static let englishStopwords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of",
        "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with",
    ]

    /// The terms of `text`, in order, repeats kept.
    public func terms(_ text: String) -> [String] {
        var out: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty {
                let term = String(current)
                if !stopwords.contains(term) { out.append(term) }
                current = String.UnicodeScalarView()
            }
        }
        for s in text.lowercased().unicodeScalars {
            if Self.isWordScalar(s) {
                current.append(s)
            } else {
                flush()
            }
        }
        flush()
        return out
    }

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A)
        }
        let p = s.properties
        if p.isAlphabetic || p.numericType != nil { return true }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
