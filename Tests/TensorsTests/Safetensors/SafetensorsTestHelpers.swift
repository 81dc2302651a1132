// Shared helpers for the safetensors tests: building files byte by byte, finding the committed fixtures,
// reading the fixtures' JSON expectations, and catching the parser's typed error.
import Foundation
import TestSupport
import Testing

@testable import Tensors

/// A safetensors file from a header string and data bytes; `declaredLength` overrides the length field.
func safetensorsBytes(_ header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> [UInt8] {
    safetensorsBytes(rawHeader: Array(header.utf8), data: data, declaredLength: declaredLength)
}

/// A safetensors file from raw header bytes (which need not be UTF-8) and data bytes.
func safetensorsBytes(rawHeader: [UInt8], data: [UInt8] = [], declaredLength: UInt64? = nil) -> [UInt8] {
    let n = declaredLength ?? UInt64(rawHeader.count)
    return (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) } + rawHeader + data
}

/// One compact tensor entry, `"name":{"dtype":…,"shape":[…],"data_offsets":[b,e]}`.
func entry(_ name: String, _ dtype: String, _ shape: [Int], _ begin: Int, _ end: Int) -> String {
    "\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":[\(shape.map(String.init).joined(separator: ","))],"
        + "\"data_offsets\":[\(begin),\(end)]}"
}

/// A tensor holding `bytes` (little-endian, row-major) as `dtype` with `shape`.
func makeTensor(_ bytes: [UInt8], _ dtype: DType, _ shape: [Int]) -> Tensor {
    bytes.withUnsafeBytes { Tensor(rawBytes: $0, dtype: dtype, shape: shape) }
}

/// The tensor's raw bytes.
func rawBytes(_ t: Tensor) -> [UInt8] { t.withUnsafeRawBytes { Array($0) } }

/// The error `SafetensorsHeader.parse` throws for `bytes`, or nil if it accepts them.
func headerError(_ bytes: [UInt8]) -> SafetensorsError? {
    do {
        _ = try SafetensorsHeader.parse(bytes)
        return nil
    } catch {
        return error
    }
}

/// Runs `body`, returning the SafetensorsError it throws, or nil (any other error is a test failure).
func thrownError<T>(_ body: () throws -> T) -> SafetensorsError? {
    do {
        _ = try body()
        return nil
    } catch let error as SafetensorsError {
        return error
    } catch {
        Issue.record("expected a SafetensorsError, got \(error)")
        return nil
    }
}

/// The committed safetensors fixtures (made by scripts/reference/make_safetensors_fixtures.py).
enum SafetensorsFixtures {
    /// `Tests/Fixtures/safetensors`, through the shared fixture locator.
    static let root: URL? = Fixtures.url("safetensors")

    static func directory(_ name: String) -> URL? {
        guard let url = root?.appendingPathComponent(name), FileManager.default.fileExists(atPath: url.path) else {
            return nil
        }
        return url
    }

    /// The `.safetensors` files in a fixture folder, sorted by name.
    static func files(in name: String) -> [URL] {
        guard let dir = directory(name),
            let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path)
        else { return [] }
        return names.filter { $0.hasSuffix(".safetensors") }.sorted().map { dir.appendingPathComponent($0) }
    }

    /// A fixture folder's JSON expectation file, parsed with the strict header JSON parser (exact integers).
    static func expectations(_ folder: String, _ file: String) throws -> HeaderJSON {
        let url = try #require(directory(folder)).appendingPathComponent(file)
        return try HeaderJSONParser.parse(Array(try Data(contentsOf: url)))
    }
}

/// Accessors for reading fixture expectations.
extension HeaderJSON {
    var members: [Member] {
        if case .object(let m) = self { return m }
        return []
    }
    var elements: [HeaderJSON] {
        if case .array(let e) = self { return e }
        return []
    }
    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }
    var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }
    var isNull: Bool { self == .null }
    var uint64: UInt64? {
        if case .number(let n) = self { return n.unsignedValue }
        return nil
    }
    /// Numbers as Double; the strings "NaN", "Infinity", "-Infinity" as those values.
    var double: Double? {
        switch self {
        case .number(let n): return Double(n.literal)
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        default: return nil
        }
    }
    /// Integers as Int64 (negative ones too).
    var int64: Int64? {
        if case .number(let n) = self { return Int64(n.literal) }
        return nil
    }
}

/// The reference's error class for a Python `SafetensorError` message (`safetensors` 0.8.0 wording).
func referenceClass(ofPythonMessage message: String) -> String? {
    let table: [(String, String)] = [
        ("header too small", "HeaderTooSmall"),
        ("header too large", "HeaderTooLarge"),
        ("invalid header length", "InvalidHeaderLength"),
        ("invalid UTF-8 in header", "InvalidHeader"),
        ("invalid JSON in header", "InvalidHeaderDeserialization"),
        ("invalid offset for tensor", "InvalidOffset"),
        ("overflow computing buffer size", "ValidationOverflow"),
        ("slicing for subbytes dtypes", "MisalignedSlice"),
        ("invalid shape, data type, or offset for tensor", "TensorInvalidInfo"),
        ("incomplete metadata, file not fully covered", "MetadataIncompleteBuffer"),
    ]
    return table.first { message.contains($0.0) }?.1
}
