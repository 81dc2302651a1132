// The character classes Hugging Face `tokenizers` uses, on Unicode scalars (Rust `char`s), with a table for
// Unicode planes 0 and 1 so the common case is one load. Definitions follow tokenizers' normalizers/bert.rs and
// pre_tokenizers/bert.rs: "other" = general category Cc, Cf, Cs or Co (the crate HF uses has no Cn);
// punctuation = ASCII punctuation (33-47, 58-64, 91-96, 123-126) or general category P*; whitespace = the
// White_Space property plus \t \n \r. HF's tables are older than Swift's (Unicode 8.0 categories for BERT,
// Oniguruma's Unicode 16.0 for the byte-level regex), so scalars assigned later are treated as unassigned and
// the few whose category changed since are listed; CodepointParityTests checks all 1,112,064 scalars.

import Foundation

enum CharacterClasses {
    /// Bit flags per scalar.
    static let whitespaceBit: UInt8 = 1, controlBit: UInt8 = 2, punctuationBit: UInt8 = 4,
               letterBit: UInt8 = 8, digitBit: UInt8 = 16, nonspacingMarkBit: UInt8 = 32, lowercaseChangesBit: UInt8 = 64,
               nfdStableBit: UInt8 = 128

    static func computeFlags(_ s: Unicode.Scalar) -> UInt8 {
        var f: UInt8 = 0
        if isWhitespace(s) { f |= whitespaceBit }
        if isControl(s) { f |= controlBit }
        if isPunctuation(s) { f |= punctuationBit }
        if isLetter(s) { f |= letterBit }
        if isNumber(s) { f |= digitBit }
        if isNonspacingMark(s) { f |= nonspacingMarkBit }
        if s.properties.changesWhenLowercased { f |= lowercaseChangesBit }
        return f
    }

    /// The flags of every scalar of planes 0 and 1 (BMP and emoji; 128 KiB, built on first use, ~30 ms): the
    /// stdlib's property lookups cost more than the rest of tokenization for non-Latin text. Surrogate code
    /// points get "control".
    static let tableLimit: UInt32 = 0x20000
    static let table: [UInt8] = {
        var table = (0..<Int(tableLimit)).map { v -> UInt8 in
            guard let s = Unicode.Scalar(UInt32(v)) else { return controlBit }
            return computeFlags(s)
        }
        // nfdStable: NFD leaves the scalar alone (no decomposition) and it has combining class 0 (so it never
        // takes part in reordering). Found with ONE Foundation call over all BMP scalars, each followed by
        // NUL: NUL is a starter, so each scalar's decomposition comes out between two NULs.
        var all = String.UnicodeScalarView()
        var order: [UInt32] = []
        for v in UInt32(1)..<tableLimit {
            guard let s = Unicode.Scalar(v) else { continue }
            all.append(s)
            all.append("\u{0}")
            order.append(v)
        }
        var k = 0, piece: [Unicode.Scalar] = []
        for u in String(all).decomposedStringWithCanonicalMapping.unicodeScalars {
            guard u != "\u{0}" else {
                if k < order.count, piece.count == 1, piece[0].value == order[k], piece[0].properties.canonicalCombiningClass.rawValue == 0 {
                    table[Int(order[k])] |= nfdStableBit
                }
                k += 1
                piece.removeAll(keepingCapacity: true)
                continue
            }
            piece.append(u)
        }
        return table
    }()

    /// The ASCII part of the table.
    static let ascii: [UInt8] = Array(table[0..<128])

    /// The flags of `s`: a table load in planes 0 and 1, the stdlib's properties above (nfdStable never set).
    @inline(__always)
    static func flags(_ s: Unicode.Scalar) -> UInt8 {
        s.value < tableLimit ? table.withUnsafeBufferPointer { $0[Int(s.value)] } : computeFlags(s)
    }

    /// Rust `char::is_whitespace` (White_Space), which includes \t \n \r.
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }

    /// Whether `s` was assigned by Unicode `major.minor` (unassigned code points: false).
    static func assigned(_ s: Unicode.Scalar, by major: Int, _ minor: Int) -> Bool {
        guard let age = s.properties.age else { return false }
        return age.major < major || (age.major == major && age.minor <= minor)
    }

    /// HF's BERT components take general categories from the unicode_categories crate, which has Unicode 8.0
    /// tables: a scalar assigned later is "unassigned" there, so neither control, punctuation nor a mark.
    static func inBertTables(_ s: Unicode.Scalar) -> Bool { s.value < 0x80 || assigned(s, by: 8, 0) }

    /// The byte-level regex runs on Oniguruma, whose tables are Unicode 16.0.
    static func inRegexTables(_ s: Unicode.Scalar) -> Bool { s.value < 0x80 || assigned(s, by: 16, 0) }

    /// BERT's control test: category C* except \t \n \r (counted as whitespace).
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        if s == "\t" || s == "\n" || s == "\r" { return false }
        guard inBertTables(s) else { return false }
        switch s.properties.generalCategory {
        // Not .unassigned: HF's table (the unicode_categories crate) has no Cn, so unassigned code points stay.
        case .control, .format, .surrogate, .privateUse: return true
        default: return false
        }
    }

    /// BERT's punctuation: ASCII punctuation or a P* category.
    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) { return true }
        guard inBertTables(s) else { return false }
        if v == 0x166D || v == 0x111C9 { return true }  // Po in 8.0, So / Mn now
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    /// The CJK ranges BertNormalizer pads with spaces (the same ranges, gap at U+2B820-2B91F included).
    static func isChinese(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
             0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F: return true
        default: return false
        }
    }

    /// BertNormalizer's accent test: category Mn (in the Unicode 8.0 tables).
    static func isNonspacingMark(_ s: Unicode.Scalar) -> Bool {
        // Scalars whose category changed after 8.0 (found by comparing every code point with HF).
        switch s.value {
        case 0x1734, 0x1171E: return true  // Mn in 8.0, Mc now
        case 0x1885, 0x1886, 0xA9BD, 0x111C9: return false  // Mn now, not in 8.0
        default: return inBertTables(s) && s.properties.generalCategory == .nonspacingMark
        }
    }

    /// Regex `\p{L}` (Unicode 16.0).
    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        guard inRegexTables(s) else { return false }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// Regex `\p{N}` (Unicode 16.0).
    static func isNumber(_ s: Unicode.Scalar) -> Bool {
        guard inRegexTables(s) else { return false }
        switch s.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Decodes the scalar starting at `i` of valid UTF-8; returns it and its length in bytes.
    @inline(__always)
    func scalar(at i: Int) -> (Unicode.Scalar, Int) {
        let b0 = UInt32(self[i])
        if b0 < 0x80 { return (Unicode.Scalar(UInt8(b0)), 1) }
        if b0 < 0xE0 { return (Unicode.Scalar(((b0 & 0x1F) << 6) | (UInt32(self[i + 1]) & 0x3F))!, 2) }
        if b0 < 0xF0 {
            let v = ((b0 & 0x0F) << 12) | ((UInt32(self[i + 1]) & 0x3F) << 6) | (UInt32(self[i + 2]) & 0x3F)
            return (Unicode.Scalar(v) ?? "\u{FFFD}", 3)
        }
        let v = ((b0 & 0x07) << 18) | ((UInt32(self[i + 1]) & 0x3F) << 12) | ((UInt32(self[i + 2]) & 0x3F) << 6)
            | (UInt32(self[i + 3]) & 0x3F)
        return (Unicode.Scalar(v) ?? "\u{FFFD}", 4)
    }
}

extension Array where Element == UInt8 {
    /// Appends the UTF-8 encoding of `s`.
    @inline(__always)
    mutating func appendScalar(_ s: Unicode.Scalar) {
        let v = s.value
        if v < 0x80 { append(UInt8(v)); return }
        if v < 0x800 { append(UInt8(0xC0 | (v >> 6))); append(UInt8(0x80 | (v & 0x3F))); return }
        if v < 0x10000 {
            append(UInt8(0xE0 | (v >> 12))); append(UInt8(0x80 | ((v >> 6) & 0x3F))); append(UInt8(0x80 | (v & 0x3F)))
            return
        }
        append(UInt8(0xF0 | (v >> 18))); append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        append(UInt8(0x80 | ((v >> 6) & 0x3F))); append(UInt8(0x80 | (v & 0x3F)))
    }
}
