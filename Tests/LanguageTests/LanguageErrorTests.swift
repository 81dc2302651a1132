import Foundation
import Language
import Testing

@Suite("LanguageError")
struct LanguageErrorTests {
    @Test("messages name the file, the tensor and both shapes")
    func messages() {
        #expect(LanguageError.tensorShapeMismatch(name: "embeddings.word_embeddings.weight", expected: [30522, 384], found: [100, 384])
            .description == "tensor \"embeddings.word_embeddings.weight\": expected shape [30522, 384], found [100, 384]")
        #expect(LanguageError.fileNotFound(path: "/m/config.json", what: "config.json").description == "config.json not found at /m/config.json")
    }

    @Test("the model cache honours SWIFTLEARN_MODEL_CACHE and names models inside it")
    func cache() {
        #expect(ModelCache.url(for: "all-MiniLM-L6-v2").lastPathComponent == "all-MiniLM-L6-v2")
        #expect(ModelCache.url(for: "x").deletingLastPathComponent().standardizedFileURL == ModelCache.directory.standardizedFileURL)
    }
}
