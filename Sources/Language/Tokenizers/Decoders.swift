// Decoders: ids' tokens back to text, as Hugging Face's decoders do it.
//  - WordPiece: tokens after the first get a leading space unless they start with the prefix (which is
//    removed); with `cleanup`, each token then has spaces before . ? ! , and in contractions removed
//    (per token, as tokenizers ≥ 0.13 does: "it ' s" stays, "hello ." becomes "hello.").
//  - ByteLevel: characters back to bytes, then UTF-8 with invalid sequences replaced by U+FFFD (Rust's
//    from_utf8_lossy and Swift's String(decoding:) both replace each maximal invalid subpart).
//  - none: tokens joined by spaces.

enum TokenDecoder: Equatable, Sendable {
    case wordPiece(prefix: String, cleanup: Bool)
    case byteLevel
    case none

    func decode(_ tokens: [String]) -> String {
        switch self {
        case .none:
            return tokens.joined(separator: " ")
        case let .wordPiece(prefix, cleanup):
            var out = ""
            for (i, token) in tokens.enumerated() {
                var t = token
                if i != 0 {
                    // Byte-wise: "##া" is one Character in Swift (a combining sign joins the "#"), but starts with "##".
                    if let rest = t.droppingUTF8Prefix(prefix) { t = rest } else { t = " " + t }
                }
                out += cleanup ? Self.cleanup(t) : t
            }
            return out
        case .byteLevel:
            var bytes: [UInt8] = []
            for token in tokens {
                let mark = bytes.count
                var ok = true
                for s in token.unicodeScalars {
                    guard let b = ByteLevelMap.scalarToByte[s.value] else { ok = false; break }
                    bytes.append(b)
                }
                if !ok {  // a token that is not byte characters (an added token, say) is taken as it is
                    bytes.removeSubrange(mark..<bytes.count)
                    bytes += Array(token.utf8)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    static func cleanup(_ s: String) -> String {
        guard s.contains(" ") else { return s }
        return s.replacingAll(" .", ".").replacingAll(" ?", "?").replacingAll(" !", "!").replacingAll(" ,", ",")
            .replacingAll(" ' ", "'").replacingAll(" n't", "n't").replacingAll(" 'm", "'m")
            .replacingAll(" do not", " don't").replacingAll(" 's", "'s").replacingAll(" 've", "'ve")
            .replacingAll(" 're", "'re")
    }
}

extension String {
    /// `self` without `prefix`, compared as UTF-8 bytes (Rust's strip_prefix), or nil if it does not start with it.
    func droppingUTF8Prefix(_ prefix: String) -> String? {
        guard !prefix.isEmpty, utf8.starts(with: prefix.utf8) else { return nil }
        return String(decoding: utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
    }

    /// Replaces every non-overlapping occurrence, left to right (Rust's str::replace), comparing bytes.
    func replacingAll(_ target: String, _ replacement: String) -> String {
        let t = Array(target.utf8), s = Array(utf8)
        guard t.count <= s.count else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = 0
        var changed = false
        while i < s.count {
            if i + t.count <= s.count && s[i] == t[0] && Array(s[i..<i + t.count]) == t {
                out += replacement.utf8
                i += t.count
                changed = true
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return changed ? String(decoding: out, as: UTF8.self) : self
    }
}
