import Foundation
import Language
import Tensors
import Testing
import TestSupport

/// A scratch copy of the tiny BERT folder whose files a test may break.
/// The folder is deleted with the last copy of the value (or earlier by `remove()`).
private struct ScratchModel {
    private let scratch = ScratchDirectory("bert")
    var folder: URL { scratch.url }

    init() throws {
        for name in ["config.json", "model.safetensors"] {
            try FileManager.default.copyItem(at: TinyBertFixture.folder.appendingPathComponent(name),
                                             to: folder.appendingPathComponent(name))
        }
    }

    var config: URL { folder.appendingPathComponent("config.json") }
    var weights: URL { folder.appendingPathComponent("model.safetensors") }

    func tensors() throws -> [String: Tensor] { try SafetensorsFile.read(contentsOf: weights).tensors() }
    func write(_ tensors: [String: Tensor]) throws { try Safetensors.write(tensors, to: weights) }

    func editConfig(_ edit: (inout [String: Any]) -> Void) throws {
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: config)) as! [String: Any]
        edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: config)
    }

    func loadError() -> LanguageError? {
        do {
            _ = try BertEncoder(directory: folder)
            return nil
        } catch {
            return error
        }
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

@Suite("Loading BERT from config.json and model.safetensors")
struct BertLoadingTests {
    @Test("config.json decodes the BertConfig fields and fills transformers' defaults")
    func decodeConfig() throws {
        let config = try BertConfig.load(contentsOf: TinyBertFixture.folder.appendingPathComponent("config.json"))
        #expect(config == BertConfig(vocabSize: 50, hiddenSize: 32, numHiddenLayers: 2, numAttentionHeads: 4,
                                     intermediateSize: 64, hiddenAct: "gelu", maxPositionEmbeddings: 24,
                                     typeVocabSize: 2, layerNormEps: 1e-12, padTokenId: 0))
        let sparse = try JSONDecoder().decode(BertConfig.self, from: Data(#"{"hidden_size": 64, "num_attention_heads": 2}"#.utf8))
        #expect(sparse.vocabSize == 30522 && sparse.intermediateSize == 3072 && sparse.headDim == 32)
        #expect(sparse.hiddenAct == "gelu" && sparse.positionEmbeddingType == "absolute" && sparse.layerNormEps == 1e-12)
    }

    @Test("unsupported or invalid config values are rejected with the key named")
    func badConfigs() throws {
        let model = try ScratchModel()
        defer { model.remove() }
        try model.editConfig { $0["hidden_act"] = "swish" }
        #expect(model.loadError() == .unsupportedComponent(path: model.config.path, component: "hidden_act", kind: "swish",
                                                            supported: ["gelu", "gelu_new", "gelu_pytorch_tanh", "relu"]))
        try model.editConfig { $0["hidden_act"] = "gelu"; $0["position_embedding_type"] = "relative_key" }
        #expect(model.loadError() == .unsupportedComponent(path: model.config.path, component: "position_embedding_type",
                                                            kind: "relative_key", supported: ["absolute"]))
        try model.editConfig { $0["position_embedding_type"] = "absolute"; $0["num_attention_heads"] = 5 }
        #expect(model.loadError() == .invalidConfig(path: model.config.path, key: "num_attention_heads",
                                                     detail: "must divide hidden_size 32, found 5"))
        try model.editConfig { $0["num_attention_heads"] = 4; $0["hidden_size"] = "32" }
        guard case .malformedFile(_, let detail)? = model.loadError() else { Issue.record("expected malformedFile"); return }
        #expect(detail.contains("hidden_size"))
        try Data("{".utf8).write(to: model.config)
        guard case .malformedFile? = model.loadError() else { Issue.record("expected malformedFile"); return }
        try FileManager.default.removeItem(at: model.config)
        #expect(model.loadError() == .fileNotFound(path: model.config.path, what: "BERT config.json"))
    }

    @Test("a weights file that disagrees with the config names the tensor and both shapes")
    func shapeMismatch() throws {
        let model = try ScratchModel()
        defer { model.remove() }
        // A config asking for more layers than the file holds: the first missing tensor is named.
        try model.editConfig { $0["num_hidden_layers"] = 3 }
        #expect(model.loadError() == .missingTensor(name: "encoder.layer.2.attention.self.query.weight", path: model.weights.path))
        try model.editConfig { $0["num_hidden_layers"] = 2; $0["intermediate_size"] = 48 }
        #expect(model.loadError() == .tensorShapeMismatch(name: "encoder.layer.0.intermediate.dense.weight",
                                                           expected: [48, 32], found: [64, 32]))
        try model.editConfig { $0["intermediate_size"] = 64; $0["vocab_size"] = 60 }
        #expect(model.loadError() == .tensorShapeMismatch(name: "embeddings.word_embeddings.weight",
                                                           expected: [60, 32], found: [50, 32]))
    }

    @Test("missing and wrongly typed tensors, and a missing weights file")
    func missingTensors() throws {
        let model = try ScratchModel()
        defer { model.remove() }
        var tensors = try model.tensors()
        #expect(tensors["embeddings.position_ids"]?.dtype == .int64)
        tensors["encoder.layer.1.output.LayerNorm.bias"] = nil
        try model.write(tensors)
        #expect(model.loadError() == .missingTensor(name: "encoder.layer.1.output.LayerNorm.bias", path: model.weights.path))
        tensors = try ScratchModel().tensors()
        tensors["embeddings.position_ids"] = Tensor([Float](repeating: 0, count: 24), shape: [1, 24])
        try model.write(tensors)
        #expect(model.loadError() == .tensorDTypeMismatch(name: "embeddings.position_ids", expected: "I64", found: "F32"))
        tensors["embeddings.position_ids"] = nil
        tensors["embeddings.LayerNorm.weight"] = Tensor([Int64](repeating: 1, count: 32), shape: [32])
        try model.write(tensors)
        #expect(model.loadError() == .tensorDTypeMismatch(name: "embeddings.LayerNorm.weight", expected: "F32", found: "I64"))
        try FileManager.default.removeItem(at: model.weights)
        #expect(model.loadError() == .fileNotFound(path: model.weights.path, what: "BERT weights (model.safetensors)"))
    }

    @Test("truncated or corrupt safetensors surface the reader's error")
    func corruptFile() throws {
        let model = try ScratchModel()
        defer { model.remove() }
        let bytes = try Data(contentsOf: model.weights)
        try bytes.prefix(bytes.count - 100).write(to: model.weights)
        guard case .invalidWeightsFile(let path, _)? = model.loadError() else { Issue.record("expected invalidWeightsFile"); return }
        #expect(path == model.weights.path)
        try Data([1, 2, 3]).write(to: model.weights)
        #expect(model.loadError() == .invalidWeightsFile(path: model.weights.path, error: .headerTooSmall(fileSize: 3)))
        var header = bytes
        header[8] = UInt8(ascii: "[")  // the JSON header must start with {
        try header.write(to: model.weights)
        guard case .invalidWeightsFile? = model.loadError() else { Issue.record("expected invalidWeightsFile"); return }
        #expect(model.loadError()?.description.contains("not a valid safetensors file") == true)
    }

    @Test("a checkpoint with the bert. prefix (BertFor… models) loads to the same encoder")
    func bertPrefix() throws {
        let model = try ScratchModel()
        defer { model.remove() }
        var prefixed: [String: Tensor] = [:]
        for (k, v) in try model.tensors() { prefixed["bert." + k] = v }
        prefixed["cls.predictions.bias"] = Tensor([Float](repeating: 0, count: 50), shape: [50])
        try model.write(prefixed)
        let fixture = try TinyBertFixture.load()
        let encoder = try BertEncoder(directory: model.folder)
        let states = try encoder.lastHiddenStates(fixture.encodings.map(BertInput.init))
        #expect(bertMaxAbsDiff(states, fixture.hidden) <= 1e-5)
        prefixed = ["other.weight": Tensor([Float](repeating: 0, count: 4), shape: [4])]
        try model.write(prefixed)
        #expect(model.loadError() == .missingTensor(name: "embeddings.word_embeddings.weight", path: model.weights.path))
    }
}
