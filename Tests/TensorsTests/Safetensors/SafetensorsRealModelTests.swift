// RELIABILITY.md S4: the real all-MiniLM-L6-v2 weights load (104 tensors, F32 + I64, 11,408-byte header,
// __metadata__ {"format": "pt"}). The file is not in the repo: scripts/fetch-models.sh puts it in
// ${SWIFTLEARN_MODEL_CACHE:-~/.cache/swiftlearn/models}; without it the test is skipped (and says so).
import Foundation
import Testing

@testable import Tensors

enum MiniLMFile {
    static let url: URL = {
        let env = ProcessInfo.processInfo.environment
        let cache = env["SWIFTLEARN_MODEL_CACHE"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/swiftlearn/models")
        return cache.appendingPathComponent("all-MiniLM-L6-v2/model.safetensors")
    }()
    static var exists: Bool { FileManager.default.fileExists(atPath: url.path) }
}

@Suite("Safetensors real model (S4)")
struct SafetensorsRealModelTests {
    @Test("all-MiniLM-L6-v2 loads completely (skipped unless scripts/fetch-models.sh has run)",
        .enabled(if: MiniLMFile.exists, "model.safetensors not in the model cache; run scripts/fetch-models.sh"))
    func miniLMLoads() throws {
        let clock = ContinuousClock()
        var file: SafetensorsFile?
        var tensors: [String: Tensor] = [:]
        let elapsed = try clock.measure {
            let f = try SafetensorsFile.read(contentsOf: MiniLMFile.url)
            tensors = try f.tensors()
            file = f
        }
        let st = try #require(file)
        #expect(st.headerByteCount == 11_408)
        #expect(st.metadata == ["format": "pt"])
        #expect(tensors.count == 104 && st.tensorNames.count == 104)
        #expect(Set(st.header.entries.map(\.dtype)) == [.f32, .i64])
        let positions = try #require(tensors["embeddings.position_ids"])
        #expect(positions.dtype == .int64 && positions.shape == [1, 512])
        #expect(positions.integers == Array(0..<512))
        let words = try #require(tensors["embeddings.word_embeddings.weight"])
        #expect(words.dtype == .float32 && words.shape == [30522, 384])
        #expect(words.allFinite())
        let parameters = tensors.values.filter { $0.dtype == .float32 }.reduce(0) { $0 + $1.count }
        print("safetensors S4: all-MiniLM-L6-v2 \(tensors.count) tensors, \(parameters) F32 parameters, "
            + "header \(st.headerByteCount) B, read + copy out in \(elapsed)")
    }
}
