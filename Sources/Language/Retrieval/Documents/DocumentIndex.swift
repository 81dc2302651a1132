// Semantic search over a folder of text: chunks, a dense vector index over their embeddings and a BM25 index
// over their words, searched alone or fused. `swiftlearn index build` / `swiftlearn search` sit on top of it.
import Foundation

/// How ``DocumentIndex/search(_:k:mode:)`` ranks.
public enum SearchMode: String, Sendable, CaseIterable, Codable {
    /// Cosine similarity of embeddings (needs the embedder).
    case dense
    /// BM25 over words.
    case lexical
    /// Reciprocal rank fusion of the dense and lexical rankings.
    case hybrid
}

/// One result of a document search.
public struct SearchHit: Sendable, Equatable {
    /// Position of the chunk in ``DocumentIndex/chunks``.
    public var chunk: Int
    /// The chunk's source path (relative to the indexed folder), text and character offsets.
    public var source: String
    public var text: String
    public var start: Int
    public var end: Int
    /// Cosine similarity (dense), BM25 score (lexical) or RRF score (hybrid); larger is better.
    public var score: Double
}

/// Which vector index holds the embeddings.
public enum DenseIndexKind: Sendable, Equatable {
    /// Exact search (GEMM): best below ~10⁵ chunks.
    case exact
    /// HNSW approximate search with these parameters.
    case hnsw(HNSWParameters)
}

/// A searchable collection of text chunks.
///
/// Build it from a folder of `.txt`/`.md` files (or from texts) with any ``TextEmbedder``; save it to a directory
/// (written atomically: `manifest.json`, `chunks.slindex`, `bm25.slindex`, `dense.slindex`) and load it back with the
/// same embedder. Chunks whose embedding is the zero vector (no terms at all) are searchable lexically only.
public struct DocumentIndex: Sendable {
    /// Build settings.
    public struct Configuration: Sendable, Equatable {
        /// How documents are cut; by default 200 words with 40 of overlap, paragraphs respected.
        public var chunker: TextChunker
        public var analyzer: TextAnalyzer
        public var bm25: BM25Parameters
        public var dense: DenseIndexKind
        /// File extensions read from a folder (lowercase, without the dot).
        public var extensions: Set<String>
        /// How many hits of each ranking hybrid search fuses (at least k).
        public var fusionDepth: Int
        /// The k of reciprocal rank fusion.
        public var fusionK: Double

        public init(chunker: TextChunker? = nil, analyzer: TextAnalyzer = TextAnalyzer(), bm25: BM25Parameters = BM25Parameters(),
                    dense: DenseIndexKind = .exact, extensions: Set<String> = ["txt", "md"], fusionDepth: Int = 50, fusionK: Double = 60) {
            self.chunker = chunker ?? TextChunker(checked: 200, overlap: 40, respectsParagraphs: true)
            self.analyzer = analyzer
            self.bm25 = bm25
            self.dense = dense
            self.extensions = extensions
            self.fusionDepth = fusionDepth
            self.fusionK = fusionK
        }
    }

    enum Dense: Sendable {
        case exact(ExactVectorIndex)
        case hnsw(HNSWIndex)

        var dimension: Int {
            switch self {
            case .exact(let i): i.dimension
            case .hnsw(let i): i.dimension
            }
        }

        func search(_ q: [Float], k: Int) throws(LanguageError) -> [VectorHit] {
            switch self {
            case .exact(let i): try i.search(q, k: k)
            case .hnsw(let i): try i.search(q, k: k)
            }
        }

        var ids: [Int] {
            switch self {
            case .exact(let i): i.ids
            case .hnsw(let i): i.ids
            }
        }
    }

    /// Every chunk, in build order (files sorted by path, chunks in text order).
    public let chunks: [TextChunk]
    let lexical: BM25Index
    let dense: Dense
    let fusionDepth: Int
    let fusionK: Double
    /// The embedder queries are embedded with (not saved: pass it again to ``load(from:embedder:)``).
    public let embedder: (any TextEmbedder)?

    /// Indexes every file with one of `configuration.extensions` under `folder` (recursively, hidden files and
    /// folders skipped, sorted by relative path). Files must be UTF-8.
    public static func build(folder: URL, embedder: any TextEmbedder, configuration: Configuration = Configuration()) throws -> DocumentIndex {
        try build(documents: readFolder(folder, extensions: configuration.extensions), embedder: embedder, configuration: configuration)
    }

    /// Indexes `documents` (a source name and its text each).
    public static func build(documents: [(source: String, text: String)], embedder: any TextEmbedder,
                             configuration: Configuration = Configuration()) throws -> DocumentIndex {
        // Checked here as load(from:embedder:) checks them: otherwise an index saves fine and never loads again
        // (fusionDepth ≤ 0), or every hybrid search fails (fusionK negative or NaN).
        guard configuration.fusionDepth > 0 else {
            throw LanguageError.invalidArgument("fusionDepth must be positive, got \(configuration.fusionDepth)")
        }
        guard configuration.fusionK.isFinite, configuration.fusionK >= 0 else {
            throw LanguageError.invalidArgument("fusionK must be finite and ≥ 0, got \(configuration.fusionK)")
        }
        let chunks = documents.flatMap { configuration.chunker.chunks(of: $0.text, source: $0.source) }
        var lexical = try BM25Index(analyzer: configuration.analyzer, parameters: configuration.bm25)
        try lexical.add(chunks.map(\.text))
        var vectors: [[Float]] = []
        var ids: [Int] = []
        for start in stride(from: 0, to: chunks.count, by: 256) {  // bounded memory inside the embedder
            let batch = chunks[start..<min(start + 256, chunks.count)].map(\.text)
            let embedded = try embedder.embed(batch)
            guard embedded.count == batch.count else {
                throw LanguageError.invalidArgument("embedder returned \(embedded.count) vectors for \(batch.count) texts")
            }
            for (i, v) in embedded.enumerated() {
                guard v.count == embedder.dimension else {
                    throw LanguageError.dimensionMismatch(what: "embedding of chunk \(start + i)", expected: embedder.dimension, found: v.count)
                }
                if v.contains(where: { $0 != 0 }) {
                    vectors.append(v)
                    ids.append(start + i)
                }
            }
        }
        let dense: Dense
        switch configuration.dense {
        case .exact:
            var index = try ExactVectorIndex(dimension: embedder.dimension, metric: .cosine)
            try index.add(vectors, ids: ids)
            dense = .exact(index)
        case .hnsw(let parameters):
            var index = try HNSWIndex(dimension: embedder.dimension, metric: .cosine, parameters: parameters)
            try index.add(vectors, ids: ids)
            dense = .hnsw(index)
        }
        return DocumentIndex(chunks: chunks, lexical: lexical, dense: dense, fusionDepth: configuration.fusionDepth,
                             fusionK: configuration.fusionK, embedder: embedder)
    }

    init(chunks: [TextChunk], lexical: BM25Index, dense: Dense, fusionDepth: Int, fusionK: Double, embedder: (any TextEmbedder)?) {
        self.chunks = chunks
        self.lexical = lexical
        self.dense = dense
        self.fusionDepth = fusionDepth
        self.fusionK = fusionK
        self.embedder = embedder
    }

    /// The `k` best chunks for `query`, best first.
    public func search(_ query: String, k: Int, mode: SearchMode = .hybrid) throws -> [SearchHit] {
        guard k > 0 else { throw LanguageError.invalidArgument("k must be positive, got \(k)") }
        switch mode {
        case .lexical:
            return try lexical.search(query, k: k).map { hit($0.id, $0.score) }
        case .dense:
            return try denseSearch(query, k: k).map { hit($0.id, Double($0.score)) }
        case .hybrid:
            let depth = max(k, fusionDepth)
            let d = try denseSearch(query, k: depth).map(\.id)
            let l = try lexical.search(query, k: depth).map(\.id)
            return try ReciprocalRankFusion.fuse([d, l], k: fusionK, limit: k).map { hit($0.id, $0.score) }
        }
    }

    private func denseSearch(_ query: String, k: Int) throws -> [VectorHit] {
        guard let embedder else { throw LanguageError.invalidArgument("dense and hybrid search need the index's embedder (pass it to load(from:embedder:))") }
        guard let q = try embedder.embed([query]).first else { throw LanguageError.invalidArgument("embedder returned no vector for the query") }
        guard q.count == dense.dimension else { throw LanguageError.dimensionMismatch(what: "query embedding", expected: dense.dimension, found: q.count) }
        if !q.contains(where: { $0 != 0 }) { return [] }  // nothing to compare (a query without terms)
        return try dense.search(q, k: k)
    }

    private func hit(_ chunk: Int, _ score: Double) -> SearchHit {
        let c = chunks[chunk]
        return SearchHit(chunk: chunk, source: c.source, text: c.text, start: c.start, end: c.end, score: score)
    }

    /// The UTF-8 text files under `folder` with one of `extensions`, sorted by relative path.
    static func readFolder(_ folder: URL, extensions: Set<String>) throws -> [(source: String, text: String)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LanguageError.fileNotFound(path: folder.path, what: "folder of documents")
        }
        let root = folder.standardizedFileURL.resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else {
            throw LanguageError.fileNotFound(path: folder.path, what: "folder of documents")
        }
        var files: [(String, URL)] = []
        for case let url as URL in walker where extensions.contains(url.pathExtension.lowercased()) {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let full = url.standardizedFileURL.resolvingSymlinksInPath().path
            let relative = full.hasPrefix(root + "/") ? String(full.dropFirst(root.count + 1)) : url.lastPathComponent
            files.append((relative, url))
        }
        files.sort { $0.0 < $1.0 }
        return try files.map { relative, url in
            let data: Data
            do { data = try Data(contentsOf: url) } catch { throw LanguageError.malformedFile(path: url.path, detail: "cannot read: \(error.localizedDescription)") }
            guard let text = String(validating: data, as: UTF8.self) else { throw LanguageError.invalidUTF8(location: url.path) }
            return (relative, text)
        }
    }
}
