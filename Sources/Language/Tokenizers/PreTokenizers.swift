// Pre-tokenizers: where words begin and end before the model sees them.
//  - BertPreTokenizer: split on whitespace (removed) and isolate every punctuation character.
//  - ByteLevel (GPT-2): the regex 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
//    evaluated by hand on scalars (first alternative that matches at a position, greedy quantifiers,
//    backtracking only where the pattern needs it: `\s+(?!\S)` gives back one whitespace before a non-space).
//    Each piece's bytes are then mapped to GPT-2's printable "byte characters".

enum BertPreTokenizer {
    /// Calls `word` with the byte range of each word of `buf` (valid UTF-8).
    @inline(__always)
    static func split(_ buf: UnsafeBufferPointer<UInt8>, word: (Int, Int) -> Void) {
        let n = buf.count
        var start = -1, i = 0
        CharacterClasses.ascii.withUnsafeBufferPointer { table in
            while i < n {
                let b = buf[i]
                var len = 1
                let isSpace: Bool, isPunct: Bool
                if b < 0x80 {
                    let f = table[Int(b)]
                    isSpace = f & CharacterClasses.whitespaceBit != 0
                    isPunct = f & CharacterClasses.punctuationBit != 0
                } else {
                    let (s, l) = buf.scalar(at: i)
                    len = l
                    let f = CharacterClasses.flags(s)
                    isSpace = f & CharacterClasses.whitespaceBit != 0
                    isPunct = !isSpace && f & CharacterClasses.punctuationBit != 0
                }
                if isSpace || isPunct {
                    if start >= 0 { word(start, i); start = -1 }
                    if isPunct { word(i, i + len) }
                } else if start < 0 {
                    start = i
                }
                i += len
            }
        }
        if start >= 0 { word(start, n) }
    }
}

/// GPT-2's reversible byte ↔ printable character map.
enum ByteLevelMap {
    /// The character each byte stands for.
    static let byteToScalar: [Unicode.Scalar] = {
        var bs = Array(33...126) + Array(161...172) + Array(174...255)
        var cs = bs
        var extra = 0
        for b in 0..<256 where !bs.contains(b) {
            bs.append(b)
            cs.append(256 + extra)
            extra += 1
        }
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        for (b, c) in zip(bs, cs) { table[b] = Unicode.Scalar(UInt32(c))! }
        return table
    }()

    /// The UTF-8 of each byte's character, flattened: entry b is utf8[b * 2 ..< b * 2 + utf8Count[b]].
    static let utf8: (bytes: [UInt8], counts: [UInt8]) = {
        var bytes = [UInt8](repeating: 0, count: 512), counts = [UInt8](repeating: 0, count: 256)
        for b in 0..<256 {
            var u: [UInt8] = []
            u.appendScalar(byteToScalar[b])
            counts[b] = UInt8(u.count)
            for (k, x) in u.enumerated() { bytes[b * 2 + k] = x }
        }
        return (bytes, counts)
    }()

    /// The byte a character stands for, or nil if it is not one of the 256 characters.
    static let scalarToByte: [UInt32: UInt8] = {
        var m: [UInt32: UInt8] = [:]
        for b in 0..<256 { m[byteToScalar[b].value] = UInt8(b) }
        return m
    }()

    /// The 256 characters as strings (the trainer's initial alphabet).
    static var alphabet: [String] { byteToScalar.map { String($0) } }

    /// Appends the mapped UTF-8 of `p[0..<n]` to `out`.
    @inline(__always)
    static func map(_ p: UnsafePointer<UInt8>, _ n: Int, into out: inout [UInt8]) {
        utf8.bytes.withUnsafeBufferPointer { bytes in
            for i in 0..<n {
                let b = Int(p[i])
                out.append(bytes[b * 2])
                if utf8.counts[b] == 2 { out.append(bytes[b * 2 + 1]) }
            }
        }
    }
}

enum ByteLevelPreTokenizer {
    private enum Kind { case letter, number, space, other }

    @inline(__always)
    private static func kind(_ s: Unicode.Scalar) -> Kind {
        let f = CharacterClasses.flags(s)
        if f & CharacterClasses.letterBit != 0 { return .letter }
        if f & CharacterClasses.digitBit != 0 { return .number }
        if f & CharacterClasses.whitespaceBit != 0 { return .space }
        return .other
    }

    /// Calls `piece` with the byte range of each match of the GPT-2 pattern in `buf` (valid UTF-8).
    static func split(_ buf: UnsafeBufferPointer<UInt8>, piece: (Int, Int) -> Void) {
        let n = buf.count
        var i = 0
        while i < n {
            // 's|'t|'re|'ve|'m|'ll|'d
            if buf[i] == UInt8(ascii: "'") && i + 1 < n {
                let c1 = buf[i + 1]
                if c1 == UInt8(ascii: "s") || c1 == UInt8(ascii: "t") || c1 == UInt8(ascii: "m") || c1 == UInt8(ascii: "d") {
                    piece(i, i + 2)
                    i += 2
                    continue
                }
                if i + 2 < n {
                    let c2 = buf[i + 2]
                    if (c1 == UInt8(ascii: "r") && c2 == UInt8(ascii: "e")) || (c1 == UInt8(ascii: "v") && c2 == UInt8(ascii: "e"))
                        || (c1 == UInt8(ascii: "l") && c2 == UInt8(ascii: "l")) {
                        piece(i, i + 3)
                        i += 3
                        continue
                    }
                }
            }
            let (c, len) = buf.scalar(at: i)
            var k = kind(c)
            var j = i + len  // end of the first character of the run
            if c == " " && j < n {
                let (c2, len2) = buf.scalar(at: j)
                let k2 = kind(c2)
                if k2 != .space {  // ` ?` takes the space
                    k = k2
                    j += len2
                }
            }
            if k != .space {
                // ` ?\p{L}+`, ` ?\p{N}+` or ` ?[^\s\p{L}\p{N}]+`: extend over the same kind.
                while j < n {
                    let (d, l) = buf.scalar(at: j)
                    if kind(d) != k { break }
                    j += l
                }
                piece(i, j)
                i = j
                continue
            }
            // A whitespace run: `\s+(?!\S)` (all of it at the end, else all but the last) or `\s+`.
            var end = i, last = i, count = 0
            while end < n {
                let (d, l) = buf.scalar(at: end)
                if kind(d) != .space { break }
                last = end
                end += l
                count += 1
            }
            if end < n && count >= 2 { end = last }
            piece(i, end)
            i = end
        }
    }
}
