// Saving and loading the vector indexes (IndexFile container). Loading checks structure, not only checksums:
// every count against the bytes present and the declared shape, every graph link against the node count, so a
// hostile file gives a typed error instead of an out-of-bounds read during search.
import Foundation

/// The sections both vector indexes share: META starts with width, metric and count; VECS and IDS hold the rows.
struct StoredVectors {
    var dimension: Int
    var metric: VectorMetric
    var vectors: [Float]
    var ids: [Int]

    /// Starts META (more fields may follow) and adds VECS and IDS.
    func write(into file: inout IndexFileWriter, meta: inout ByteWriter) {
        meta.u64(UInt64(dimension))
        meta.u32(metric.code)
        meta.u64(UInt64(ids.count))
        var v = ByteWriter()
        v.floats(vectors)
        file.add("VECS", v)
        var i = ByteWriter()
        i.int64s(ids)
        file.add("IDS ", i)
    }

    /// Reads what ``write(into:meta:)`` wrote, checking sizes and finiteness; `meta` is left after the count.
    static func read(_ sections: [String: ByteReader], meta: inout ByteReader, path: String) throws(LanguageError) -> StoredVectors {
        let dimension = try meta.int("dimension", max: 1 << 20)
        guard let metric = VectorMetric(code: try meta.u32()) else { throw meta.failure("unknown metric code") }
        let count = try meta.int("count")
        var vs = try IndexFile.section(sections, "VECS", path: path)
        let vectors = try vs.floats()
        try vs.finish()
        var isec = try IndexFile.section(sections, "IDS ", path: path)
        let ids = try isec.int64s()
        try isec.finish()
        guard dimension > 0, vectors.count == count * dimension, ids.count == count else {
            throw .malformedFile(path: path, detail: "\(vectors.count) floats and \(ids.count) ids do not match \(count) vectors of width \(dimension)")
        }
        guard vectors.allSatisfy(\.isFinite) else { throw .malformedFile(path: path, detail: "stored vectors contain NaN or infinity") }
        // The bound add(_:ids:) enforces (VectorRows.maximumSquaredLength): a longer stored row makes scores overflow
        // to ±inf or NaN, and a NaN row silently drops out of every top-k.
        for row in 0..<count {
            var squares: Double = 0
            for x in vectors[(row * dimension)..<((row + 1) * dimension)] { squares += Double(x) * Double(x) }
            guard squares <= VectorRows.maximumSquaredLength else {
                throw .malformedFile(path: path, detail: "stored vector \(row) is too long (squared length \(squares))")
            }
        }
        return StoredVectors(dimension: dimension, metric: metric, vectors: vectors, ids: ids)
    }
}

extension ExactVectorIndex {
    /// Writes the index to `url` atomically (kind "EXCT").
    public func save(to url: URL) throws(LanguageError) {
        var file = IndexFileWriter(kind: "EXCT")
        var meta = ByteWriter()
        StoredVectors(dimension: dimension, metric: metric, vectors: vectors, ids: ids).write(into: &file, meta: &meta)
        file.add("META", meta)
        try file.write(to: url)
    }

    /// Reads an index written by ``save(to:)``; searches give bit-identical results.
    public static func load(from url: URL) throws(LanguageError) -> ExactVectorIndex {
        let sections = try IndexFile.read(url, kind: "EXCT")
        var meta = try IndexFile.section(sections, "META", path: url.path)
        let stored = try StoredVectors.read(sections, meta: &meta, path: url.path)
        try meta.finish()
        var index = try ExactVectorIndex(dimension: stored.dimension, metric: stored.metric)
        index.appendRows(stored.vectors, ids: stored.ids)
        return index
    }
}

extension HNSWIndex {
    /// Writes the index (vectors, ids, levels, links, parameters) to `url` atomically (kind "HNSW").
    public func save(to url: URL) throws(LanguageError) {
        var file = IndexFileWriter(kind: "HNSW")
        var meta = ByteWriter()
        StoredVectors(dimension: dimension, metric: metric, vectors: vectors, ids: ids).write(into: &file, meta: &meta)
        meta.u64(UInt64(parameters.m))
        meta.u64(UInt64(parameters.efConstruction))
        meta.u64(UInt64(parameters.efSearch))
        meta.u64(parameters.seed)
        meta.u64(UInt64(bitPattern: Int64(entryPoint)))
        meta.u64(UInt64(maxLevel))
        file.add("META", meta)
        var lv = ByteWriter()
        lv.u64(UInt64(levels.count))
        lv.bytes.append(contentsOf: levels)
        file.add("LEVL", lv)
        var l0 = ByteWriter()
        l0.int32s(layer0)
        file.add("LNK0", l0)
        var up = ByteWriter()
        up.int32s(upperLinks)
        file.add("LNKU", up)
        try file.write(to: url)
    }

    /// Reads an index written by ``save(to:)``; searches give bit-identical results.
    public static func load(from url: URL) throws(LanguageError) -> HNSWIndex {
        let path = url.path
        let sections = try IndexFile.read(url, kind: "HNSW")
        var meta = try IndexFile.section(sections, "META", path: path)
        let stored = try StoredVectors.read(sections, meta: &meta, path: path)
        let (dimension, metric, count, vectors, ids) = (stored.dimension, stored.metric, stored.ids.count, stored.vectors, stored.ids)
        let m = try meta.int("m", max: 256)
        let efc = try meta.int("efConstruction")
        let efs = try meta.int("efSearch")
        let seed = try meta.u64()
        let entry = Int64(bitPattern: try meta.u64())
        let maxLevel = try meta.int("max level", max: 30)
        try meta.finish()
        var index = try HNSWIndex(dimension: dimension, metric: metric, parameters: HNSWParameters(m: m, efConstruction: efc, efSearch: efs, seed: seed))
        func bad(_ detail: String) -> LanguageError { .malformedFile(path: path, detail: detail) }

        var ls = try IndexFile.section(sections, "LEVL", path: path)
        let levelCount = try ls.count(max: ls.remaining, "level count")
        let levels = [UInt8](try ls.slice(levelCount))
        try ls.finish()
        var l0s = try IndexFile.section(sections, "LNK0", path: path)
        let layer0 = try l0s.int32s()
        try l0s.finish()
        var ups = try IndexFile.section(sections, "LNKU", path: path)
        let upper = try ups.int32s()
        try ups.finish()

        let m0 = 2 * m
        guard levels.count == count, layer0.count == count * (m0 + 1) else {
            throw bad("section sizes do not match \(count) nodes of width \(dimension) with m = \(m)")
        }
        guard (count == 0 && entry == -1) || (0..<Int64(count)).contains(entry) else { throw bad("entry point \(entry) is not a node") }
        var offsets: [Int] = []
        offsets.reserveCapacity(count)
        var upperSize = 0
        for level in levels {
            guard Int(level) <= maxLevel else { throw bad("a node's level \(level) exceeds the maximum \(maxLevel)") }
            offsets.append(level > 0 ? upperSize : -1)
            upperSize += Int(level) * (m + 1)
        }
        guard upper.count == upperSize else { throw bad("upper-layer links hold \(upper.count) entries, levels imply \(upperSize)") }
        if count > 0 && Int(levels[Int(entry)]) != maxLevel { throw bad("the entry point is not on the top level") }
        // A link on level l must point to a node that exists on level l: search reads the target's level-l list,
        // and a node below l has none (its offset is -1), so such a link would read outside the link storage.
        func checkList(_ list: ArraySlice<Int32>, capacity: Int, level: Int) throws(LanguageError) {
            let n = Int(list[list.startIndex])
            guard (0...capacity).contains(n) else { throw bad("a neighbour list holds \(n) links, at most \(capacity) allowed") }
            for e in list.dropFirst().prefix(n) where e < 0 || Int(e) >= count || Int(levels[Int(e)]) < level {
                throw bad("a level-\(level) link points to node \(e) of \(count), which is not on that level")
            }
        }
        for node in 0..<count {
            try checkList(layer0[(node * (m0 + 1))..<((node + 1) * (m0 + 1))], capacity: m0, level: 0)
            for l in 0..<Int(levels[node]) {
                let s = offsets[node] + l * (m + 1)
                try checkList(upper[s..<(s + m + 1)], capacity: m, level: l + 1)
            }
        }
        index.vectors = vectors
        index.ids = ids
        index.levels = levels
        index.layer0 = layer0
        index.upperOffsets = offsets
        index.upperLinks = upper
        index.entryPoint = Int32(entry)
        index.maxLevel = count == 0 ? 0 : maxLevel
        return index
    }
}
