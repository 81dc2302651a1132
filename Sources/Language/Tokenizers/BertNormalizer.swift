// BertNormalizer exactly as Hugging Face `tokenizers` runs it: clean text (drop NUL, U+FFFD and C* controls;
// whitespace → ' '), put spaces around CJK ideographs, strip accents (NFD, then drop Mn marks; when unset it
// follows `lowercase`), lowercase (per-scalar full mapping, as Rust's char::to_lowercase). ASCII bytes go
// through one precomputed table; only non-ASCII scalars take the Unicode path, and NFD is applied to runs of
// non-ASCII scalars only (no ASCII scalar decomposes or reorders, so the result is the same as NFD of all).
import Foundation

/// The BERT text normalizer's settings (`"type": "BertNormalizer"` in tokenizer.json).
public struct BertNormalizerOptions: Equatable, Sendable {
    /// Drop control characters, NUL and U+FFFD; map every whitespace to a space.
    public var cleanText: Bool
    /// Surround CJK ideographs with spaces so each becomes its own word.
    public var handleChineseChars: Bool
    /// Remove accents (NFD, then drop nonspacing marks); `nil` follows `lowercase`, as in Hugging Face.
    public var stripAccents: Bool?
    /// Lowercase every character.
    public var lowercase: Bool

    /// BERT uncased defaults: everything on, accents follow lowercase.
    public init(cleanText: Bool = true, handleChineseChars: Bool = true, stripAccents: Bool? = nil, lowercase: Bool = true) {
        self.cleanText = cleanText
        self.handleChineseChars = handleChineseChars
        self.stripAccents = stripAccents
        self.lowercase = lowercase
    }
}

/// The normalizer itself, with its ASCII table built once.
struct BertNormalizer: Sendable {
    let options: BertNormalizerOptions
    private let strip: Bool
    /// Per ASCII byte: -1 to drop it, else the byte to write.
    private let asciiTable: [Int16]

    init(_ options: BertNormalizerOptions) {
        self.options = options
        strip = options.stripAccents ?? options.lowercase
        asciiTable = (0..<128).map { b -> Int16 in
            let s = Unicode.Scalar(UInt8(b))
            if options.cleanText {
                if b == 0 || CharacterClasses.isControl(s) { return -1 }
                if CharacterClasses.isWhitespace(s) { return 32 }
            }
            if options.lowercase && (65...90).contains(b) { return Int16(b + 32) }
            return Int16(b)
        }
    }

    /// Appends the normalized UTF-8 of `input` (valid UTF-8) to `out`.
    func normalize(_ input: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var pending: [Unicode.Scalar] = []
        var i = 0
        let n = input.count
        asciiTable.withUnsafeBufferPointer { table in
            while i < n {
                let b = input[i]
                if b < 0x80 {
                    if !pending.isEmpty { flush(&pending, into: &out) }
                    let m = table[Int(b)]
                    if m >= 0 { out.append(UInt8(truncatingIfNeeded: m)) }
                    i += 1
                    continue
                }
                let (s, len) = input.scalar(at: i)
                i += len
                let flags = CharacterClasses.flags(s)
                if options.cleanText {
                    if s.value == 0xFFFD || flags & CharacterClasses.controlBit != 0 { continue }
                    if flags & CharacterClasses.whitespaceBit != 0 {
                        if !pending.isEmpty { flush(&pending, into: &out) }
                        out.append(32)
                        continue
                    }
                }
                if options.handleChineseChars && CharacterClasses.isChinese(s) {
                    if !pending.isEmpty { flush(&pending, into: &out) }
                    out.append(32)
                    pending.append(s)  // compatibility ideographs (U+F900…) decompose under NFD
                    flush(&pending, into: &out)
                    out.append(32)
                    continue
                }
                if strip && s.value == 0x11938 {
                    // HF's NFD tables predate this decomposition (Unicode 13's DIVES AKURU VOWEL SIGN O): it
                    // stays whole there. A starter with no case mapping, so it can be written out directly.
                    if !pending.isEmpty { flush(&pending, into: &out) }
                    out.appendScalar(s)
                    continue
                }
                pending.append(s)
            }
        }
        if !pending.isEmpty { flush(&pending, into: &out) }
    }

    /// The normalized form of `text` (used for the content of added tokens flagged `normalized`).
    func normalized(_ text: String) -> String {
        var text = text
        var out: [UInt8] = []
        text.withUTF8 { normalize($0, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Strips accents from (if on) and lowercases (if on) a run of non-ASCII scalars, appending the result.
    private func flush(_ run: inout [Unicode.Scalar], into out: inout [UInt8]) {
        if strip && run.allSatisfy({ CharacterClasses.flags($0) & CharacterClasses.nfdStableBit != 0 }) {
            // NFD would change nothing: drop the marks directly.
            for s in run where CharacterClasses.flags(s) & CharacterClasses.nonspacingMarkBit == 0 { appendLowercased(s, into: &out) }
        } else if strip {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: run)
            let decomposed = String(view).decomposedStringWithCanonicalMapping
            for s in decomposed.unicodeScalars where CharacterClasses.flags(s) & CharacterClasses.nonspacingMarkBit == 0 {
                appendLowercased(s, into: &out)
            }
        } else {
            for s in run { appendLowercased(s, into: &out) }
        }
        run.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private func appendLowercased(_ s: Unicode.Scalar, into out: inout [UInt8]) {
        if options.lowercase && CharacterClasses.flags(s) & CharacterClasses.lowercaseChangesBit != 0 {
            for l in s.properties.lowercaseMapping.unicodeScalars { out.appendScalar(l) }
        } else {
            out.appendScalar(s)
        }
    }
}
