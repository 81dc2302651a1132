// After the model: truncation (before special tokens, leaving room for them), the template that adds
// [CLS]/[SEP] and type ids, and padding — the order and arithmetic of Hugging Face's TokenizerImpl::post_process.

/// A post-processor template (TemplateProcessing; BertProcessing is the template [CLS] $A [SEP] / … $B:1 [SEP]:1).
struct PostProcessor: Equatable, Sendable {
    enum Piece: Equatable, Sendable {
        case special(ids: [Int], typeId: Int)
        case sequence(second: Bool, typeId: Int)
    }

    var single: [Piece]
    var pair: [Piece]

    /// No special tokens: A with type 0, B with type 1 (HF's default processing).
    static let identity = PostProcessor(single: [.sequence(second: false, typeId: 0)],
                                        pair: [.sequence(second: false, typeId: 0), .sequence(second: true, typeId: 1)])
    /// Whether the file had no post-processor or one that does not touch ids (ByteLevel).
    var isIdentity: Bool { self == .identity }

    static func bert(cls: Int, sep: Int) -> PostProcessor {
        PostProcessor(single: [.special(ids: [cls], typeId: 0), .sequence(second: false, typeId: 0), .special(ids: [sep], typeId: 0)],
                      pair: [.special(ids: [cls], typeId: 0), .sequence(second: false, typeId: 0), .special(ids: [sep], typeId: 0),
                             .sequence(second: true, typeId: 1), .special(ids: [sep], typeId: 1)])
    }

    /// How many ids the template adds.
    func addedCount(pair isPair: Bool) -> Int {
        (isPair ? pair : single).reduce(0) { n, p in if case .special(let ids, _) = p { return n + ids.count }; return n }
    }

    /// Truncates (room left for the template's tokens when `addSpecialTokens`), applies the template and returns
    /// the unpadded encoding.
    func process(_ a: [Int], _ b: [Int]?, addSpecialTokens: Bool, truncation: TokenizerTruncation?,
                 tokens: (Int) -> String) -> Encoding {
        var a = a, b = b
        if let t = truncation {
            let added = addSpecialTokens ? addedCount(pair: b != nil) : 0
            // HF subtracts with wrapping arithmetic: more special tokens than max_length means no truncation.
            if added <= t.maxLength { Self.truncate(&a, &b, maxLength: t.maxLength - added, truncation: t) }
        }
        var ids: [Int] = [], typeIds: [Int] = [], special: [Int] = []
        let count = a.count + (b?.count ?? 0) + (addSpecialTokens ? addedCount(pair: b != nil) : 0)
        ids.reserveCapacity(count); typeIds.reserveCapacity(count); special.reserveCapacity(count)
        for piece in (b == nil ? single : pair) {
            switch piece {
            case let .special(pieceIds, typeId):
                guard addSpecialTokens else { continue }
                ids += pieceIds
                typeIds += Array(repeating: typeId, count: pieceIds.count)
                special += Array(repeating: 1, count: pieceIds.count)
            case let .sequence(second, typeId):
                let s = second ? (b ?? []) : a
                ids += s
                typeIds += Array(repeating: typeId, count: s.count)
                special += Array(repeating: 0, count: s.count)
            }
        }
        return Encoding(ids: ids, typeIds: typeIds, attentionMask: Array(repeating: 1, count: ids.count),
                        tokens: ids.map(tokens), specialTokensMask: special)
    }

    /// HF's truncate_encodings (stride 0: the overflow is dropped).
    static func truncate(_ a: inout [Int], _ b: inout [Int]?, maxLength: Int, truncation: TokenizerTruncation) {
        func cut(_ s: inout [Int], to n: Int) {
            guard s.count > n else { return }
            if truncation.direction == .right { s.removeSubrange(n...) } else { s.removeSubrange(0..<(s.count - n)) }
        }
        if maxLength == 0 {
            cut(&a, to: 0)
            if b != nil { cut(&b!, to: 0) }
            return
        }
        let total = a.count + (b?.count ?? 0)
        guard total > maxLength else { return }
        guard var second = b else {
            cut(&a, to: maxLength)  // every strategy truncates a lone sequence
            return
        }
        switch truncation.strategy {
        case .longestFirst:
            var n1 = a.count, n2 = second.count
            let swap = n1 > n2
            if swap { (n1, n2) = (n2, n1) }
            n2 = n1 > maxLength ? n1 : Swift.max(n1, maxLength - n1)
            if n1 + n2 > maxLength {
                n1 = maxLength / 2
                n2 = n1 + maxLength % 2
            }
            if swap { (n1, n2) = (n2, n1) }
            cut(&a, to: n1)
            cut(&second, to: n2)
        case .onlyFirst:
            // HF errors when the other sequence alone is too long; here the first is emptied as far as it goes.
            cut(&a, to: Swift.max(0, maxLength - second.count))
        case .onlySecond:
            cut(&second, to: Swift.max(0, maxLength - a.count))
        }
        b = second
    }
}

extension TokenizerPadding {
    /// Pads every encoding to the batch's target length (HF's pad_encodings).
    func pad(_ encodings: inout [Encoding]) {
        var target: Int
        switch length {
        case .longest: target = encodings.map(\.count).max() ?? 0
        case .fixed(let n): target = n
        }
        if let m = padToMultipleOf, m > 0, target % m != 0 { target += m - target % m }
        for k in encodings.indices where encodings[k].count < target {
            let extra = target - encodings[k].count
            var e = encodings[k]
            let ids = Array(repeating: padId, count: extra), types = Array(repeating: padTypeId, count: extra)
            let zeros = Array(repeating: 0, count: extra), ones = Array(repeating: 1, count: extra)
            let toks = Array(repeating: padToken, count: extra)
            if direction == .right {
                e = Encoding(ids: e.ids + ids, typeIds: e.typeIds + types, attentionMask: e.attentionMask + zeros,
                             tokens: e.tokens + toks, specialTokensMask: e.specialTokensMask + ones)
            } else {
                e = Encoding(ids: ids + e.ids, typeIds: types + e.typeIds, attentionMask: zeros + e.attentionMask,
                             tokens: toks + e.tokens, specialTokensMask: ones + e.specialTokensMask)
            }
            encodings[k] = e
        }
    }
}
