// A strict, bounded JSON reader for safetensors headers.
//
// Why not JSONSerialization: it silently keeps one of two duplicate keys, turns big integers into lossy
// Doubles and has platform-specific number handling, so a file could mean different things to two readers.
// This reader accepts exactly RFC 8259 JSON as serde_json (the reference's parser) does — JSON whitespace
// only, no trailing commas, strings with escapes and UTF-16 surrogate pairs (lone surrogates rejected),
// numbers kept as their literal so integers are exact up to 2^64 − 1, finite doubles only, nesting at most
// 127 deep — and in addition rejects duplicate keys in every object. It indexes a Swift array (bounds-checked
// even in release builds) and recurses at most 127 levels, so no input can over-read or overflow the stack.
// No Tensor dependency: compiled standalone into the fuzz harness.

/// A parsed JSON value. Objects keep their members in document order.
enum HeaderJSON: Sendable, Equatable {
    case object([Member])
    case array([HeaderJSON])
    case string(String)
    case number(Number)
    case bool(Bool)
    case null

    struct Member: Sendable, Equatable {
        var key: String
        var value: HeaderJSON
    }

    /// A number literal. `unsignedValue` is set when the literal is an integer in 0...UInt64.max (no sign,
    /// fraction or exponent): the only numbers a safetensors shape or offset may be.
    struct Number: Sendable, Equatable {
        var literal: String
        var unsignedValue: UInt64?
    }

    /// A short name for the value's type, for error messages.
    var typeName: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number(let n): n.unsignedValue == nil ? "the number \(n.literal)" : "an integer"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    /// The value of member `key` (keys are unique: the parser rejects duplicates).
    subscript(key: String) -> HeaderJSON? {
        guard case .object(let members) = self else { return nil }
        let wanted = Array(key.utf8)
        return members.first { $0.key.utf8.elementsEqual(wanted) }?.value
    }
}

/// Parses JSON text (already validated as UTF-8) into a ``HeaderJSON`` value.
struct HeaderJSONParser {
    /// serde_json's recursion limit: 128 nested containers fail, 127 parse.
    static let maximumDepth = 127

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0
    /// Keys from the root to the object being parsed, for naming where a duplicate key is.
    private var path: [String] = []

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// Parses `bytes` as one JSON value with optional surrounding whitespace.
    static func parse(_ bytes: [UInt8]) throws(SafetensorsError) -> HeaderJSON {
        var parser = HeaderJSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.position < bytes.count { throw parser.syntax("trailing characters") }
        return value
    }

    // MARK: Values

    private mutating func parseValue() throws(SafetensorsError) -> HeaderJSON {
        guard position < bytes.count else { throw syntax("unexpected end of input, expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(String(decoding: try parseString(), as: UTF8.self))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        default: throw syntax("expected a value")
        }
    }

    private mutating func enterContainer() throws(SafetensorsError) {
        depth += 1
        if depth > Self.maximumDepth { throw syntax("nesting deeper than \(Self.maximumDepth) levels") }
    }

    private mutating func parseObject() throws(SafetensorsError) -> HeaderJSON {
        try enterContainer()
        position += 1  // {
        var members: [HeaderJSON.Member] = []
        var seen = Set<[UInt8]>()
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw syntax("expected a string key")
            }
            let keyBytes = try parseString()
            let key = String(decoding: keyBytes, as: UTF8.self)
            if !seen.insert(keyBytes).inserted {
                throw SafetensorsError.duplicateKey(
                    name: key, context: path.isEmpty ? "the header object" : "object \"\(path.joined(separator: "."))\"")
            }
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "expected ':' after an object key")
            skipWhitespace()
            path.append(key)
            let value = try parseValue()
            path.removeLast()
            members.append(.init(key: key, value: value))
            skipWhitespace()
            guard position < bytes.count else { throw syntax("unexpected end of input in an object") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(UInt8(ascii: "}"), "expected ',' or '}' in an object")
            depth -= 1
            return .object(members)
        }
    }

    private mutating func parseArray() throws(SafetensorsError) -> HeaderJSON {
        try enterContainer()
        position += 1  // [
        var elements: [HeaderJSON] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw syntax("unexpected end of input in an array") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(UInt8(ascii: "]"), "expected ',' or ']' in an array")
            depth -= 1
            return .array(elements)
        }
    }

    // MARK: Strings

    /// Parses a string starting at its opening quote; returns its UTF-8 bytes with escapes decoded.
    private mutating func parseString() throws(SafetensorsError) -> [UInt8] {
        position += 1  // opening quote
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                position += 1
                return Array(bytes[start..<(position - 1)])
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw syntax("control character 0x\(String(b, radix: 16)) in a string") }
            position += 1
        }
        var out = Array(bytes[start..<position])
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                position += 1
                return out
            }
            if b < 0x20 { throw syntax("control character 0x\(String(b, radix: 16)) in a string") }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                position += 1
                continue
            }
            position += 1
            guard position < bytes.count else { break }
            let e = bytes[position]
            position += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = UInt32(try parseHex4())
                if (0xD800...0xDBFF).contains(scalar) {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                        bytes[position + 1] == UInt8(ascii: "u")
                    else { throw syntax("lone leading surrogate in a \\u escape") }
                    position += 2
                    let low = UInt32(try parseHex4())
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw syntax("leading surrogate not followed by a trailing surrogate")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw syntax("lone trailing surrogate in a \\u escape")
                }
                appendUTF8(scalar, to: &out)
            default:
                throw syntax("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
            }
        }
        throw syntax("unterminated string")
    }

    private mutating func parseHex4() throws(SafetensorsError) -> UInt16 {
        guard position + 4 <= bytes.count else { throw syntax("unexpected end of input in a \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let b = bytes[position]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw syntax("invalid hex digit in a \\u escape")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    private func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    // MARK: Numbers

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, exact as UInt64 when a plain integer.
    private mutating func parseNumber() throws(SafetensorsError) -> HeaderJSON.Number {
        let start = position
        var negative = false
        if bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        guard position < bytes.count, isDigit(bytes[position]) else { throw syntax("invalid number") }
        var value: UInt64? = 0
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            while position < bytes.count, isDigit(bytes[position]) {
                if let v = value {
                    let (m, o1) = v.multipliedReportingOverflow(by: 10)
                    let (s, o2) = m.addingReportingOverflow(UInt64(bytes[position] - UInt8(ascii: "0")))
                    value = o1 || o2 ? nil : s
                }
                position += 1
            }
        }
        var isInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { throw syntax("invalid number") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else { throw syntax("invalid number") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        let literal = String(decoding: bytes[start..<position], as: UTF8.self)
        let exact = isInteger && !negative ? value : nil
        if exact == nil {
            // Like serde_json, anything that is not an exact u64 becomes a double and must be finite.
            guard let d = Double(literal), d.isFinite else {
                throw syntax("number \(literal.prefix(40)) out of range", at: start)
            }
        }
        return .init(literal: literal, unsignedValue: exact)
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    // MARK: Helpers

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8, _ message: String) throws(SafetensorsError) {
        guard position < bytes.count, bytes[position] == byte else { throw syntax(message) }
        position += 1
    }

    private mutating func expectLiteral(_ word: StaticString) throws(SafetensorsError) {
        let start = position
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw syntax("invalid literal", at: start) }
        let matches = word.withUTF8Buffer { w in w.elementsEqual(bytes[position..<(position + count)]) }
        guard matches else { throw syntax("invalid literal", at: start) }
        position += count
    }

    private func syntax(_ message: String, at offset: Int? = nil) -> SafetensorsError {
        .invalidHeaderJSON(detail: "\(message) at header byte \(offset ?? position)")
    }
}
