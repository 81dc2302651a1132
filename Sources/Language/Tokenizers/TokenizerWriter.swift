// Writing tokenizer.json for a BPE tokenizer in the layout Python `tokenizers` writes (version 1.0, merges as
// [a, b] pairs, vocab in id order), by hand so key order and escaping are deterministic.

enum TokenizerWriter {
    static func json(_ t: BPETokenizer) -> String {
        let p = t.pipeline
        guard case .bpe(let m) = p.model else { return "{}" }
        var out = "{\n  \"version\": \"1.0\",\n"
        out += "  \"truncation\": " + truncation(p.truncation) + ",\n"
        out += "  \"padding\": " + padding(p.padding) + ",\n"
        out += "  \"added_tokens\": ["
        out += p.addedTokens.map { a in
            "\n    {\"id\": \(a.id), \"content\": \(quote(a.content)), \"single_word\": \(a.singleWord), \"lstrip\": \(a.lstrip), "
                + "\"rstrip\": \(a.rstrip), \"normalized\": \(a.normalized), \"special\": \(a.special)}"
        }.joined(separator: ",")
        out += p.addedTokens.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"normalizer\": " + normalizer(p.normalizer) + ",\n"
        switch p.preTokenizer {
        case let .byteLevel(addPrefixSpace, useRegex):
            out += "  \"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": \(addPrefixSpace), \"trim_offsets\": true, \"use_regex\": \(useRegex)},\n"
        case .bert: out += "  \"pre_tokenizer\": {\"type\": \"BertPreTokenizer\"},\n"
        case .none: out += "  \"pre_tokenizer\": null,\n"
        }
        out += "  \"post_processor\": " + postProcessor(p) + ",\n"
        switch p.decoder {
        case .byteLevel: out += "  \"decoder\": {\"type\": \"ByteLevel\", \"add_prefix_space\": true, \"trim_offsets\": true, \"use_regex\": true},\n"
        case let .wordPiece(prefix, cleanup): out += "  \"decoder\": {\"type\": \"WordPiece\", \"prefix\": \(quote(prefix)), \"cleanup\": \(cleanup)},\n"
        case .none: out += "  \"decoder\": null,\n"
        }
        out += "  \"model\": {\n    \"type\": \"BPE\",\n    \"dropout\": null,\n"
        out += "    \"unk_token\": \(m.unkToken.map(quote) ?? "null"),\n"
        out += "    \"continuing_subword_prefix\": \(m.continuingSubwordPrefix.map(quote) ?? "null"),\n"
        out += "    \"end_of_word_suffix\": \(m.endOfWordSuffix.map(quote) ?? "null"),\n"
        out += "    \"fuse_unk\": \(m.fuseUnk),\n    \"byte_fallback\": false,\n    \"ignore_merges\": \(m.ignoreMerges),\n"
        out += "    \"vocab\": {"
        out += m.vocab.entries.sorted { $0.id < $1.id }.map { "\n      \(quote($0.token)): \($0.id)" }.joined(separator: ",")
        out += "\n    },\n    \"merges\": ["
        out += m.mergeList.map { "\n      [\(quote($0.0)), \(quote($0.1))]" }.joined(separator: ",")
        out += "\n    ]\n  }\n}\n"
        return out
    }

    private static func truncation(_ t: TokenizerTruncation?) -> String {
        guard let t else { return "null" }
        return "{\"direction\": \"\(t.direction.rawValue)\", \"max_length\": \(t.maxLength), \"strategy\": \"\(t.strategy.rawValue)\", \"stride\": 0}"
    }

    private static func padding(_ p: TokenizerPadding?) -> String {
        guard let p else { return "null" }
        let strategy: String
        switch p.length {
        case .longest: strategy = "\"BatchLongest\""
        case .fixed(let n): strategy = "{\"Fixed\": \(n)}"
        }
        return "{\"strategy\": \(strategy), \"direction\": \"\(p.direction.rawValue)\", \"pad_to_multiple_of\": "
            + "\(p.padToMultipleOf.map(String.init) ?? "null"), \"pad_id\": \(p.padId), \"pad_type_id\": \(p.padTypeId), "
            + "\"pad_token\": \(quote(p.padToken))}"
    }

    private static func normalizer(_ n: BertNormalizer?) -> String {
        guard let o = n?.options else { return "null" }
        return "{\"type\": \"BertNormalizer\", \"clean_text\": \(o.cleanText), \"handle_chinese_chars\": \(o.handleChineseChars), "
            + "\"strip_accents\": \(o.stripAccents.map { "\($0)" } ?? "null"), \"lowercase\": \(o.lowercase)}"
    }

    private static func postProcessor(_ p: TokenizerPipeline) -> String {
        if p.postProcessor.isIdentity { return "null" }
        var specials: [String: [Int]] = [:]
        func template(_ pieces: [PostProcessor.Piece]) -> String {
            "[" + pieces.map { piece in
                switch piece {
                case let .sequence(second, typeId): return "{\"Sequence\": {\"id\": \"\(second ? "B" : "A")\", \"type_id\": \(typeId)}}"
                case let .special(ids, typeId):
                    let name = ids.map { p.token($0) }.joined()
                    specials[name] = ids
                    return "{\"SpecialToken\": {\"id\": \(quote(name)), \"type_id\": \(typeId)}}"
                }
            }.joined(separator: ", ") + "]"
        }
        let single = template(p.postProcessor.single), pair = template(p.postProcessor.pair)
        let table = specials.sorted { $0.key < $1.key }.map { name, ids in
            "\(quote(name)): {\"id\": \(quote(name)), \"ids\": \(ids), \"tokens\": [\(ids.map { quote(p.token($0)) }.joined(separator: ", "))]}"
        }.joined(separator: ", ")
        return "{\"type\": \"TemplateProcessing\", \"single\": \(single), \"pair\": \(pair), \"special_tokens\": {\(table)}}"
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, everything else as is.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
