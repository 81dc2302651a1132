// RELIABILITY.md S2: every reference error variant, and every bug class other loaders shipped, as a file
// built byte by byte here, each rejected with its exact SafetensorsError (case and associated values).
import Foundation
import Testing

@testable import Tensors

/// One handcrafted file and the exact error it must produce.
struct HostileCase: CustomTestStringConvertible, Sendable {
    let label: String
    let bytes: [UInt8]
    let expected: SafetensorsError
    /// For JSON/entry errors whose detail text is not part of the contract: compare case and name only.
    let matchDetail: Bool

    init(_ label: String, _ bytes: [UInt8], _ expected: SafetensorsError, matchDetail: Bool = true) {
        self.label = label
        self.bytes = bytes
        self.expected = expected
        self.matchDetail = matchDetail
    }

    var testDescription: String { label }
}

private let f32x1 = entry("a", "F32", [1], 0, 4)
private let zeros4 = [UInt8](repeating: 0, count: 4)
private let zeros8 = [UInt8](repeating: 0, count: 8)
private let zeros12 = [UInt8](repeating: 0, count: 12)

let hostileCases: [HostileCase] = [
    // Framing
    HostileCase("file of 7 bytes", [8, 0, 0, 0, 0, 0, 0], .headerTooSmall(fileSize: 7)),
    HostileCase("empty file", [], .headerTooSmall(fileSize: 0)),
    HostileCase("N = 100,000,001", safetensorsBytes("{}", declaredLength: 100_000_001),
        .headerTooLarge(length: 100_000_001)),
    HostileCase("N = 2^64 - 1", safetensorsBytes("{}", declaredLength: .max), .headerTooLarge(length: .max)),
    HostileCase("100 MB header claimed in a 10-byte file", safetensorsBytes("{}", declaredLength: 100_000_000),
        .invalidHeaderLength(declared: 100_000_000, fileSize: 10)),
    HostileCase("N one past the file", safetensorsBytes("{}", declaredLength: 3),
        .invalidHeaderLength(declared: 3, fileSize: 10)),
    HostileCase("header not UTF-8", safetensorsBytes(rawHeader: Array("{\"a".utf8) + [0xFF] + Array("\":1}".utf8)),
        .invalidHeaderUTF8(offset: 3)),
    HostileCase("overlong UTF-8", safetensorsBytes(rawHeader: Array("{\"".utf8) + [0xC0, 0x80] + Array("\":1}".utf8)),
        .invalidHeaderUTF8(offset: 2)),
    HostileCase("UTF-8-encoded surrogate", safetensorsBytes(rawHeader: [0x7B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D]),
        .invalidHeaderUTF8(offset: 2)),
    HostileCase("truncated UTF-8 at header end", safetensorsBytes(rawHeader: Array("{}".utf8) + [0xE2, 0x82]),
        .invalidHeaderUTF8(offset: 2)),
    HostileCase("header not JSON", safetensorsBytes("{abc"), .invalidHeaderJSON(detail: ""), matchDetail: false),
    HostileCase("header starts with [", safetensorsBytes("[]"), .invalidHeaderStart(found: UInt8(ascii: "["))),
    HostileCase("header starts with a space", safetensorsBytes(" {\(f32x1)}", data: zeros4),
        .invalidHeaderStart(found: 0x20)),
    HostileCase("empty header (N = 0)", safetensorsBytes(""), .invalidHeaderJSON(detail: ""), matchDetail: false),
    HostileCase("NUL padding", safetensorsBytes("{\(f32x1)}\0\0\0", data: zeros4), .invalidHeaderJSON(detail: ""),
        matchDetail: false),
    HostileCase("two JSON objects", safetensorsBytes("{}{}"), .invalidHeaderJSON(detail: ""), matchDetail: false),
    HostileCase("trailing comma", safetensorsBytes("{\(f32x1),}", data: zeros4), .invalidHeaderJSON(detail: ""),
        matchDetail: false),
    HostileCase("nesting 128 deep", safetensorsBytes(
        "{" + entry("a", "F32", [1], 0, 4).dropLast() + ",\"x\":" + String(repeating: "[", count: 126)
            + String(repeating: "]", count: 126) + "}}", data: zeros4),
        .invalidHeaderJSON(detail: ""), matchDetail: false),
    HostileCase("lone surrogate escape", safetensorsBytes("{\"\\ud800\":\(f32x1.dropFirst(4))}", data: zeros4),
        .invalidHeaderJSON(detail: ""), matchDetail: false),
    HostileCase("number out of double range", safetensorsBytes(
        "{" + entry("a", "F32", [1], 0, 4).dropLast() + ",\"x\":1e400}}", data: zeros4),
        .invalidHeaderJSON(detail: ""), matchDetail: false),
    HostileCase("raw control character in a name", safetensorsBytes("{\"a\u{1}\":1}"), .invalidHeaderJSON(detail: ""),
        matchDetail: false),
    // Entries
    HostileCase("missing data_offsets", safetensorsBytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", data: zeros4),
        .invalidTensorEntry(name: "a", detail: ""), matchDetail: false),
    HostileCase("negative offset", safetensorsBytes("{\(entry("a", "F32", [2], -4, 4))}", data: zeros8),
        .invalidTensorEntry(name: "a", detail: ""), matchDetail: false),
    HostileCase("negative dimension", safetensorsBytes("{\(entry("a", "F32", [-1], 0, 4))}", data: zeros4),
        .invalidTensorEntry(name: "a", detail: ""), matchDetail: false),
    HostileCase("float offset", safetensorsBytes(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4.0]}}", data: zeros4),
        .invalidTensorEntry(name: "a", detail: ""), matchDetail: false),
    HostileCase("offset above 2^64 - 1", safetensorsBytes(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,18446744073709551616]}}", data: zeros4),
        .invalidTensorEntry(name: "a", detail: ""), matchDetail: false),
    HostileCase("three data_offsets", safetensorsBytes(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,4]}}", data: zeros4),
        .invalidTensorEntry(name: "a", detail: ""), matchDetail: false),
    HostileCase("entry is null", safetensorsBytes("{\"a\":null}"), .invalidTensorEntry(name: "a", detail: ""),
        matchDetail: false),
    HostileCase("dtype is a number", safetensorsBytes(
        "{\"a\":{\"dtype\":7,\"shape\":[1],\"data_offsets\":[0,4]}}", data: zeros4),
        .invalidTensorEntry(name: "a", detail: ""), matchDetail: false),
    HostileCase("unknown dtype", safetensorsBytes("{\(entry("a", "Q8", [4], 0, 4))}", data: zeros4),
        .unknownDType(name: "a", dtype: "Q8")),
    HostileCase("lowercase dtype", safetensorsBytes("{\(entry("a", "f32", [1], 0, 4))}", data: zeros4),
        .unknownDType(name: "a", dtype: "f32")),
    HostileCase("duplicate tensor key", safetensorsBytes("{\(f32x1),\(f32x1)}", data: zeros4),
        .duplicateKey(name: "a", context: "the header object")),
    HostileCase("duplicate key spelled with an escape", safetensorsBytes(
        "{\(f32x1),\"\\u0061\":\(f32x1.dropFirst(4))}", data: zeros4),
        .duplicateKey(name: "a", context: "the header object")),
    HostileCase("duplicate field in an entry", safetensorsBytes(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"dtype\":\"I32\"}}", data: zeros4),
        .duplicateKey(name: "dtype", context: "object \"a\"")),
    HostileCase("duplicate __metadata__", safetensorsBytes("{\"__metadata__\":{},\"__metadata__\":{}}"),
        .duplicateKey(name: "__metadata__", context: "the header object")),
    HostileCase("metadata value not a string", safetensorsBytes("{\"__metadata__\":{\"x\":1}}"),
        .invalidMetadata(detail: "value of key \"x\" is an integer")),
    HostileCase("metadata value an object", safetensorsBytes("{\"__metadata__\":{\"x\":{\"y\":\"z\"}}}"),
        .invalidMetadata(detail: "value of key \"x\" is an object")),
    HostileCase("metadata an array", safetensorsBytes("{\"__metadata__\":[\"a\"]}"),
        .invalidMetadata(detail: "it is an array")),
    // Validation, in the reference's order
    HostileCase("overlap", safetensorsBytes("{\(entry("a", "F32", [2], 0, 8)),\(entry("b", "F32", [2], 4, 12))}",
        data: zeros12), .invalidOffset(name: "b", begin: 4, end: 12, expectedBegin: 8)),
    HostileCase("hole between tensors", safetensorsBytes(
        "{\(entry("a", "F32", [1], 0, 4)),\(entry("b", "F32", [1], 8, 12))}", data: zeros12),
        .invalidOffset(name: "b", begin: 8, end: 12, expectedBegin: 4)),
    HostileCase("hole at the start", safetensorsBytes("{\(entry("a", "F32", [1], 4, 8))}", data: zeros8),
        .invalidOffset(name: "a", begin: 4, end: 8, expectedBegin: 0)),
    HostileCase("end before begin", safetensorsBytes(
        "{\(entry("a", "F32", [1], 0, 4)),\(entry("b", "F32", [1], 4, 0))}", data: zeros8),
        .invalidOffset(name: "b", begin: 4, end: 0, expectedBegin: 4)),
    HostileCase("10 tensors over one range (json attack)", safetensorsBytes(
        "{" + (0..<10).map { entry("t\($0)", "F32", [1], 0, 4) }.joined(separator: ",") + "}", data: zeros4),
        .invalidOffset(name: "t1", begin: 0, end: 4, expectedBegin: 4)),
    HostileCase("shape product overflow (safetensors-cpp PoC)", safetensorsBytes(
        "{\(entry("a", "F32", [4_194_305, 4_194_305, 211_106_198_978_564], 0, 16))}", data: zeros8 + zeros8),
        .validationOverflow(name: "a")),
    HostileCase("element count × bits overflow", safetensorsBytes(
        "{\(entry("a", "F64", [(1 << 61) + 1], 0, 0))}"), .validationOverflow(name: "a")),
    HostileCase("F4 with 12 bits", safetensorsBytes("{\(entry("a", "F4", [3], 0, 2))}", data: [0, 0]),
        .misalignedSlice(name: "a", bits: 12)),
    HostileCase("8 bytes for a [3] F32", safetensorsBytes("{\(entry("a", "F32", [3], 0, 8))}", data: zeros8),
        .tensorInvalidInfo(name: "a", expectedBytes: 12, foundBytes: 8)),
    HostileCase("offsets far past the data", safetensorsBytes(
        "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,18446744073709551615]}}", data: [0]),
        .tensorInvalidInfo(name: "a", expectedBytes: 1, foundBytes: .max)),
    HostileCase("trailing bytes after the last tensor", safetensorsBytes("{\(f32x1)}", data: zeros8),
        .metadataIncompleteBuffer(expected: 4, found: 8)),
    HostileCase("last tensor ends past the data", safetensorsBytes("{\(entry("a", "F32", [4], 0, 16))}", data: zeros8),
        .metadataIncompleteBuffer(expected: 16, found: 8)),
    HostileCase("no tensors but data", safetensorsBytes("{\"__metadata__\":{\"a\":\"b\"}}", data: zeros4),
        .metadataIncompleteBuffer(expected: 0, found: 4)),
]

@Suite("Safetensors errors (S2)")
struct SafetensorsErrorTests {
    @Test("each handcrafted file is rejected with its exact error", arguments: hostileCases)
    func rejected(_ c: HostileCase) throws {
        let error = try #require(headerError(c.bytes), "\(c.label): accepted")
        if c.matchDetail {
            #expect(error == c.expected, "\(c.label): \(error)")
        } else {
            #expect(error.caseName == c.expected.caseName, "\(c.label): \(error)")
            switch (error, c.expected) {
            case (.invalidTensorEntry(let name, _), .invalidTensorEntry(let expectedName, _)):
                #expect(name == expectedName)
            default: break
            }
        }
        // The same bytes through the file API give the same error.
        #expect(thrownError { try SafetensorsFile(bytes: c.bytes) } == error)
        #expect(!error.description.isEmpty)
    }

    @Test func atLeastTwentyCasesCoverEveryParserError() {
        #expect(hostileCases.count >= 20)
        let covered = Set(hostileCases.map(\.expected.caseName))
        let parserCases: Set<String> = [
            "headerTooSmall", "headerTooLarge", "invalidHeaderLength", "invalidHeaderUTF8", "invalidHeaderJSON",
            "invalidHeaderStart", "invalidTensorEntry", "unknownDType", "duplicateKey", "invalidMetadata",
            "invalidOffset", "validationOverflow", "misalignedSlice", "tensorInvalidInfo", "metadataIncompleteBuffer",
        ]
        #expect(parserCases.subtracting(covered).isEmpty, "untested: \(parserCases.subtracting(covered))")
    }

    @Test func descriptionsSayWhatWhereAndExpectedVersusFound() {
        let e = SafetensorsError.tensorInvalidInfo(name: "w", expectedBytes: 12, foundBytes: 8)
        #expect(e.description.contains("\"w\"") && e.description.contains("12") && e.description.contains("8"))
        let o = SafetensorsError.invalidOffset(name: "b", begin: 8, end: 12, expectedBegin: 4)
        #expect(o.description.contains("begins at 8, expected 4"))
        let l = SafetensorsError.invalidHeaderLength(declared: 100, fileSize: 10)
        #expect(l.description.contains("100") && l.description.contains("10"))
        #expect(SafetensorsError.unknownDType(name: "a\n", dtype: "Q8").description.contains("\"a\\u{a}\""))
    }

    @Test func tensorNotFound() throws {
        let file = try SafetensorsFile(bytes: safetensorsBytes("{\(f32x1)}", data: zeros4))
        #expect(thrownError { try file.tensor(named: "b") } == .tensorNotFound(name: "b"))
        #expect(thrownError { try file.info("") } == .tensorNotFound(name: ""))
    }

    @Test("valid dtypes Tensor cannot hold throw unsupportedDType",
        arguments: SafetensorsDType.allCases.filter { !$0.isLoadable })
    func unsupportedDType(_ dtype: SafetensorsDType) throws {
        let bytes = dtype.bitSize  // 8 elements × bits / 8
        let file = try SafetensorsFile(
            bytes: safetensorsBytes(
                "{\(entry("x", dtype.rawValue, [8], 0, bytes))}", data: .init(repeating: 1, count: bytes)))
        #expect(thrownError { try file.tensor(named: "x") } == .unsupportedDType(name: "x", dtype: dtype))
        #expect(try file.rawBytes(named: "x") == [UInt8](repeating: 1, count: bytes))
        #expect(dtype.tensorDType == nil)
    }

    @Test func zeroElementShapeBeyondIntIsReportedNotTrapped() throws {
        let header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[0,9223372036854775808],\"data_offsets\":[0,0]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[0,4611686018427387904,4],\"data_offsets\":[0,0]}}"
        let file = try SafetensorsFile(bytes: safetensorsBytes(header))  // valid for the reference
        #expect(thrownError { try file.tensor(named: "a") } == .shapeNotRepresentable(name: "a", shape: [0, 1 << 63]))
        #expect(thrownError { try file.tensor(named: "b") }?.caseName == "shapeNotRepresentable")
    }

    @Test func writerRejectsReservedName() {
        let error = thrownError { try Safetensors.serialize(["__metadata__": makeTensor([], .float32, [0])]) }
        #expect(error?.caseName == "invalidTensorName")
    }

    @Test func missingFileIsAFileError() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UInt64.random(in: 0...UInt64.max))/x.safetensors")
        #expect(thrownError { try SafetensorsFile.read(contentsOf: url) }?.caseName == "fileError")
        #expect(thrownError { try Safetensors.write([:], to: url) }?.caseName == "fileError")
    }
}
