// A token → id table looked up by UTF-8 byte slices, so the WordPiece and BPE inner loops never build a String
// per candidate. Open addressing over one contiguous key buffer; FNV-1a hashing (keys are short).

/// Token strings and their ids, searchable by raw UTF-8 bytes.
struct ByteVocabulary: Sendable {
    private var keyBytes: [UInt8] = []
    private var keyStart: [Int32] = []
    private var keyLength: [Int32] = []
    private var values: [Int32] = []
    private var slots: [Int32]
    private let mask: Int
    /// The longest key in bytes: no lookup of a longer slice can succeed.
    private(set) var maxKeyLength = 0

    /// `capacity` is the number of keys expected; the table is sized for a load factor of at most 1/2.
    init(capacity: Int) {
        var size = 16
        while size < 2 * Swift.max(capacity, 1) { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { values.count }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in 0..<n { h = (h ^ UInt64(p[i])) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// Inserts or replaces (a later duplicate wins, as in a Rust HashMap fed in file order).
    mutating func insert<C: Collection>(_ key: C, _ value: Int) where C.Element == UInt8 {
        let bytes = Array(key)
        let found = bytes.withUnsafeBufferPointer { b in slot(b.baseAddress ?? UnsafePointer(bitPattern: 1)!, b.count) }
        if case .found(let entry) = found {
            values[entry] = Int32(value)
            return
        }
        guard case .empty(let s) = found else { return }
        slots[s] = Int32(values.count)
        keyStart.append(Int32(keyBytes.count))
        keyLength.append(Int32(bytes.count))
        keyBytes += bytes
        values.append(Int32(value))
        maxKeyLength = Swift.max(maxKeyLength, bytes.count)
    }

    mutating func insert(_ key: String, _ value: Int) { insert(key.utf8, value) }

    private enum Slot { case found(Int), empty(Int) }

    private func slot(_ p: UnsafePointer<UInt8>, _ n: Int) -> Slot {
        var s = ByteVocabulary.hash(p, n) & mask
        return keyBytes.withUnsafeBufferPointer { kb in
            while true {
                let e = Int(slots[s])
                if e < 0 { return .empty(s) }
                if Int(keyLength[e]) == n && (n == 0 || memcmp(kb.baseAddress! + Int(keyStart[e]), p, n) == 0) {
                    return .found(e)
                }
                s = (s + 1) & mask
            }
        }
    }

    /// The id of the `n` bytes at `p`, or -1.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        if n > maxKeyLength { return -1 }
        if case .found(let e) = slot(p, n) { return Int(values[e]) }
        return -1
    }

    /// The id of `key`, or nil.
    func id(_ key: String) -> Int? {
        var k = key
        let r = k.withUTF8 { b in lookup(b.baseAddress ?? UnsafePointer(bitPattern: 1)!, b.count) }
        return r < 0 ? nil : r
    }

    /// Every (token, id) pair, in insertion order.
    var entries: [(token: String, id: Int)] {
        (0..<values.count).map { e in
            let start = Int(keyStart[e])
            return (String(decoding: keyBytes[start..<start + Int(keyLength[e])], as: UTF8.self), Int(values[e]))
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
