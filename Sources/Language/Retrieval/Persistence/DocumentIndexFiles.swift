// Saving and loading a DocumentIndex as a directory, replaced atomically as a whole.
import Foundation
import Tensors

extension DocumentIndex {
    struct Manifest: Codable, Equatable {
        var format: Int
        var chunks: Int
        var embedder: String
        var dimension: Int
        var dense: String
        var fusionDepth: Int
        var fusionK: Double
        /// Free-form facts about the index for the application that built it (the CLI records the model folder).
        var metadata: [String: String]?
    }

    static let manifestName = "manifest.json"

    /// Writes the index to the directory `url` (created or replaced atomically), with `metadata` in its manifest
    /// (``metadata(at:)`` reads it back without loading the index; `swiftlearn index build` records the model folder).
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        let manifest = Manifest(format: 1, chunks: chunks.count, embedder: embedder.map { String(describing: type(of: $0)) } ?? "unknown",
                                dimension: dense.dimension, dense: { if case .exact = dense { "exact" } else { "hnsw" } }(),
                                fusionDepth: fusionDepth, fusionK: fusionK, metadata: metadata.isEmpty ? nil : metadata)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let manifestBytes = Array(try encoder.encode(manifest))
        var file = IndexFileWriter(kind: "DOCS")
        var body = ByteWriter()
        body.u64(UInt64(chunks.count))
        for c in chunks {
            body.string(c.source)
            body.string(c.text)
            body.u64(UInt64(c.start))
            body.u64(UInt64(c.end))
        }
        file.add("CHNK", body)
        try AtomicFile.writeDirectory(url) { staging in
            try AtomicFile.write(manifestBytes, to: staging.appendingPathComponent(Self.manifestName))
            try file.write(to: staging.appendingPathComponent("chunks.slindex"))
            try lexical.save(to: staging.appendingPathComponent("bm25.slindex"))
            switch dense {
            case .exact(let i): try i.save(to: staging.appendingPathComponent("dense.slindex"))
            case .hnsw(let i): try i.save(to: staging.appendingPathComponent("dense.slindex"))
            }
        }
    }

    /// The metadata saved with the index at `url` (empty when none was given).
    public static func metadata(at url: URL) throws -> [String: String] {
        try readManifest(url).metadata ?? [:]
    }

    private static func readManifest(_ url: URL) throws -> Manifest {
        let manifestURL = url.appendingPathComponent(manifestName)
        guard FileManager.default.fileExists(atPath: manifestURL.path) else {
            throw LanguageError.fileNotFound(path: manifestURL.path, what: "document index manifest")
        }
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: manifestURL))
        } catch {
            throw LanguageError.malformedFile(path: manifestURL.path, detail: "not a document index manifest: \(error)")
        }
        guard manifest.format == 1 else { throw LanguageError.malformedFile(path: manifestURL.path, detail: "format \(manifest.format) is not supported") }
        return manifest
    }

    /// Reads an index written by ``save(to:metadata:)``. Pass the embedder it was built with for dense and hybrid search
    /// (its dimension must match); lexical search needs none.
    public static func load(from url: URL, embedder: (any TextEmbedder)?) throws -> DocumentIndex {
        let manifest = try readManifest(url)
        let chunksURL = url.appendingPathComponent("chunks.slindex")
        let sections = try IndexFile.read(chunksURL, kind: "DOCS")
        var body = try IndexFile.section(sections, "CHNK", path: chunksURL.path)
        let count = try body.count(max: body.remaining / 24, "chunk count")
        var chunks: [TextChunk] = []
        chunks.reserveCapacity(count)
        for _ in 0..<count {
            let source = try body.string(), text = try body.string()
            let start = try body.int("start", max: Int.max), end = try body.int("end", max: Int.max)
            guard start <= end else { throw body.failure("a chunk ends (\(end)) before it starts (\(start))") }
            chunks.append(TextChunk(source: source, text: text, start: start, end: end))
        }
        try body.finish()
        let lexical = try BM25Index.load(from: url.appendingPathComponent("bm25.slindex"))
        let denseURL = url.appendingPathComponent("dense.slindex")
        let dense: Dense = manifest.dense == "hnsw" ? .hnsw(try HNSWIndex.load(from: denseURL)) : .exact(try ExactVectorIndex.load(from: denseURL))
        guard manifest.chunks == chunks.count, lexical.count == chunks.count, lexical.ids == Array(0..<chunks.count),
              dense.dimension == manifest.dimension, dense.ids.allSatisfy({ (0..<chunks.count).contains($0) })
        else {
            throw LanguageError.malformedFile(path: url.path, detail: "the index files disagree (chunk counts or ids); rebuild the index")
        }
        if let embedder, embedder.dimension != dense.dimension {
            throw LanguageError.dimensionMismatch(what: "embedder for \(url.path)", expected: dense.dimension, found: embedder.dimension)
        }
        guard manifest.fusionDepth > 0, manifest.fusionK.isFinite, manifest.fusionK >= 0 else {
            throw LanguageError.malformedFile(path: url.appendingPathComponent(manifestName).path, detail: "invalid fusion settings")
        }
        return DocumentIndex(chunks: chunks, lexical: lexical, dense: dense, fusionDepth: manifest.fusionDepth, fusionK: manifest.fusionK, embedder: embedder)
    }
}
