import Foundation
import Testing
@testable import Language

/// Truncations, byte flips and a wrong magic on a saved index file must all throw LanguageError (never trap).
func expectHostileFilesRejected(_ url: URL, sourceLocation: SourceLocation = #_sourceLocation, _ load: (URL) throws -> Void) throws {
    let good = try [UInt8](Data(contentsOf: url))
    let bad = url.deletingLastPathComponent().appendingPathComponent("hostile-" + url.lastPathComponent)
    defer { try? FileManager.default.removeItem(at: bad) }
    func rejects(_ bytes: [UInt8], _ what: String) throws {
        try Data(bytes).write(to: bad)
        var caught: (any Error)?
        do { try load(bad) } catch { caught = error }
        #expect(caught is LanguageError, "\(what) was accepted or threw \(String(describing: caught))", sourceLocation: sourceLocation)
    }
    let n = good.count
    for cut in Set([0, 3, 8, 12, 16, 20, 30, 40, n / 3, n / 2, n - 9, n - 1]) where cut < n {
        try rejects(Array(good.prefix(cut)), "a file truncated at \(cut) of \(n) bytes")
    }
    let positions = Set((0..<40).map { $0 * max(1, n / 40) } + [0, 8, 12, 16, 20, 24, 28, 36, n - 1]).filter { $0 < n }
    for p in positions.sorted() {
        var flipped = good
        flipped[p] ^= 0x5A
        try rejects(flipped, "a file with byte \(p) of \(n) flipped")
    }
    var magic = good
    magic.replaceSubrange(0..<8, with: Array("GGUF\0\0\0\0".utf8))
    try rejects(magic, "a wrong magic")
    try rejects(good + [0], "a trailing byte")
    try rejects([], "an empty file")
}

@Suite struct IndexFileTests {
    @Test func absurdCountsAreRejectedWithoutAllocating() throws {
        // A section that claims 2⁶⁰ bytes.
        var header = ByteWriter()
        header.bytes = IndexFile.magic
        header.u32(1)
        header.tag("EXCT")
        header.u32(1)
        header.tag("VECS")
        header.u64(1 << 60)
        header.u64(0)
        #expect(throws: LanguageError.self) { try IndexFile.parse(header.bytes, path: "x", kind: "EXCT") }
        // A section count of 4 billion.
        var many = ByteWriter()
        many.bytes = IndexFile.magic
        many.u32(1)
        many.tag("EXCT")
        many.u32(.max)
        #expect(throws: LanguageError.self) { try IndexFile.parse(many.bytes, path: "x", kind: "EXCT") }
        // Valid checksums, but a float count of 2⁵⁰ inside the section, and a vector count of 2⁴⁰ in META.
        let dir = temporaryDirectory("absurd")
        defer { try? FileManager.default.removeItem(at: dir) }
        var file = IndexFileWriter(kind: "EXCT")
        var meta = ByteWriter()
        meta.u64(4)
        meta.u32(1)
        meta.u64(1 << 40)
        file.add("META", meta)
        var vecs = ByteWriter()
        vecs.u64(1 << 50)
        file.add("VECS", vecs)
        var ids = ByteWriter()
        ids.int64s([])
        file.add("IDS ", ids)
        let url = dir.appendingPathComponent("absurd.slindex")
        try file.write(to: url)
        #expect(throws: LanguageError.self) { try ExactVectorIndex.load(from: url) }
        // Missing file: fileNotFound.
        #expect(throws: LanguageError.fileNotFound(path: dir.appendingPathComponent("none").path, what: "index file")) {
            try ExactVectorIndex.load(from: dir.appendingPathComponent("none"))
        }
    }

    @Test func vectorIndexesRoundTripBitForBit() throws {
        let model = ClusteredVectors(dimension: 16, clusters: 4, seed: 5)
        let data = model.sample(count: 600, seed: 6), queries = model.sample(count: 20, seed: 7)
        let dir = temporaryDirectory("vectors")
        defer { try? FileManager.default.removeItem(at: dir) }

        var exact = try ExactVectorIndex(dimension: 16, metric: .l2)
        try exact.add(data, ids: (0..<600).map { $0 * 3 })
        let exactURL = dir.appendingPathComponent("exact.slindex")
        try exact.save(to: exactURL)
        let exact2 = try ExactVectorIndex.load(from: exactURL)
        #expect(exact2.metric == .l2 && exact2.dimension == 16 && exact2.ids == exact.ids)
        let a = try exact.search(queries: queries, k: 7), b = try exact2.search(queries: queries, k: 7)
        #expect(a.map { $0.map(\.id) } == b.map { $0.map(\.id) })
        #expect(a.map { $0.map(\.score.bitPattern) } == b.map { $0.map(\.score.bitPattern) })
        try expectHostileFilesRejected(exactURL) { _ = try ExactVectorIndex.load(from: $0) }

        var hnsw = try HNSWIndex(dimension: 16, parameters: HNSWParameters(m: 6, efConstruction: 40, efSearch: 30, seed: 11))
        try hnsw.add(data)
        let hnswURL = dir.appendingPathComponent("hnsw.slindex")
        try hnsw.save(to: hnswURL)
        let hnsw2 = try HNSWIndex.load(from: hnswURL)
        #expect(hnsw2.parameters == hnsw.parameters && hnsw2.layer0 == hnsw.layer0 && hnsw2.upperLinks == hnsw.upperLinks)
        let c = try hnsw.search(queries: queries, k: 7), d = try hnsw2.search(queries: queries, k: 7)
        #expect(c.map { $0.map(\.id) } == d.map { $0.map(\.id) })
        #expect(c.map { $0.map(\.score.bitPattern) } == d.map { $0.map(\.score.bitPattern) })
        try expectHostileFilesRejected(hnswURL) { _ = try HNSWIndex.load(from: $0) }
        // A file of one kind is not loaded as another.
        #expect(throws: LanguageError.self) { try ExactVectorIndex.load(from: hnswURL) }
    }

    @Test func graphLinksOutOfRangeAreRejectedEvenWithValidChecksums() throws {
        var hnsw = try HNSWIndex(dimension: 4, parameters: HNSWParameters(m: 4, efConstruction: 10))
        try hnsw.add((0..<30).map { i in [Float(i), 1, Float(i % 3), 2] })
        hnsw.layer0[1] = 9999  // first link of node 0
        let dir = temporaryDirectory("links")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("bad.slindex")
        try hnsw.save(to: url)
        #expect(throws: LanguageError.self) { try HNSWIndex.load(from: url) }
        hnsw.layer0[1] = 1
        hnsw.layer0[0] = 100  // a count above capacity
        try hnsw.save(to: url)
        #expect(throws: LanguageError.self) { try HNSWIndex.load(from: url) }
    }
}
