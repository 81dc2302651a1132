import Foundation
import Language
import Testing

@Suite("NpyWriter")
struct NpyWriterTests {
    @Test("writes a NumPy v1.0 header (64-byte aligned) and little-endian float32 rows, atomically")
    func roundTrip() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("emb-\(UUID().uuidString).npy")
        defer { try? FileManager.default.removeItem(at: url) }
        let rows: [[Float]] = [[1, -2.5, 3], [0.25, .infinity, -0]]
        try NpyWriter.write(rows, to: url)
        let bytes = [UInt8](try Data(contentsOf: url))
        #expect(Array(bytes[0..<8]) == [0x93] + Array("NUMPY".utf8) + [1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"))
        #expect(header.hasSuffix("\n"))
        let data = Array(bytes[(10 + headerLength)...])
        #expect(data.count == 24)
        let values = (0..<6).map { i in
            Float(bitPattern: UInt32(data[4 * i]) | UInt32(data[4 * i + 1]) << 8 | UInt32(data[4 * i + 2]) << 16 | UInt32(data[4 * i + 3]) << 24)
        }
        #expect(values == rows.flatMap { $0 })
    }

    @Test("shapes: 1-D tuples get a trailing comma, empty lists keep their width, ragged rows are rejected")
    func shapes() throws {
        let one = try NpyWriter.encode([1, 2], shape: [2])
        #expect(String(decoding: one[10..<70], as: UTF8.self).contains("'shape': (2,), }"))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString).npy")
        defer { try? FileManager.default.removeItem(at: url) }
        try NpyWriter.write([], width: 384, to: url)
        #expect(String(decoding: try Data(contentsOf: url), as: UTF8.self).contains("'shape': (0, 384), }"))
        #expect(throws: LanguageError.dimensionMismatch(what: "npy row 1", expected: 2, found: 1)) {
            try NpyWriter.write([[1, 2], [3]], to: url)
        }
        #expect(throws: LanguageError.self) { try NpyWriter.encode([1, 2, 3], shape: [2, 2]) }
        let blocked = URL(fileURLWithPath: "/proc/definitely/not/writable.npy")
        #expect(throws: LanguageError.self) { try NpyWriter.write([[1]], to: blocked) }
    }
}
