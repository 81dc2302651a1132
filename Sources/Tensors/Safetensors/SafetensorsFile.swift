// Reading tensors out of a safetensors file: the validated header plus the file's bytes.
//
// The header is validated completely when the file is opened (SafetensorsHeader), so every later lookup
// indexes bytes already proven to be in range. Tensors are copied out into Tensor storage, converted to
// `DType`; valid safetensors dtypes that Tensor cannot hold throw `unsupportedDType` (their raw bytes are
// still available through `rawBytes(named:)`). Names are matched byte for byte, as the reference does, not
// under Swift's Unicode canonical equivalence.
import Foundation

/// A safetensors file opened for reading.
///
/// ```swift
/// let file = try SafetensorsFile.read(contentsOf: url)
/// let weight = try file.tensor(named: "encoder.layer.0.attention.query.weight")
/// ```
public struct SafetensorsFile: Sendable {
    /// Where one tensor is and what it holds.
    public struct TensorInfo: Sendable, Equatable {
        public var name: String
        public var dtype: SafetensorsDType
        public var shape: [Int]
        /// The tensor's bytes relative to the data section (the header's `data_offsets`).
        public var dataOffsets: Range<Int>
        /// The tensor's bytes in the whole file (`dataOffsets` shifted by 8 + header length).
        public var byteRange: Range<Int>
    }

    /// The validated header.
    public let header: SafetensorsHeader
    private let bytes: Data
    private let index: [[UInt8]: Int]

    /// Opens a file held in memory. Throws the reference's error for any malformed file; never traps.
    public init(data: Data) throws(SafetensorsError) {
        let header = try data.withUnsafeBytes { raw in
            Result { () throws(SafetensorsError) in try SafetensorsHeader.parse(raw) }
        }.get()
        var index: [[UInt8]: Int] = [:]
        for (i, entry) in header.entries.enumerated() { index[Array(entry.name.utf8)] = i }
        self.header = header
        self.bytes = data
        self.index = index
    }

    /// Opens a file held in memory.
    public init(bytes: [UInt8]) throws(SafetensorsError) {
        try self.init(data: Data(bytes))
    }

    /// Reads and opens the file at `url`. The file is memory-mapped: tensors are copied out on access, so
    /// a file truncated by another process while open can fault, as with any mapped reader (Python's too).
    public static func read(contentsOf url: URL) throws(SafetensorsError) -> SafetensorsFile {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw .fileError(path: url.path, detail: "cannot read: \(error.localizedDescription)")
        }
        return try SafetensorsFile(data: data)
    }

    /// `__metadata__` (empty when the file has none).
    public var metadata: [String: String] { header.metadata ?? [:] }

    /// Tensor names in data order (by offset in the file). Files written by Python's `safetensors` or by
    /// ``Safetensors/write(_:metadata:to:)`` store tensors by descending dtype size, then name.
    public var tensorNames: [String] { header.entries.map(\.name) }

    /// N: bytes of header JSON and padding after the 8-byte length field.
    public var headerByteCount: Int { header.headerByteCount }

    /// Whether the file has a tensor of this name.
    public func contains(_ name: String) -> Bool { index[Array(name.utf8)] != nil }

    /// Where tensor `name` is and what it holds.
    public func info(_ name: String) throws(SafetensorsError) -> TensorInfo {
        let entry = try entry(name)
        return TensorInfo(
            name: entry.name, dtype: entry.dtype, shape: try intShape(entry),
            dataOffsets: Int(entry.begin)..<Int(entry.end),
            byteRange: (header.dataOffset + Int(entry.begin))..<(header.dataOffset + Int(entry.end)))
    }

    /// The tensor's raw little-endian bytes, whatever its dtype.
    public func rawBytes(named name: String) throws(SafetensorsError) -> [UInt8] {
        let range = try info(name).byteRange
        return bytes.withUnsafeBytes { raw in Array(raw[range]) }
    }

    /// Tensor `name`, copied out of the file into a new contiguous tensor of the matching `DType`.
    /// BOOL bytes other than 0 load as 1 (true), as NumPy and PyTorch read them.
    public func tensor(named name: String) throws(SafetensorsError) -> Tensor {
        let info = try info(name)
        guard let dtype = info.dtype.tensorDType else { throw .unsupportedDType(name: name, dtype: info.dtype) }
        return bytes.withUnsafeBytes { raw in
            let slice = UnsafeRawBufferPointer(rebasing: raw[info.byteRange])
            if dtype == .bool, slice.contains(where: { $0 > 1 }) {
                let normalized = slice.map { $0 == 0 ? UInt8(0) : 1 }
                return normalized.withUnsafeBytes { Tensor(rawBytes: $0, dtype: dtype, shape: info.shape) }
            }
            return Tensor(rawBytes: slice, dtype: dtype, shape: info.shape)
        }
    }

    /// Every tensor, by name. Throws for the first tensor whose dtype Tensor cannot hold.
    public func tensors() throws(SafetensorsError) -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        out.reserveCapacity(header.entries.count)
        for entry in header.entries {
            // Byte-distinct names that Swift's String equality treats as equal cannot both be keys.
            if out.updateValue(try tensor(named: entry.name), forKey: entry.name) != nil {
                throw .duplicateKey(name: entry.name, context: "the header object (canonically equivalent names)")
            }
        }
        return out
    }

    // MARK: Helpers

    private func entry(_ name: String) throws(SafetensorsError) -> SafetensorsHeader.Entry {
        guard let i = index[Array(name.utf8)] else { throw .tensorNotFound(name: name) }
        return header.entries[i]
    }

    /// The shape as `[Int]`, checking that row-major strides fit in `Int` (they can only fail to for
    /// zero-element tensors: any other tensor's element count is bounded by the file size).
    private func intShape(_ entry: SafetensorsHeader.Entry) throws(SafetensorsError) -> [Int] {
        var stride = 1
        var shape: [Int] = []
        shape.reserveCapacity(entry.shape.count)
        for dim in entry.shape {
            guard let d = Int(exactly: dim) else { throw .shapeNotRepresentable(name: entry.name, shape: entry.shape) }
            let (next, overflow) = stride.multipliedReportingOverflow(by: Swift.max(d, 1))
            if overflow { throw .shapeNotRepresentable(name: entry.name, shape: entry.shape) }
            stride = next
            shape.append(d)
        }
        return shape
    }
}
