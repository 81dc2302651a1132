// Finding added tokens ([CLS], [MASK], <|endoftext|>, …) in text before the model sees it, as Hugging Face's
// AddedVocabulary does: leftmost-longest matching (its Aho-Corasick automaton uses MatchKind::LeftmostLongest),
// with the lstrip / rstrip / single_word options. Tokens are few, so a first-byte filter and direct comparison
// beat an automaton here.

struct AddedTokenMatcher: Sendable {
    private let patterns: [(bytes: [UInt8], token: AddedToken)]
    private let firstByte: [Bool]

    init(_ tokens: [AddedToken]) {
        patterns = tokens.filter { !$0.content.isEmpty }.map { (Array($0.content.utf8), $0) }
        var first = [Bool](repeating: false, count: 256)
        for p in patterns { first[Int(p.bytes[0])] = true }
        firstByte = first
    }

    var isEmpty: Bool { patterns.isEmpty }

    /// Walks `buf`, calling `segment` for the text between matches (possibly empty ranges are skipped) and
    /// `added` with the id of each match, in order.
    func split(_ buf: UnsafeBufferPointer<UInt8>, segment: (Range<Int>) -> Void, added: (Int) -> Void) {
        let n = buf.count
        if patterns.isEmpty {
            if n > 0 { segment(0..<n) }
            return
        }
        var segStart = 0, i = 0
        while i < n {
            guard firstByte[Int(buf[i])] else { i += 1; continue }
            var best: (length: Int, token: AddedToken)?
            for p in patterns where p.bytes.count <= n - i && (best == nil || p.bytes.count > best!.length) {
                var equal = true
                for k in 0..<p.bytes.count where buf[i + k] != p.bytes[k] { equal = false; break }
                if equal { best = (p.bytes.count, p.token) }
            }
            guard let match = best else { i += 1; continue }
            // HF takes the leftmost-longest match first and only then checks single_word: a match inside a word
            // is discarded and the search resumes after it (find_iter's matches never overlap), so no shorter
            // token at this position and no token starting inside the discarded one is tried.
            if match.token.singleWord && !isWordBoundary(buf, i, i + match.length) {
                i += match.length
                continue
            }
            var start = i, end = i + match.length
            // lstrip / rstrip swallow Unicode whitespace (HF's regexes \s*$ and ^\s*: White_Space, so U+00A0,
            // U+3000 and the other Unicode spaces too, not only ASCII).
            if match.token.lstrip {
                while start > segStart {
                    var p = start - 1
                    while p > segStart && buf[p] & 0xC0 == 0x80 { p -= 1 }
                    guard isSpace(buf.scalar(at: p).0) else { break }
                    start = p
                }
            }
            if match.token.rstrip {
                while end < n {
                    let (s, len) = buf.scalar(at: end)
                    guard isSpace(s) else { break }
                    end += len
                }
            }
            if start > segStart { segment(segStart..<start) }
            added(match.token.id)
            segStart = end
            i = end
        }
        if segStart < n { segment(segStart..<n) }
    }

    private func isSpace(_ s: Unicode.Scalar) -> Bool { CharacterClasses.flags(s) & CharacterClasses.whitespaceBit != 0 }

    /// single_word: the match must not touch a word character on either side. HF tests with the regexes ^\w and
    /// \w$ of Rust's regex crate, whose Unicode \w is Alphabetic, marks (M*), decimal digits (Nd), connector
    /// punctuation (Pc) and Join_Control: so "²" and "½" (No) are not word characters, while a combining accent,
    /// "‿" and a circled letter are.
    private func isWordBoundary(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        func isWord(_ s: Unicode.Scalar) -> Bool {
            let p = s.properties
            if p.isAlphabetic || p.isJoinControl { return true }
            switch p.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
            default: return false
            }
        }
        if start > 0 {
            var p = start - 1
            while p > 0 && buf[p] & 0xC0 == 0x80 { p -= 1 }
            if isWord(buf.scalar(at: p).0) { return false }
        }
        if end < buf.count && isWord(buf.scalar(at: end).0) { return false }
        return true
    }
}
