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
                if equal && (!p.token.singleWord || isWordBoundary(buf, i, i + p.bytes.count)) {
                    best = (p.bytes.count, p.token)
                }
            }
            guard let match = best else { i += 1; continue }
            var start = i, end = i + match.length
            if match.token.lstrip { while start > segStart && isSpaceByte(buf[start - 1]) { start -= 1 } }
            if match.token.rstrip { while end < n && isSpaceByte(buf[end]) { end += 1 } }
            if start > segStart { segment(segStart..<start) }
            added(match.token.id)
            segStart = end
            i = end
        }
        if segStart < n { segment(segStart..<n) }
    }

    private func isSpaceByte(_ b: UInt8) -> Bool { b == 32 || (9...13).contains(b) }

    /// single_word: the match must not touch a letter, digit or underscore on either side.
    private func isWordBoundary(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        func isWord(_ s: Unicode.Scalar) -> Bool { s == "_" || CharacterClasses.isLetter(s) || CharacterClasses.isNumber(s) }
        if start > 0 {
            var p = start - 1
            while p > 0 && buf[p] & 0xC0 == 0x80 { p -= 1 }
            if isWord(buf.scalar(at: p).0) { return false }
        }
        if end < buf.count && isWord(buf.scalar(at: end).0) { return false }
        return true
    }
}
