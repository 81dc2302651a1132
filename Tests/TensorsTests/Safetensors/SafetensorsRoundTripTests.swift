// Writing then reading: every DType, rank 0, empty tensors, odd names, metadata — bytes identical both ways —
// plus the writer's layout rules (reference order, compact JSON, 8-byte padding) and atomic file replacement.
import Foundation
import Testing

@testable import Tensors

/// A tiny seeded generator (SplitMix64) so test data is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random bytes valid for `dtype` (BOOL bytes are 0 or 1).
func randomBytes(_ count: Int, _ dtype: DType, _ rng: inout SplitMix64) -> [UInt8] {
    (0..<(count * dtype.byteSize)).map { _ in UInt8.random(in: 0...(dtype == .bool ? 1 : 255), using: &rng) }
}

@Suite("Safetensors round trip")
struct SafetensorsRoundTripTests {
    @Test("every DType survives write → read bit for bit", arguments: DType.allCases)
    func everyDType(_ dtype: DType) throws {
        var rng = SplitMix64(seed: 7)
        for shape in [[2, 3], [], [0], [2, 0, 3], [1, 1, 5]] {
            let count = shape.reduce(1, *)
            let bytes = randomBytes(count, dtype, &rng)
            let file = try Safetensors.serialize(["t": makeTensor(bytes, dtype, shape)])
            let read = try SafetensorsFile(bytes: file)
            let info = try read.info("t")
            #expect(info.dtype == SafetensorsDType(dtype) && info.shape == shape)
            let back = try read.tensor(named: "t")
            #expect(back.dtype == dtype && back.shape == shape)
            #expect(rawBytes(back) == bytes)
            #expect(Array(file[info.byteRange]) == bytes)
            #expect(try Safetensors.serialize(read.tensors()) == file, "re-serializing changed the bytes")
        }
    }

    @Test func manyTensorsAndMetadataRoundTrip() throws {
        var rng = SplitMix64(seed: 11)
        var tensors: [String: Tensor] = [:]
        for (i, dtype) in DType.allCases.enumerated() {
            let shape = [i % 3 + 1, 4]
            tensors["layer.\(i).\(dtype)"] = makeTensor(randomBytes(shape.reduce(1, *), dtype, &rng), dtype, shape)
        }
        tensors["scalar"] = makeTensor(randomBytes(1, .float32, &rng), .float32, [])
        tensors["empty"] = makeTensor([], .int64, [0, 7])
        tensors["名前 \"quoted\" \\ \n\t\u{1}\u{7F}"] = makeTensor(randomBytes(2, .int8, &rng), .int8, [2])
        tensors[""] = makeTensor([1], .uint8, [1])
        let metadata = ["format": "pt", "ünï": "Zürich ☃", "empty": "", "esc": "a\"b\\c\nd\u{0}"]
        let bytes = try Safetensors.serialize(tensors, metadata: metadata)
        let file = try SafetensorsFile(bytes: bytes)
        #expect(file.metadata == metadata)
        #expect(Set(file.tensorNames) == Set(tensors.keys))
        for (name, t) in tensors {
            let back = try file.tensor(named: name)
            #expect(back.dtype == t.dtype && back.shape == t.shape && rawBytes(back) == rawBytes(t), "\(name)")
        }
        #expect(try Safetensors.serialize(file.tensors(), metadata: file.metadata) == bytes)
    }

    @Test func metadataOnlyAndEmptyFiles() throws {
        let empty = try Safetensors.serialize([:])
        #expect(empty == safetensorsBytes("{}      "))  // what Python writes for save({})
        #expect(try SafetensorsFile(bytes: empty).tensorNames.isEmpty)
        let metaOnly = try Safetensors.serialize([:], metadata: [:])
        #expect(String(decoding: metaOnly[8...], as: UTF8.self) == "{\"__metadata__\":{}}     ")
        let file = try SafetensorsFile(bytes: try Safetensors.serialize([:], metadata: ["k": "v"]))
        #expect(file.metadata == ["k": "v"] && file.tensorNames.isEmpty)
    }

    @Test func layoutFollowsTheReference() throws {
        let tensors: [String: Tensor] = [
            "b": makeTensor([1, 2], .uint8, [2]), "a": makeTensor([1], .bool, [1]),
            "f32": makeTensor([0, 0, 128, 63], .float32, [1]), "B": makeTensor([0, 0, 0, 64], .float32, []),
            "é": makeTensor([], .float32, [0, 3]), "i64": makeTensor(.init(repeating: 0, count: 8), .int64, [1]),
            "f16": makeTensor([0, 60], .float16, [1]), "bf": makeTensor([0, 63], .bfloat16, [1]),
        ]
        let bytes = try Safetensors.serialize(tensors, metadata: ["format": "pt"])
        let n = Int(bytes[0]) | Int(bytes[1]) << 8
        #expect(n % 8 == 0 && bytes[2..<8].allSatisfy { $0 == 0 })
        let header = String(decoding: bytes[8..<(8 + n)], as: UTF8.self)
        // Descending dtype order (I64, F32, BF16, F16, U8, BOOL), then names by UTF-8 bytes ("B" < "f32" < "é").
        let expected = "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"i64\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
            + "\"B\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]},"
            + "\"f32\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]},"
            + "\"é\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[16,16]},"
            + "\"bf\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[16,18]},"
            + "\"f16\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[18,20]},"
            + "\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[20,22]},"
            + "\"a\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[22,23]}}"
        #expect(header.trimmingCharacters(in: .init(charactersIn: " ")) == expected)
        #expect(header.count - expected.count < 8)
        #expect(try SafetensorsFile(bytes: bytes).tensorNames == ["i64", "B", "f32", "é", "bf", "f16", "b", "a"])
    }

    @Test func jsonEscapingMatchesSerdeJSON() {
        var out: [UInt8] = []
        Safetensors.appendJSONString("a\"\\\n\u{1}/\u{2028}\u{7F}\u{8}\u{C}\r\t", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\"a\\\"\\\\\\n\\u0001/\u{2028}\u{7F}\\b\\f\\r\\t\"")
    }

    @Test func boolBytesAboveOneLoadAsTrue() throws {
        let file = try SafetensorsFile(bytes: safetensorsBytes("{\(entry("m", "BOOL", [3], 0, 3))}", data: [0, 1, 7]))
        #expect(rawBytes(try file.tensor(named: "m")) == [0, 1, 1])
        #expect(try file.rawBytes(named: "m") == [0, 1, 7])
    }

    // MARK: Files

    private func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func writeIsAtomicAndLeavesNoTemporaryFiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("model.safetensors")
        let first: [String: Tensor] = ["w": makeTensor([0, 0, 128, 63], .float32, [1])]
        try Safetensors.write(first, metadata: ["format": "pt"], to: url)
        #expect(try Array(Data(contentsOf: url)) == Safetensors.serialize(first, metadata: ["format": "pt"]))
        // Overwrite in place.
        let second: [String: Tensor] = ["w": makeTensor([0, 0, 0, 64, 0, 0, 64, 64], .float32, [2])]
        try Safetensors.write(second, to: url)
        let read = try SafetensorsFile.read(contentsOf: url)
        #expect(try read.tensor(named: "w").scalars == [2, 3])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["model.safetensors"])
        // A failed write (reserved name) leaves the previous file intact.
        let before = try Data(contentsOf: url)
        #expect(thrownError { try Safetensors.write(["__metadata__": makeTensor([1], .uint8, [1])], to: url) } != nil)
        #expect(try Data(contentsOf: url) == before)
        // A failed rename (destination is a directory) removes the temporary file.
        let blocker = dir.appendingPathComponent("dir.safetensors")
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: false)
        #expect(thrownError { try Safetensors.write(second, to: blocker) }?.caseName == "fileError")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(left == ["dir.safetensors", "model.safetensors"])
    }
}
