// Writing embeddings as a NumPy `.npy` file (format version 1.0), so Python can `np.load` them.
import Foundation
import Tensors

/// Writes float32 matrices in NumPy's `.npy` format, version 1.0: the magic `\x93NUMPY`, version bytes 1 0, a
/// little-endian UInt16 header length, the header dict (`{'descr': '<f4', 'fortran_order': False, 'shape': (n, d), }`)
/// padded with spaces to a multiple of 64 bytes and ending in a newline, then the values row-major little-endian.
public enum NpyWriter {
    /// The bytes of a `.npy` file holding `values` with `shape` (row-major).
    /// - Throws: ``LanguageError/invalidArgument(_:)`` when the shape does not match the value count.
    public static func encode(_ values: [Float], shape: [Int]) throws(LanguageError) -> [UInt8] {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == values.count else {
            throw .invalidArgument("npy: shape \(shape) does not hold \(values.count) values")
        }
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(dims), }"
        // magic (6) + version (2) + length (2) + header, padded with spaces so the data starts 64-byte aligned.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let length = UInt16(header.utf8.count)
        bytes += [UInt8(length & 0xff), UInt8(length >> 8)]
        bytes += Array(header.utf8)
        bytes.reserveCapacity(bytes.count + values.count * 4)
        for v in values {
            let b = v.bitPattern.littleEndian
            bytes += [UInt8(b & 0xff), UInt8((b >> 8) & 0xff), UInt8((b >> 16) & 0xff), UInt8(b >> 24)]
        }
        return bytes
    }

    /// Writes `rows` (all of one width) as a float32 `[rows.count, width]` array, atomically (a reader sees the
    /// old file or the whole new one). An empty list needs `width` to know the second dimension.
    /// - Throws: ``LanguageError/dimensionMismatch(what:expected:found:)`` for a row of another width,
    ///   ``LanguageError/writeFailed(path:detail:)`` when the file cannot be written.
    public static func write(_ rows: [[Float]], width: Int? = nil, to url: URL) throws(LanguageError) {
        let d = width ?? rows.first?.count ?? 0
        var flat: [Float] = []
        flat.reserveCapacity(rows.count * d)
        for (i, row) in rows.enumerated() {
            guard row.count == d else { throw .dimensionMismatch(what: "npy row \(i)", expected: d, found: row.count) }
            flat += row
        }
        try write(flat, shape: [rows.count, d], to: url)
    }

    /// Writes `values` with `shape` atomically.
    public static func write(_ values: [Float], shape: [Int], to url: URL) throws(LanguageError) {
        let bytes = try encode(values, shape: shape)
        do { try AtomicFile.write(bytes, to: url) } catch { throw .writeFailed(path: url.path, detail: error.description) }
    }
}
