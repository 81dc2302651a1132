// Saving and loading the BM25 index (IndexFile container, kind "BM25"), with structural checks on load.
import Foundation

extension BM25Index {
    /// Writes the index (analyzer, parameters, vocabulary, postings, lengths, ids) to `url` atomically.
    public func save(to url: URL) throws(LanguageError) {
        var file = IndexFileWriter(kind: "BM25")
        var meta = ByteWriter()
        meta.f64(parameters.k1)
        meta.f64(parameters.b)
        meta.u64(UInt64(count))
        meta.u64(UInt64(terms.count))
        let stop = analyzer.stopwords.sorted()
        meta.u64(UInt64(stop.count))
        for s in stop { meta.string(s) }
        file.add("META", meta)
        var docs = ByteWriter()
        docs.int64s(ids)
        docs.int32s(documentLengths)
        file.add("DOCS", docs)
        var post = ByteWriter()
        for (t, term) in terms.enumerated() {
            post.string(term)
            post.int32s(postingDocs[t])
            post.int32s(postingCounts[t])
        }
        file.add("POST", post)
        try file.write(to: url)
    }

    /// Reads an index written by ``save(to:)``; scores are bit-identical.
    public static func load(from url: URL) throws(LanguageError) -> BM25Index {
        let path = url.path
        let sections = try IndexFile.read(url, kind: "BM25")
        func bad(_ detail: String) -> LanguageError { .malformedFile(path: path, detail: detail) }
        var meta = try IndexFile.section(sections, "META", path: path)
        let k1 = try meta.f64(), b = try meta.f64()
        let count = try meta.int("document count")
        let termCount = try meta.count(max: sections["POST"]?.remaining ?? 0, "term count")
        let stopCount = try meta.count(max: meta.remaining / 4, "stopword count")
        var stop = Set<String>()
        for _ in 0..<stopCount { stop.insert(try meta.string()) }
        try meta.finish()
        var index: BM25Index
        do {
            index = try BM25Index(analyzer: TextAnalyzer(stopwords: stop), parameters: BM25Parameters(k1: k1, b: b))
        } catch {
            throw bad("stored parameters are invalid: \(error)")
        }
        var docs = try IndexFile.section(sections, "DOCS", path: path)
        let ids = try docs.int64s()
        let lengths = try docs.int32s()
        try docs.finish()
        guard ids.count == count, lengths.count == count else { throw bad("\(ids.count) ids and \(lengths.count) lengths for \(count) documents") }
        guard lengths.allSatisfy({ $0 >= 0 }) else { throw bad("negative document length") }
        var post = try IndexFile.section(sections, "POST", path: path)
        var vocabulary: [String: Int] = [:]
        var terms: [String] = [], postingDocs: [[Int32]] = [], postingCounts: [[Int32]] = []
        var perDocument = [Int](repeating: 0, count: count)
        for t in 0..<termCount {
            let term = try post.string()
            let d = try post.int32s(), c = try post.int32s()
            guard vocabulary[term] == nil else { throw bad("term \"\(term)\" appears twice") }
            guard !d.isEmpty, d.count == c.count else { throw bad("postings of \"\(term)\" are empty or uneven") }
            var previous: Int32 = -1
            for (doc, n) in zip(d, c) {
                guard doc > previous, Int(doc) < count, n > 0 else { throw bad("postings of \"\(term)\" are out of order, out of range or zero") }
                previous = doc
                perDocument[Int(doc)] += Int(n)
            }
            vocabulary[term] = t
            terms.append(term)
            postingDocs.append(d)
            postingCounts.append(c)
        }
        try post.finish()
        guard perDocument == lengths.map(Int.init) else { throw bad("document lengths do not match the postings") }
        index.vocabulary = vocabulary
        index.terms = terms
        index.postingDocs = postingDocs
        index.postingCounts = postingCounts
        index.documentLengths = lengths
        index.totalLength = perDocument.reduce(0, +)
        index.ids = ids
        return index
    }
}
