// Swift → Python: files written by Safetensors.write must load in the Python `safetensors` package.
// This test writes a set of files plus expected.json (names, dtypes, shapes, sha256, metadata) to
//   ${SWIFTLEARN_SWIFT_WRITTEN_DIR:-<temporary directory>/swiftlearn-safetensors-swift-written}
// (never into the repo); scripts/reference/check_swift_safetensors.py <that directory> then loads each
// file with Python and prints OK. The test itself checks the files by reading them back.
import Foundation
import Testing
import TestSupport

@testable import Tensors

@Suite("Safetensors files for the Python cross-check")
struct SafetensorsInteropTests {
    static var outputDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["SWIFTLEARN_SWIFT_WRITTEN_DIR"] {
            return URL(fileURLWithPath: dir)
        }
        return FileManager.default.temporaryDirectory.appendingPathComponent("swiftlearn-safetensors-swift-written")
    }

    @Test func writeFilesForPython() throws {
        var rng = SplitMix64(seed: 2026)
        var all: [String: Tensor] = [:]
        for dtype in DType.allCases {
            for (k, shape) in [[3, 2], [], [0, 4]].enumerated() {
                let n = shape.reduce(1, *)
                all["\(dtype).\(k)"] = makeTensor(randomBytes(n, dtype, &rng), dtype, shape)
            }
        }
        let files: [(String, [String: Tensor], [String: String]?)] = [
            ("all_dtypes.safetensors", all, ["format": "pt", "writer": "SwiftLearn ☃"]),
            ("no_metadata.safetensors", ["w": makeTensor(randomBytes(6, .float32, &rng), .float32, [2, 3])], nil),
            ("names.safetensors", ["": makeTensor([7], .uint8, [1]), "é \"q\" \n": makeTensor([1, 0], .bool, [2]),
                "encoder.layer.0.attention.query.weight": makeTensor(randomBytes(4, .bfloat16, &rng), .bfloat16, [2, 2])],
                ["empty": ""]),
            ("empty.safetensors", [:], nil),
        ]
        let dir = Self.outputDirectory
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var expected: [String: Any] = [:]
        for (name, tensors, metadata) in files {
            let url = dir.appendingPathComponent(name)
            try Safetensors.write(tensors, metadata: metadata, to: url)
            let back = try SafetensorsFile.read(contentsOf: url)
            #expect(Set(back.tensorNames) == Set(tensors.keys))
            var entries: [String: Any] = [:]
            for (tname, t) in tensors {
                #expect(try rawBytes(back.tensor(named: tname)) == rawBytes(t))
                entries[tname] = ["dtype": SafetensorsDType(t.dtype).rawValue, "shape": t.shape,
                    "sha256": SHA256.hexDigest(rawBytes(t))]
            }
            expected[name] = ["metadata": metadata.map { $0 as Any } ?? NSNull(), "tensors": entries]
        }
        let json = try JSONSerialization.data(withJSONObject: expected, options: [.sortedKeys])
        try json.write(to: dir.appendingPathComponent("expected.json"), options: .atomic)
        print("safetensors interop: \(files.count) Swift-written files in \(dir.path); check with "
            + "python scripts/reference/check_swift_safetensors.py \(dir.path)")
    }
}
