// Writing tensors as a safetensors file, byte for byte as the Python `safetensors` package writes them.
//
// Layout (reference `prepare` in safetensors/src/tensor.rs): tensors sorted by dtype in descending reference
// order (U64, I64, F64, …, F32, …, BF16, F16, …, I8, U8, BOOL), then by name compared as UTF-8 bytes; the
// header is compact JSON (serde_json escaping: \" \\ \b \f \n \r \t, other control characters as \u00xx,
// everything else raw UTF-8), `__metadata__` first when given, padded with spaces to a multiple of 8 bytes.
// The reference orders metadata keys by hash (differently run to run); this writer sorts them by UTF-8 bytes
// so output is deterministic. Files go to disk atomically (AtomicFileWriter): a failed write never leaves a
// partial file at the destination.
import Foundation

/// Reading and writing safetensors files. Reading: ``SafetensorsFile``.
public enum Safetensors {
    /// The bytes of a safetensors file holding `tensors` and optional `metadata`.
    public static func serialize(_ tensors: [String: Tensor], metadata: [String: String]? = nil)
        throws(SafetensorsError) -> [UInt8]
    {
        let plan = try prepare(tensors, metadata: metadata)
        var out: [UInt8] = []
        out.reserveCapacity(8 + plan.header.count + plan.dataByteCount)
        appendLittleEndian(UInt64(plan.header.count), to: &out)
        out += plan.header
        for (_, tensor) in plan.ordered { tensor.withUnsafeRawBytes { out.append(contentsOf: $0) } }
        return out
    }

    /// Writes `tensors` and optional `metadata` to `url` atomically: the bytes go to a temporary file in the
    /// same directory, which is fsynced and renamed over `url`, and the directory is fsynced. If anything
    /// fails, `url` is left as it was and the temporary file is removed.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String]? = nil, to url: URL)
        throws(SafetensorsError)
    {
        let plan = try prepare(tensors, metadata: metadata)
        var prefix: [UInt8] = []
        appendLittleEndian(UInt64(plan.header.count), to: &prefix)
        prefix += plan.header
        let file = try AtomicFileWriter(destination: url)
        do throws(SafetensorsError) {
            // withUnsafe…Bytes are `rethrows` (erasing the error type), so the error travels out in a Result.
            try prefix.withUnsafeBytes { raw in Result { () throws(SafetensorsError) in try file.append(raw) } }.get()
            for (_, tensor) in plan.ordered {
                try tensor.withUnsafeRawBytes { raw in
                    Result { () throws(SafetensorsError) in try file.append(raw) }
                }.get()
            }
            try file.commit()
        } catch {
            file.abort()
            throw error
        }
    }

    // MARK: Layout

    struct Plan {
        var header: [UInt8]
        var ordered: [(String, Tensor)]
        var dataByteCount: Int
    }

    /// Orders the tensors as the reference does and builds the padded header.
    static func prepare(_ tensors: [String: Tensor], metadata: [String: String]?) throws(SafetensorsError) -> Plan {
        if tensors.keys.contains("__metadata__") {
            throw .invalidTensorName(name: "__metadata__", reason: "the name is reserved for the metadata object")
        }
        let ordered = tensors.map { (name: $0.key, bytes: Array($0.key.utf8), tensor: $0.value) }.sorted { a, b in
            let da = SafetensorsDType(a.tensor.dtype), db = SafetensorsDType(b.tensor.dtype)
            if da != db { return da > db }
            return a.bytes.lexicographicallyPrecedes(b.bytes)
        }
        var json: [UInt8] = [UInt8(ascii: "{")]
        var first = true
        func separator() {
            if !first { json.append(UInt8(ascii: ",")) }
            first = false
        }
        if let metadata {
            separator()
            appendJSONString("__metadata__", to: &json)
            json += Array(":{".utf8)
            let keys = metadata.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for (i, key) in keys.enumerated() {
                if i > 0 { json.append(UInt8(ascii: ",")) }
                appendJSONString(key, to: &json)
                json.append(UInt8(ascii: ":"))
                appendJSONString(metadata[key]!, to: &json)
            }
            json.append(UInt8(ascii: "}"))
        }
        var offset = 0
        for item in ordered {
            let byteCount = item.tensor.count * item.tensor.dtype.byteSize
            separator()
            appendJSONString(item.name, to: &json)
            json += Array(":{\"dtype\":\"\(SafetensorsDType(item.tensor.dtype).rawValue)\",\"shape\":[".utf8)
            json += Array(item.tensor.shape.map(String.init).joined(separator: ",").utf8)
            json += Array("],\"data_offsets\":[\(offset),\(offset + byteCount)]}".utf8)
            offset += byteCount
        }
        json.append(UInt8(ascii: "}"))
        json += [UInt8](repeating: UInt8(ascii: " "), count: (8 - json.count % 8) % 8)
        guard UInt64(json.count) <= SafetensorsHeader.maximumHeaderByteCount else {
            throw .headerTooLarge(length: UInt64(json.count))
        }
        return Plan(header: json, ordered: ordered.map { ($0.name, $0.tensor) }, dataByteCount: offset)
    }

    /// Appends `s` as a JSON string literal, escaped exactly as serde_json escapes it.
    static func appendJSONString(_ s: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x08: out += [0x5C, UInt8(ascii: "b")]
            case 0x0C: out += [0x5C, UInt8(ascii: "f")]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0..<0x20: out += Array("\\u00".utf8) + [hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendLittleEndian(_ v: UInt64, to out: inout [UInt8]) {
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }
}
