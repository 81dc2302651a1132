// The WordPiece model (Hugging Face models/wordpiece): greedy longest-match-first over each word, pieces after
// the first looked up with the continuing-subword prefix ("##"), a word with no full segmentation or longer than
// max_input_chars_per_word becomes one [UNK]. Works on UTF-8 bytes: the candidate end only ever moves to a
// scalar boundary (the same candidates as Rust's char-boundary loop), starts no further than the longest
// vocabulary entry allows, and the prefix is never concatenated: pieces after the first are looked up in a
// second table keyed by the entry without its prefix.

struct WordPieceModel: Sendable {
    let vocab: ByteVocabulary
    /// Entries that start with the prefix, keyed without it.
    let continuations: ByteVocabulary
    let unkToken: String
    let unkId: Int
    let prefix: String
    let maxInputCharsPerWord: Int

    init(vocab: [(String, Int)], unkToken: String, prefix: String, maxInputCharsPerWord: Int) throws(LanguageError) {
        var v = ByteVocabulary(capacity: vocab.count)
        var c = ByteVocabulary(capacity: vocab.count)
        let p = Array(prefix.utf8)
        for (token, id) in vocab {
            v.insert(token, id)
            let bytes = Array(token.utf8)
            if bytes.count > p.count && bytes.starts(with: p) { c.insert(bytes[p.count...], id) }
        }
        guard let unk = v.id(unkToken) else {
            throw .invalidConfig(path: "tokenizer.json", key: "model.unk_token", detail: "\"\(unkToken)\" is not in the vocabulary")
        }
        self.vocab = v
        continuations = c
        self.unkToken = unkToken
        unkId = unk
        self.prefix = prefix
        self.maxInputCharsPerWord = maxInputCharsPerWord
    }

    /// Appends the ids of the word `p[0..<n]` (non-empty, valid UTF-8).
    @inline(__always)
    func tokenize(_ p: UnsafePointer<UInt8>, _ n: Int, into ids: inout [Int]) {
        var chars = 0
        for i in 0..<n where p[i] & 0xC0 != 0x80 { chars += 1 }
        if chars > maxInputCharsPerWord {
            ids.append(unkId)
            return
        }
        let mark = ids.count
        var start = 0
        while start < n {
            // Two explicit branches rather than `let table = …`: copying the struct would retain its arrays.
            var end = Swift.min(n, start + (start == 0 ? vocab.maxKeyLength : continuations.maxKeyLength))
            while end < n && p[end] & 0xC0 == 0x80 { end -= 1 }
            var found = -1
            while end > start {
                found = start == 0 ? vocab.lookup(p, end) : continuations.lookup(p + start, end - start)
                if found >= 0 { break }
                end -= 1
                while end > start && p[end] & 0xC0 == 0x80 { end -= 1 }
            }
            if found < 0 {
                ids.removeSubrange(mark..<ids.count)
                ids.append(unkId)
                return
            }
            ids.append(found)
            start = end
        }
    }
}
