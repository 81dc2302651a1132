// Parsing and validating a safetensors header from raw file bytes.
//
// This is the security boundary for model files: every number in it comes from the file. It follows the
// reference (safetensors 0.8.0 `read_metadata` + `Metadata::validate`) check for check and in the same order,
// so a file gets the same verdict and error class as in Python:
//   file ≥ 8 bytes → N ≤ 100,000,000 → 8 + N ≤ file size → UTF-8 → first byte `{` → JSON → entries →
//   sort by (begin, end) → per tensor: begin == previous end and end ≥ begin, element count and bits
//   without overflow, whole bytes, end − begin == bytes → last end == data section size.
// Deliberately stricter than the reference where the format text is (the reference accepts these; see the
// fixture notes): the header must start with `{` (no leading whitespace), and duplicate keys are an error in
// every object (the reference keeps the last tensor entry silently). Trailing JSON whitespace after the object
// is accepted as padding, as the reference does. Integers are UInt64 and every operation on them is checked.
// No Tensor dependency: compiled standalone into the fuzz harness (Tests/Fuzz/SafetensorsFuzz).

/// The parsed, validated header of a safetensors file.
public struct SafetensorsHeader: Sendable, Equatable {
    /// The largest header the reference accepts.
    public static let maximumHeaderByteCount: UInt64 = 100_000_000

    /// One tensor's entry: where its little-endian, row-major bytes are in the data section.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var dtype: SafetensorsDType
        /// Dimensions exactly as in the file (may exceed `Int.max` only for zero-element tensors).
        public var shape: [UInt64]
        /// Byte offsets relative to the start of the data section (after the header).
        public var begin: UInt64
        public var end: UInt64

        public var byteCount: UInt64 { end - begin }
    }

    /// N: the header's length in bytes (JSON plus padding), not counting the 8-byte length field.
    public let headerByteCount: Int
    /// The size of the data section: file size − 8 − N.
    public let dataByteCount: Int
    /// `__metadata__`, or nil when absent or `null`.
    public let metadata: [String: String]?
    /// Entries in data order: sorted by (begin, end), ties in header order.
    public let entries: [Entry]

    /// Where the data section starts in the file.
    public var dataOffset: Int { 8 + headerByteCount }

    /// Parses and validates the header of the complete file `bytes`.
    public static func parse(_ bytes: [UInt8]) throws(SafetensorsError) -> SafetensorsHeader {
        // withUnsafeBytes is `rethrows`, which would erase the error type: carry it out in a Result.
        try bytes.withUnsafeBytes { raw in Result { () throws(SafetensorsError) in try parse(raw) } }.get()
    }

    /// Parses and validates the header of the complete file `bytes` (which must stay valid during the call).
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(SafetensorsError) -> SafetensorsHeader {
        let fileSize = bytes.count
        guard fileSize >= 8 else { throw .headerTooSmall(fileSize: fileSize) }
        var declared: UInt64 = 0
        for i in 0..<8 { declared |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard declared <= maximumHeaderByteCount else { throw .headerTooLarge(length: declared) }
        // N ≤ 1e8 here, so 8 + N cannot overflow; compare against the bytes actually present.
        let n = Int(declared)
        guard n <= fileSize - 8 else { throw .invalidHeaderLength(declared: declared, fileSize: fileSize) }
        let header = Array(bytes[8..<(8 + n)])
        if let bad = firstInvalidUTF8Offset(header) { throw .invalidHeaderUTF8(offset: bad) }
        guard let first = header.first else { throw .invalidHeaderJSON(detail: "empty header (N = 0)") }
        guard first == UInt8(ascii: "{") else { throw .invalidHeaderStart(found: first) }
        let json = try HeaderJSONParser.parse(header)
        let (metadata, unsorted) = try interpret(json)
        let dataByteCount = fileSize - 8 - n
        let entries = try validate(unsorted, dataByteCount: UInt64(dataByteCount))
        return SafetensorsHeader(
            headerByteCount: n, dataByteCount: dataByteCount, metadata: metadata, entries: entries)
    }

    // MARK: Structure (the reference's serde types: every failure here is its InvalidHeaderDeserialization)

    private static let metadataKey = Array("__metadata__".utf8)

    private static func interpret(_ json: HeaderJSON) throws(SafetensorsError) -> ([String: String]?, [Entry]) {
        guard case .object(let members) = json else {
            throw .invalidHeaderJSON(detail: "the header is \(json.typeName), expected an object")
        }
        var metadata: [String: String]? = nil
        var entries: [Entry] = []
        entries.reserveCapacity(members.count)
        for member in members {
            if member.key.utf8.elementsEqual(metadataKey) {
                metadata = try interpretMetadata(member.value)
            } else {
                entries.append(try interpretEntry(name: member.key, member.value))
            }
        }
        return (metadata, entries)
    }

    private static func interpretMetadata(_ value: HeaderJSON) throws(SafetensorsError) -> [String: String]? {
        switch value {
        case .null:
            return nil  // the reference reads `null` as "no metadata"
        case .object(let members):
            var out: [String: String] = [:]
            for member in members {
                guard case .string(let s) = member.value else {
                    throw .invalidMetadata(detail: "value of key \"\(member.key)\" is \(member.value.typeName)")
                }
                // Keys are byte-distinct (checked by the parser) but Swift compares Strings under Unicode
                // canonical equivalence; two such keys cannot both live in a [String: String].
                if out.updateValue(s, forKey: member.key) != nil {
                    throw .duplicateKey(name: member.key, context: "\"__metadata__\" (canonically equivalent keys)")
                }
            }
            return out
        default:
            throw .invalidMetadata(detail: "it is \(value.typeName)")
        }
    }

    private static func interpretEntry(name: String, _ value: HeaderJSON) throws(SafetensorsError) -> Entry {
        guard case .object = value else {
            throw .invalidTensorEntry(name: name, detail: "entry is \(value.typeName), expected an object")
        }
        guard let dtypeValue = value["dtype"] else { throw .invalidTensorEntry(name: name, detail: "missing \"dtype\"") }
        guard let shapeValue = value["shape"] else { throw .invalidTensorEntry(name: name, detail: "missing \"shape\"") }
        guard let offsetsValue = value["data_offsets"] else {
            throw .invalidTensorEntry(name: name, detail: "missing \"data_offsets\"")
        }
        guard case .string(let dtypeString) = dtypeValue else {
            throw .invalidTensorEntry(name: name, detail: "\"dtype\" is \(dtypeValue.typeName), expected a string")
        }
        guard let dtype = SafetensorsDType(headerString: dtypeString) else {
            throw .unknownDType(name: name, dtype: dtypeString)
        }
        let shape = try unsignedArray(shapeValue, field: "shape", name: name)
        let offsets = try unsignedArray(offsetsValue, field: "data_offsets", name: name)
        guard offsets.count == 2 else {
            throw .invalidTensorEntry(name: name, detail: "\"data_offsets\" has \(offsets.count) elements, expected 2")
        }
        return Entry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1])
    }

    private static func unsignedArray(_ value: HeaderJSON, field: String, name: String) throws(SafetensorsError)
        -> [UInt64]
    {
        guard case .array(let elements) = value else {
            throw .invalidTensorEntry(name: name, detail: "\"\(field)\" is \(value.typeName), expected an array")
        }
        var out: [UInt64] = []
        out.reserveCapacity(elements.count)
        for (i, element) in elements.enumerated() {
            guard case .number(let number) = element, let v = number.unsignedValue else {
                throw .invalidTensorEntry(
                    name: name, detail: "\"\(field)\"[\(i)] is \(element.typeName), expected an integer in 0...2^64-1")
            }
            out.append(v)
        }
        return out
    }

    // MARK: Validation (the reference's Metadata::validate, then the coverage check)

    private static func validate(_ unsorted: [Entry], dataByteCount: UInt64) throws(SafetensorsError) -> [Entry] {
        // Stable sort by (begin, end): ties keep header order (the reference's order there is its HashMap's).
        let entries = unsorted.enumerated().sorted { a, b in
            (a.element.begin, a.element.end, a.offset) < (b.element.begin, b.element.end, b.offset)
        }.map(\.element)
        var start: UInt64 = 0
        for entry in entries {
            guard entry.begin == start, entry.end >= entry.begin else {
                throw .invalidOffset(name: entry.name, begin: entry.begin, end: entry.end, expectedBegin: start)
            }
            start = entry.end
            var elements: UInt64 = 1
            for dim in entry.shape {
                let (product, overflow) = elements.multipliedReportingOverflow(by: dim)
                if overflow { throw .validationOverflow(name: entry.name) }
                elements = product
            }
            let (bits, overflow) = elements.multipliedReportingOverflow(by: UInt64(entry.dtype.bitSize))
            if overflow { throw .validationOverflow(name: entry.name) }
            guard bits % 8 == 0 else { throw .misalignedSlice(name: entry.name, bits: bits) }
            guard entry.end - entry.begin == bits / 8 else {
                throw .tensorInvalidInfo(name: entry.name, expectedBytes: bits / 8, foundBytes: entry.end - entry.begin)
            }
        }
        guard start == dataByteCount else { throw .metadataIncompleteBuffer(expected: start, found: dataByteCount) }
        return entries
    }

    // MARK: UTF-8

    /// The offset of the first byte that is not part of a well-formed UTF-8 sequence (as Rust's `from_utf8`:
    /// no overlong forms, no surrogates, nothing above U+10FFFF), or nil if all of `bytes` is valid.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8(in: $0) }
    }
}
