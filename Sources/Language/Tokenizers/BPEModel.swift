// The BPE model (Hugging Face models/bpe): a word starts as one symbol per character (with the optional
// continuing-subword prefix / end-of-word suffix, unknown characters → unk, fused if fuse_unk), then the
// adjacent pair with the lowest merge rank is merged, leftmost first on equal ranks, until no pair has a
// rank. That is exactly the order of HF's heap (rank, then position) with stale entries skipped.

struct BPEModel: Sendable {
    let vocab: ByteVocabulary
    /// (left id << 32 | right id) → (rank << 32 | merged id).
    let merges: [UInt64: UInt64]
    /// The merges in rank order, as token strings (kept for saving).
    let mergeList: [(String, String)]
    let unkToken: String?
    let unkId: Int?
    let continuingSubwordPrefix: String?
    let endOfWordSuffix: String?
    let fuseUnk: Bool
    let ignoreMerges: Bool

    init(vocab: [(String, Int)], merges: [(String, String)], unkToken: String?, continuingSubwordPrefix: String?,
         endOfWordSuffix: String?, fuseUnk: Bool, ignoreMerges: Bool, path: String) throws(LanguageError) {
        var v = ByteVocabulary(capacity: vocab.count)
        for (token, id) in vocab { v.insert(token, id) }
        var table: [UInt64: UInt64] = [:]
        table.reserveCapacity(merges.count)
        let prefixCount = continuingSubwordPrefix?.utf8.count ?? 0
        for (rank, (a, b)) in merges.enumerated() {
            guard let ia = v.id(a), let ib = v.id(b) else {
                throw .malformedFile(path: path, detail: "model.merges[\(rank)]: \"\(a) \(b)\" uses a token that is not in the vocabulary")
            }
            // The merged token drops b's continuing prefix, as HF does.
            var right = b
            if prefixCount > 0, let p = continuingSubwordPrefix, let rest = b.droppingUTF8Prefix(p) { right = rest }
            guard let merged = v.id(a + right) else {
                throw .malformedFile(path: path, detail: "model.merges[\(rank)]: \"\(a)\(right)\" is not in the vocabulary")
            }
            let key = UInt64(UInt32(ia)) << 32 | UInt64(UInt32(ib))
            table[key] = UInt64(rank) << 32 | UInt64(UInt32(merged))  // a later duplicate wins, as in HF's HashMap
        }
        if let unk = unkToken, v.id(unk) == nil {
            throw .invalidConfig(path: path, key: "model.unk_token", detail: "\"\(unk)\" is not in the vocabulary")
        }
        self.vocab = v
        self.merges = table
        mergeList = merges
        self.unkToken = unkToken
        unkId = unkToken.flatMap { v.id($0) }
        self.continuingSubwordPrefix = continuingSubwordPrefix
        self.endOfWordSuffix = endOfWordSuffix
        self.fuseUnk = fuseUnk
        self.ignoreMerges = ignoreMerges
    }

    /// Appends the ids of the word `p[0..<n]` (valid UTF-8, already byte-mapped for byte-level BPE).
    func tokenize(_ p: UnsafePointer<UInt8>, _ n: Int, into ids: inout [Int]) {
        guard n > 0 else { return }
        if ignoreMerges {
            let whole = vocab.lookup(p, n)
            if whole >= 0 { ids.append(whole); return }
        }
        var symbols: [Int] = []
        symbols.reserveCapacity(n)
        var pendingUnk = false
        let plain = continuingSubwordPrefix == nil && endOfWordSuffix == nil
        var i = 0
        while i < n {
            var e = i + 1
            while e < n && p[e] & 0xC0 == 0x80 { e += 1 }
            var id: Int
            if plain {
                id = vocab.lookup(p + i, e - i)
            } else {
                var s = String(decoding: UnsafeBufferPointer(start: p + i, count: e - i), as: UTF8.self)
                if i > 0, let prefix = continuingSubwordPrefix { s = prefix + s }
                if e == n, let suffix = endOfWordSuffix { s += suffix }
                id = vocab.id(s) ?? -1
            }
            if id >= 0 {
                if pendingUnk { symbols.append(unkId!); pendingUnk = false }
                symbols.append(id)
            } else if let unk = unkId {
                if pendingUnk && !fuseUnk { symbols.append(unk) }
                pendingUnk = true
            }
            i = e
        }
        if pendingUnk { symbols.append(unkId!) }
        merge(&symbols)
        ids += symbols
    }

    /// Merges in place: lowest rank first, leftmost among equal ranks.
    func merge(_ symbols: inout [Int]) {
        while symbols.count > 1 {
            var bestRank = UInt64.max, bestPos = -1, bestId = 0
            for k in 0..<(symbols.count - 1) {
                let key = UInt64(UInt32(symbols[k])) << 32 | UInt64(UInt32(symbols[k + 1]))
                if let m = merges[key], m >> 32 < bestRank {
                    bestRank = m >> 32
                    bestPos = k
                    bestId = Int(m & 0xFFFF_FFFF)
                }
            }
            if bestPos < 0 { return }
            symbols[bestPos] = bestId
            symbols.remove(at: bestPos + 1)
        }
    }
}
