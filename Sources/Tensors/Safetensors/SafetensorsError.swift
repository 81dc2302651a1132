// Every way reading or writing a safetensors file can fail, as one typed error.
//
// The cases mirror the reference validator (huggingface/safetensors `tensor.rs`, `SafeTensorError`) so a file
// gets the same verdict, and the same class of error, here as in Python; `referenceErrorName` names that class.
// Where the reference folds many problems into one JSON error (`InvalidHeaderDeserialization`) this enum
// keeps them apart (bad tensor entry, unknown dtype, duplicate key, bad metadata) and says where.
// This file has no Tensor dependency: the header parser and the fuzz harness compile without the core.

/// An error reading or writing a safetensors file. Every description says what went wrong, where, and what
/// was expected versus found.
public enum SafetensorsError: Error, Equatable, Sendable, CustomStringConvertible {
    // MARK: Framing (the 8-byte length and the header bytes)

    /// The file is shorter than the 8-byte header length field.
    case headerTooSmall(fileSize: Int)
    /// The declared header length is over the 100,000,000-byte limit.
    case headerTooLarge(length: UInt64)
    /// The declared header length runs past the end of the file.
    case invalidHeaderLength(declared: UInt64, fileSize: Int)
    /// The header is not valid UTF-8; `offset` is the first bad byte, counted from the start of the header.
    case invalidHeaderUTF8(offset: Int)
    /// The header is not well-formed JSON (syntax, nesting deeper than 127, a number out of range).
    case invalidHeaderJSON(detail: String)
    /// The header's first byte is not `{` (the format requires the JSON object to start the header).
    case invalidHeaderStart(found: UInt8)

    // MARK: Header contents

    /// A tensor entry is not `{"dtype": string, "shape": [u64], "data_offsets": [u64, u64]}`.
    case invalidTensorEntry(name: String, detail: String)
    /// A tensor's dtype string is not one the format defines.
    case unknownDType(name: String, dtype: String)
    /// A JSON object repeats a key (`context` is the object: "header", "__metadata__" or a tensor name).
    case duplicateKey(name: String, context: String)
    /// `__metadata__` is not an object of string values.
    case invalidMetadata(detail: String)

    // MARK: Validation (the reference's `Metadata::validate`, in its order)

    /// Sorted by offset, a tensor does not begin where the previous one ended, or ends before it begins.
    /// One rule that rejects overlaps, holes, a first tensor not at 0, and `end < begin`.
    case invalidOffset(name: String, begin: UInt64, end: UInt64, expectedBegin: UInt64)
    /// The shape's element count, or the count times the dtype's bits, overflows 64 bits.
    case validationOverflow(name: String)
    /// A sub-byte dtype (F4, F6_*) whose element count × bits is not a whole number of bytes.
    case misalignedSlice(name: String, bits: UInt64)
    /// The tensor's byte range length disagrees with shape × dtype size.
    case tensorInvalidInfo(name: String, expectedBytes: UInt64, foundBytes: UInt64)
    /// The tensors do not cover the data section exactly: `expected` is where the last tensor ends,
    /// `found` the data section's size.
    case metadataIncompleteBuffer(expected: UInt64, found: UInt64)

    // MARK: Loading into Tensor, lookup, files, writing

    /// A valid safetensors dtype that `Tensor` cannot hold (F8, F4, F6, C64, unsigned 16/32/64-bit, I16).
    case unsupportedDType(name: String, dtype: SafetensorsDType)
    /// A valid zero-element shape whose dimensions do not fit `Int` strides (e.g. `[0, 2^63, 2^63]`).
    case shapeNotRepresentable(name: String, shape: [UInt64])
    /// No tensor of that name in the file.
    case tensorNotFound(name: String)
    /// The file could not be read or written.
    case fileError(path: String, detail: String)
    /// The writer refuses this tensor name (`__metadata__` is reserved for the metadata object).
    case invalidTensorName(name: String, reason: String)

    public var description: String {
        switch self {
        case .headerTooSmall(let size):
            return "safetensors: file is \(size) bytes, shorter than the 8-byte header length field"
        case .headerTooLarge(let length):
            return "safetensors: header length \(length) bytes exceeds the limit of 100,000,000 bytes"
        case .invalidHeaderLength(let declared, let size):
            return "safetensors: header length \(declared) bytes runs past the end of the file "
                + "(8 + \(declared) > file size \(size))"
        case .invalidHeaderUTF8(let offset):
            return "safetensors: header is not valid UTF-8 (first bad byte at header offset \(offset))"
        case .invalidHeaderJSON(let detail):
            return "safetensors: header is not valid JSON: \(detail)"
        case .invalidHeaderStart(let byte):
            return "safetensors: header must start with '{' (0x7B), found byte 0x\(hex(byte))"
        case .invalidTensorEntry(let name, let detail):
            return "safetensors: tensor \(quoted(name)): invalid entry: \(detail)"
        case .unknownDType(let name, let dtype):
            return "safetensors: tensor \(quoted(name)): unknown dtype \(quoted(dtype)) "
                + "(expected one of \(SafetensorsDType.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .duplicateKey(let name, let context):
            return "safetensors: duplicate key \(quoted(name)) in \(context) (the format forbids duplicate keys)"
        case .invalidMetadata(let detail):
            return "safetensors: __metadata__ must be an object of string values: \(detail)"
        case .invalidOffset(let name, let begin, let end, let expected):
            let why = end < begin ? "end \(end) < begin \(begin)" : "begins at \(begin), expected \(expected)"
            return "safetensors: tensor \(quoted(name)): invalid data_offsets [\(begin), \(end)]: \(why) "
                + "(tensors must tile the data section in offset order, without gaps or overlaps)"
        case .validationOverflow(let name):
            return "safetensors: tensor \(quoted(name)): shape element count × dtype bits overflows 64 bits"
        case .misalignedSlice(let name, let bits):
            return "safetensors: tensor \(quoted(name)): \(bits) bits of a sub-byte dtype is not a whole number of bytes"
        case .tensorInvalidInfo(let name, let expected, let found):
            return "safetensors: tensor \(quoted(name)): shape and dtype need \(expected) bytes, "
                + "data_offsets span \(found)"
        case .metadataIncompleteBuffer(let expected, let found):
            return "safetensors: tensors end at data byte \(expected) but the data section is \(found) bytes "
                + "(the data section must be covered exactly)"
        case .unsupportedDType(let name, let dtype):
            let supported = SafetensorsDType.allCases.filter(\.isLoadable).map(\.rawValue).joined(separator: ", ")
            return "safetensors: tensor \(quoted(name)): dtype \(dtype.rawValue) is valid safetensors but Tensor "
                + "cannot hold it (supported: \(supported))"
        case .shapeNotRepresentable(let name, let shape):
            return "safetensors: tensor \(quoted(name)): shape \(shape) has no element but its dimensions "
                + "overflow Int strides"
        case .tensorNotFound(let name):
            return "safetensors: no tensor named \(quoted(name))"
        case .fileError(let path, let detail):
            return "safetensors: \(path): \(detail)"
        case .invalidTensorName(let name, let reason):
            return "safetensors: cannot write tensor \(quoted(name)): \(reason)"
        }
    }

    /// The case's name (`"invalidOffset"`), as the fixture expectations spell it.
    public var caseName: String {
        switch self {
        case .headerTooSmall: "headerTooSmall"
        case .headerTooLarge: "headerTooLarge"
        case .invalidHeaderLength: "invalidHeaderLength"
        case .invalidHeaderUTF8: "invalidHeaderUTF8"
        case .invalidHeaderJSON: "invalidHeaderJSON"
        case .invalidHeaderStart: "invalidHeaderStart"
        case .invalidTensorEntry: "invalidTensorEntry"
        case .unknownDType: "unknownDType"
        case .duplicateKey: "duplicateKey"
        case .invalidMetadata: "invalidMetadata"
        case .invalidOffset: "invalidOffset"
        case .validationOverflow: "validationOverflow"
        case .misalignedSlice: "misalignedSlice"
        case .tensorInvalidInfo: "tensorInvalidInfo"
        case .metadataIncompleteBuffer: "metadataIncompleteBuffer"
        case .unsupportedDType: "unsupportedDType"
        case .shapeNotRepresentable: "shapeNotRepresentable"
        case .tensorNotFound: "tensorNotFound"
        case .fileError: "fileError"
        case .invalidTensorName: "invalidTensorName"
        }
    }

    /// The reference implementation's error variant for the same file (`SafeTensorError::…` in Rust, the
    /// class behind Python's `SafetensorError` message). Everything the reference reports as a JSON error
    /// maps to `InvalidHeaderDeserialization`; errors the reference has no twin for return `nil`.
    public var referenceErrorName: String? {
        switch self {
        case .headerTooSmall: "HeaderTooSmall"
        case .headerTooLarge: "HeaderTooLarge"
        case .invalidHeaderLength: "InvalidHeaderLength"
        case .invalidHeaderUTF8: "InvalidHeader"
        case .invalidHeaderJSON, .invalidHeaderStart, .invalidTensorEntry, .unknownDType, .duplicateKey,
            .invalidMetadata:
            "InvalidHeaderDeserialization"
        case .invalidOffset: "InvalidOffset"
        case .validationOverflow: "ValidationOverflow"
        case .misalignedSlice: "MisalignedSlice"
        case .tensorInvalidInfo: "TensorInvalidInfo"
        case .metadataIncompleteBuffer: "MetadataIncompleteBuffer"
        case .tensorNotFound: "TensorNotFound"
        case .fileError: "IoError"
        case .unsupportedDType, .shapeNotRepresentable, .invalidTensorName: nil
        }
    }
}

/// A name in double quotes with control characters escaped, so odd tensor names stay readable in messages.
private func quoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += "\\u{\(String(scalar.value, radix: 16))}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

private func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
}
