// The binary container every retrieval index is saved in: one versioned file, little-endian.
//
//   magic "SLINDEX\0" (8 bytes) · u32 format version (1) · 4-byte kind ("EXCT", "HNSW", "BM25", "DOCS")
//   · u32 section count, then per section: 4-byte tag · u64 byte length · u64 checksum · the bytes.
//
// Why this shape: a reader can check every length against the bytes actually present before it allocates
// anything, so a truncated or hostile file (absurd counts) costs at most the file's own size, and a checksum per
// section catches flipped bytes. Structural checks (ids in range, counts within capacity) are the job of each
// index's loader, because a file with recomputed checksums can still lie. Files are written with AtomicFile.
import Foundation
import Tensors

/// Writes the container; each index appends its sections and calls ``write(to:)``.
struct IndexFileWriter {
    let kind: String
    private var sections: [(tag: String, body: [UInt8])] = []

    init(kind: String) { self.kind = kind }

    mutating func add(_ tag: String, _ body: ByteWriter) { sections.append((tag, body.bytes)) }

    func encoded() -> [UInt8] {
        var out = ByteWriter()
        out.bytes.append(contentsOf: IndexFile.magic)
        out.u32(IndexFile.version)
        out.tag(kind)
        out.u32(UInt32(sections.count))
        for s in sections {
            out.tag(s.tag)
            out.u64(UInt64(s.body.count))
            out.u64(IndexFile.checksum(s.body[...]))
            out.bytes.append(contentsOf: s.body)
        }
        return out.bytes
    }

    func write(to url: URL) throws(LanguageError) {
        do {
            try AtomicFile.write(encoded(), to: url)
        } catch {
            throw .malformedFile(path: url.path, detail: "cannot write index file: \(error)")
        }
    }
}

enum IndexFile {
    static let magic: [UInt8] = Array("SLINDEX\0".utf8)
    static let version: UInt32 = 1
    /// More sections than any index writes: a larger count is rejected before anything is read.
    static let maximumSections = 64

    /// A 64-bit checksum over 8-byte words (FNV-1a style multiply-xor, with a final avalanche); not
    /// cryptographic: it detects corruption, not tampering.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        bytes.withUnsafeBytes { raw in
            let words = raw.count / 8
            for w in 0..<words {
                let v = raw.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self)
                h = (h ^ UInt64(littleEndian: v)) &* 0x0000_0100_0000_01b3
                h ^= h >> 29
            }
            for i in (words * 8)..<raw.count { h = (h ^ UInt64(raw[i])) &* 0x0000_0100_0000_01b3 }
        }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }

    /// Reads the file at `url` and checks its container: magic, version, kind, section lengths and checksums.
    static func read(_ url: URL, kind: String) throws(LanguageError) -> [String: ByteReader] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            if !FileManager.default.fileExists(atPath: url.path) { throw .fileNotFound(path: url.path, what: "index file") }
            throw .malformedFile(path: url.path, detail: "cannot read: \(error.localizedDescription)")
        }
        return try parse([UInt8](data), path: url.path, kind: kind)
    }

    static func parse(_ bytes: [UInt8], path: String, kind: String) throws(LanguageError) -> [String: ByteReader] {
        var r = ByteReader(bytes[...], path: path, section: "header")
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw .malformedFile(path: path, detail: "not a SwiftLearn index file (bad magic)")
        }
        try r.skip(magic.count)
        let v = try r.u32()
        guard v == version else { throw .malformedFile(path: path, detail: "index format version \(v) is not supported (this build reads \(version))") }
        let k = try r.tag()
        guard k == kind else { throw .malformedFile(path: path, detail: "holds a \"\(k)\" index, expected \"\(kind)\"") }
        let count = try r.u32()
        guard count <= maximumSections else { throw .malformedFile(path: path, detail: "section count \(count) exceeds \(maximumSections)") }
        var sections: [String: ByteReader] = [:]
        for _ in 0..<Int(count) {
            let tag = try r.tag()
            let length = try r.u64()
            let sum = try r.u64()
            guard length <= UInt64(r.remaining) else {
                throw .malformedFile(path: path, detail: "section \"\(tag)\" claims \(length) bytes, only \(r.remaining) remain (truncated?)")
            }
            let body = try r.slice(Int(length))
            guard checksum(body) == sum else { throw .malformedFile(path: path, detail: "section \"\(tag)\" fails its checksum (corrupt file)") }
            guard sections[tag] == nil else { throw .malformedFile(path: path, detail: "section \"\(tag)\" appears twice") }
            sections[tag] = ByteReader(body, path: path, section: tag)
        }
        guard r.remaining == 0 else { throw .malformedFile(path: path, detail: "\(r.remaining) unexpected bytes after the last section") }
        return sections
    }

    static func section(_ sections: [String: ByteReader], _ tag: String, path: String) throws(LanguageError) -> ByteReader {
        guard let s = sections[tag] else { throw .malformedFile(path: path, detail: "section \"\(tag)\" is missing") }
        return s
    }
}

/// Little-endian encoding into a growing byte array.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func f32(_ v: Float) { u32(v.bitPattern) }
    mutating func f64(_ v: Double) { u64(v.bitPattern) }
    mutating func tag(_ s: String) {
        var t = Array(s.utf8.prefix(4))
        while t.count < 4 { t.append(0x20) }
        bytes.append(contentsOf: t)
    }
    /// A u32 byte count then the UTF-8 bytes.
    mutating func string(_ s: String) {
        u32(UInt32(s.utf8.count))
        bytes.append(contentsOf: s.utf8)
    }
    /// A u64 count then the values (all platforms Swift supports are little-endian, so the bytes are copied).
    mutating func floats(_ v: [Float]) {
        u64(UInt64(v.count))
        v.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
    mutating func int32s(_ v: [Int32]) {
        u64(UInt64(v.count))
        v.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
    mutating func int64s(_ v: [Int]) {
        u64(UInt64(v.count))
        for x in v { u64(UInt64(bitPattern: Int64(x))) }
    }
}

/// Little-endian decoding with every read checked against the bytes present (errors name the file and section).
struct ByteReader {
    private let bytes: ArraySlice<UInt8>
    private var position: Int
    let path: String
    let section: String

    init(_ bytes: ArraySlice<UInt8>, path: String, section: String) {
        self.bytes = bytes
        self.position = bytes.startIndex
        self.path = path
        self.section = section
    }

    var remaining: Int { bytes.endIndex - position }

    func failure(_ detail: String) -> LanguageError {
        .malformedFile(path: path, detail: "section \"\(section)\": \(detail)")
    }

    private mutating func take(_ n: Int) throws(LanguageError) -> ArraySlice<UInt8> {
        guard n >= 0, n <= remaining else { throw failure("needs \(n) more bytes at offset \(position - bytes.startIndex), \(remaining) remain (truncated?)") }
        defer { position += n }
        return bytes[position..<(position + n)]
    }

    mutating func skip(_ n: Int) throws(LanguageError) { _ = try take(n) }
    mutating func slice(_ n: Int) throws(LanguageError) -> ArraySlice<UInt8> { try take(n) }

    mutating func u32() throws(LanguageError) -> UInt32 {
        let s = try take(4)
        return s.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
    }
    mutating func u64() throws(LanguageError) -> UInt64 {
        let s = try take(8)
        return s.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
    }
    mutating func f32() throws(LanguageError) -> Float { Float(bitPattern: try u32()) }
    mutating func f64() throws(LanguageError) -> Double { Double(bitPattern: try u64()) }
    mutating func tag() throws(LanguageError) -> String {
        String(decoding: try take(4), as: UTF8.self)
    }
    /// A u64 that must fit `limit` (a count read before an allocation).
    mutating func count(max limit: Int, _ what: String) throws(LanguageError) -> Int {
        let v = try u64()
        guard v <= UInt64(limit) else { throw failure("\(what) \(v) is larger than possible (at most \(limit))") }
        return Int(v)
    }
    mutating func int(_ what: String, max limit: Int = Int(Int32.max)) throws(LanguageError) -> Int { try count(max: limit, what) }
    mutating func string() throws(LanguageError) -> String {
        let n = Int(try u32())
        let s = try take(n)
        guard let text = String(validating: s, as: UTF8.self) else { throw .invalidUTF8(location: "\(path), section \"\(section)\"") }
        return text
    }
    mutating func floats() throws(LanguageError) -> [Float] { try plain(Float.self, "float count") }
    mutating func int32s() throws(LanguageError) -> [Int32] { try plain(Int32.self, "int32 count") }

    /// A u64 count then that many fixed-size values, copied as they are (little-endian platforms). The count is
    /// checked against the bytes present before the array is allocated.
    private mutating func plain<T: BitwiseCopyable>(_: T.Type, _ what: String) throws(LanguageError) -> [T] {
        let size = MemoryLayout<T>.stride
        let n = try count(max: remaining / size, what)
        let s = try take(n * size)
        return s.withUnsafeBytes { raw in [T](unsafeUninitializedCapacity: n) { buf, done in
            if n > 0 { memcpy(buf.baseAddress!, raw.baseAddress!, n * size) }
            done = n
        } }
    }
    mutating func int64s() throws(LanguageError) -> [Int] {
        let n = try count(max: remaining / 8, "int64 count")
        var out = [Int]()
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(Int(Int64(bitPattern: try u64()))) }
        return out
    }
    /// Fails unless every byte of the section was consumed.
    func finish() throws(LanguageError) {
        guard remaining == 0 else { throw failure("\(remaining) unexpected trailing bytes") }
    }
}
