// The pipeline every tokenizer here runs, in Hugging Face's order: added tokens are cut out of the raw text,
// each remaining segment is normalized, pre-tokenized into words and tokenized by the model; then truncation,
// the post-processor template and padding. Everything after the String's UTF-8 view is byte-based.

/// The model at the heart of a tokenizer.
enum TokenizerModel: Sendable {
    case wordPiece(WordPieceModel)
    case bpe(BPEModel)
}

/// Which pre-tokenizer splits normalized text into words.
enum PreTokenizerKind: Equatable, Sendable {
    case bert
    case byteLevel(addPrefixSpace: Bool, useRegex: Bool)
    case none
}

struct TokenizerPipeline: Sendable {
    var addedTokens: [AddedToken]
    let rawMatcher: AddedTokenMatcher
    let normalizedMatcher: AddedTokenMatcher
    let normalizer: BertNormalizer?
    let preTokenizer: PreTokenizerKind
    let model: TokenizerModel
    let postProcessor: PostProcessor
    let decoder: TokenDecoder
    var truncation: TokenizerTruncation?
    var padding: TokenizerPadding?
    /// id → token for the model's vocabulary and the added tokens.
    let idToToken: [String]
    let specialIds: Set<Int>

    init(addedTokens: [AddedToken], normalizer: BertNormalizer?, preTokenizer: PreTokenizerKind, model: TokenizerModel,
         modelVocabulary: [(String, Int)], postProcessor: PostProcessor, decoder: TokenDecoder,
         truncation: TokenizerTruncation?, padding: TokenizerPadding?) {
        self.addedTokens = addedTokens
        // Tokens flagged `normalized` are looked for after normalization; with no normalizer that is the raw text.
        rawMatcher = AddedTokenMatcher(addedTokens.filter { !$0.normalized || normalizer == nil })
        // HF looks for a `normalized` token's content normalized the same way as the text (AddedVocabulary::
        // refresh_added_tokens): under BERT uncased "NEWWORD" is matched as "newword", "Ångström" as "angstrom".
        normalizedMatcher = AddedTokenMatcher(normalizer.map { n in
            addedTokens.filter(\.normalized).map { t in
                var t = t
                t.content = n.normalized(t.content)
                return t
            }
        } ?? [])
        self.normalizer = normalizer
        self.preTokenizer = preTokenizer
        self.model = model
        self.postProcessor = postProcessor
        self.decoder = decoder
        self.truncation = truncation
        self.padding = padding
        let size = Swift.max((modelVocabulary.map(\.1).max() ?? -1), (addedTokens.map(\.id).max() ?? -1)) + 1
        var table = [String](repeating: "", count: size)
        for (token, id) in modelVocabulary where id >= 0 { table[id] = token }
        // A `normalized` added token's id maps back to its normalized content in HF (id_to_token(30522) is
        // "newword" for an added "NEWWORD" under BERT uncased, while token_to_id("NEWWORD") is 30522), so decode
        // and the encoding's tokens show that form.
        for t in addedTokens where t.id >= 0 { table[t.id] = t.normalized ? normalizer?.normalized(t.content) ?? t.content : t.content }
        idToToken = table
        specialIds = Set(addedTokens.filter(\.special).map(\.id))
    }

    var vocabularySize: Int { idToToken.count }

    func token(_ id: Int) -> String { id >= 0 && id < idToToken.count ? idToToken[id] : "" }

    // MARK: Encoding

    /// The model ids of one sequence (no special tokens, no truncation).
    func sequenceIds(_ text: String) -> [Int] {
        var text = text
        var ids: [Int] = []
        ids.reserveCapacity(text.utf8.count / 3 + 4)
        var normalized: [UInt8] = []
        var scratch: [UInt8] = []
        text.withUTF8 { buf in
            rawMatcher.split(buf) { range in
                let segment = UnsafeBufferPointer(rebasing: buf[range])
                if let normalizer {
                    normalized.removeAll(keepingCapacity: true)
                    normalized.reserveCapacity(segment.count + 8)
                    normalizer.normalize(segment, into: &normalized)
                    normalized.withUnsafeBufferPointer { nb in
                        normalizedMatcher.split(nb) { r in
                            words(UnsafeBufferPointer(rebasing: nb[r]), into: &ids, scratch: &scratch)
                        } added: { ids.append($0) }
                    }
                } else {
                    words(segment, into: &ids, scratch: &scratch)
                }
            } added: { ids.append($0) }
        }
        return ids
    }

    /// Pre-tokenizes a normalized segment and runs the model on each word.
    private func words(_ seg: UnsafeBufferPointer<UInt8>, into ids: inout [Int], scratch: inout [UInt8]) {
        guard let base = seg.baseAddress, seg.count > 0 else { return }
        switch (preTokenizer, model) {
        case (.bert, .wordPiece(let m)):
            BertPreTokenizer.split(seg) { s, e in m.tokenize(base + s, e - s, into: &ids) }
        case (.bert, .bpe(let m)):
            BertPreTokenizer.split(seg) { s, e in m.tokenize(base + s, e - s, into: &ids) }
        case let (.byteLevel(addPrefixSpace, useRegex), _):
            var text = Array(seg)
            if addPrefixSpace && text.first != 32 { text.insert(32, at: 0) }
            text.withUnsafeBufferPointer { tb in
                let tbase = tb.baseAddress!
                func each(_ s: Int, _ e: Int) {
                    scratch.removeAll(keepingCapacity: true)
                    ByteLevelMap.map(tbase + s, e - s, into: &scratch)
                    scratch.withUnsafeBufferPointer { mb in modelTokenize(mb.baseAddress!, mb.count, into: &ids) }
                }
                if useRegex { ByteLevelPreTokenizer.split(tb, piece: each) } else { each(0, tb.count) }
            }
        case (.none, _):
            modelTokenize(base, seg.count, into: &ids)
        }
    }

    @inline(__always)
    private func modelTokenize(_ p: UnsafePointer<UInt8>, _ n: Int, into ids: inout [Int]) {
        switch model {
        case .wordPiece(let m): m.tokenize(p, n, into: &ids)
        case .bpe(let m): m.tokenize(p, n, into: &ids)
        }
    }

    /// One encoding, truncated, with special tokens, padded on its own (Fixed padding; Longest is a no-op here).
    func encode(_ text: String, pair: String?, addSpecialTokens: Bool) -> Encoding {
        let a = sequenceIds(text)
        let b = pair.map(sequenceIds)
        var encodings = [postProcessor.process(a, b, addSpecialTokens: addSpecialTokens, truncation: truncation, tokens: token)]
        padding?.pad(&encodings)
        return encodings[0]
    }

    /// A batch, padded together.
    func encodeBatch(_ texts: [String], pairs: [String]?, addSpecialTokens: Bool) -> [Encoding] {
        var encodings = texts.indices.map { k in
            postProcessor.process(sequenceIds(texts[k]), pairs.map { sequenceIds($0[k]) }, addSpecialTokens: addSpecialTokens,
                                  truncation: truncation, tokens: token)
        }
        padding?.pad(&encodings)
        return encodings
    }

    // MARK: Decoding

    func decode(_ ids: [Int], skipSpecialTokens: Bool) -> String {
        // Unknown ids are dropped, as HF's id_to_token filter_map does.
        let tokens = ids.compactMap { id -> String? in
            guard id >= 0 && id < idToToken.count, !idToToken[id].isEmpty || isKnown(id) else { return nil }
            if skipSpecialTokens && specialIds.contains(id) { return nil }
            return idToToken[id]
        }
        return decoder.decode(tokens)
    }

    private func isKnown(_ id: Int) -> Bool { addedTokens.contains { $0.id == id } }
}
