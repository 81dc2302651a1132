import Foundation
import Language
import NeuralNetworks
import Tensors
import Testing
import TestSupport

@Suite("BertModel (trainable)")
struct BertModelTests {
    private func padded(_ f: TinyBertFixture) -> (ids: Tensor, types: Tensor, mask: Tensor) {
        let b = f.input_ids.count, l = f.input_ids[0].count
        func t(_ rows: [[Int]]) -> Tensor { Tensor(rows.flatMap { $0.map(Int64.init) }, shape: [b, l]) }
        return (t(f.input_ids), t(f.token_type_ids), t(f.attention_mask))
    }

    /// The unpadded rows of a [batch, length, hidden] output.
    private func realRows(_ out: Tensor, lengths: [Int]) -> [[[Float]]] {
        let l = out.shape[1], h = out.shape[2], v = out.scalars
        return lengths.enumerated().map { b, n in (0..<n).map { t in Array(v[((b * l + t) * h)..<((b * l + t + 1) * h)]) } }
    }

    @Test("state-dict names are Hugging Face's, and the loaded model matches PyTorch on the padded batch")
    func parity() throws {
        let fixture = try TinyBertFixture.load()
        let model = try BertModel(directory: TinyBertFixture.folder)
        let file = try SafetensorsFile.read(contentsOf: TinyBertFixture.folder.appendingPathComponent("model.safetensors"))
        let expected = Set(file.tensorNames.filter { !$0.hasPrefix("pooler.") && $0 != "embeddings.position_ids" })
        #expect(Set(model.stateDict().keys) == expected)
        model.eval()
        let (ids, types, mask) = padded(fixture)
        let out = withoutGradients { model(inputIds: ids, tokenTypeIds: types, attentionMask: mask) }
        #expect(out.shape == [4, 24, 32])
        #expect(bertMaxAbsDiff(realRows(out, lengths: fixture.lengths), fixture.hidden) <= 1e-5)
    }

    @Test("gradients reach every parameter; after an SGD step the fast encoder reproduces the trained model")
    func fineTune() throws {
        let fixture = try TinyBertFixture.load()
        let model = try BertModel(directory: TinyBertFixture.folder, hiddenDropout: 0, attentionDropout: 0)
        let (ids, types, mask) = padded(fixture)
        // A toy objective: pull every hidden state towards zero.
        func loss() -> Tensor {
            let out = model(inputIds: ids, tokenTypeIds: types, attentionMask: mask)
            return (out * out).mean()
        }
        let before = loss()
        let grads = before.backward()
        for (name, p) in model.namedParameters() {
            let g = try #require(grads[p.value], "no gradient for \(name)")
            #expect(g.scalars.contains { $0 != 0 }, "zero gradient for \(name)")
        }
        let optimizer = SGD(model.parameters(), learningRate: 0.05)
        optimizer.step(grads)
        #expect(loss().scalars[0] < before.scalars[0])
        model.eval()
        let trained = withoutGradients { model(inputIds: ids, tokenTypeIds: types, attentionMask: mask) }
        let fast = try BertEncoder(model: model)
        let states = try fast.lastHiddenStates(fixture.encodings.map(BertInput.init))
        #expect(bertMaxAbsDiff(states, realRows(trained, lengths: fixture.lengths)) <= 1e-5)
        #expect(bertMaxAbsDiff(states, fixture.hidden) > 1e-3, "the step changed the weights")
    }

    @Test("loading errors are the encoder's: wrong shapes name the tensor")
    func loadErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["config.json", "model.safetensors"] {
            try FileManager.default.copyItem(at: TinyBertFixture.folder.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("config.json"))) as! [String: Any]
        config["max_position_embeddings"] = 32
        try JSONSerialization.data(withJSONObject: config).write(to: folder.appendingPathComponent("config.json"))
        var caught: LanguageError?
        do { _ = try BertModel(directory: folder) } catch { caught = error }
        #expect(caught == .tensorShapeMismatch(name: "embeddings.position_embeddings.weight", expected: [32, 32], found: [24, 32]))
    }
}

@Suite("BERT variants")
struct BertVariantTests {
    /// The tiny fixture folder copied with `hidden_act` replaced and the weights converted by `convert`.
    private func variant(activation: String, convert: (Tensor) -> Tensor = { $0 }) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var config = try JSONSerialization.jsonObject(
            with: Data(contentsOf: TinyBertFixture.folder.appendingPathComponent("config.json"))) as! [String: Any]
        config["hidden_act"] = activation
        try JSONSerialization.data(withJSONObject: config).write(to: folder.appendingPathComponent("config.json"))
        var tensors = try SafetensorsFile.read(contentsOf: TinyBertFixture.folder.appendingPathComponent("model.safetensors")).tensors()
        for (k, v) in tensors where v.dtype == .float32 { tensors[k] = convert(v) }
        try Safetensors.write(tensors, to: folder.appendingPathComponent("model.safetensors"))
        return folder
    }

    @Test("gelu_new and relu: the fast encoder agrees with the trainable module", arguments: ["gelu_new", "relu"])
    func activations(_ activation: String) throws {
        let folder = try variant(activation: activation)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixture = try TinyBertFixture.load()
        let model = try BertModel(directory: folder)
        model.eval()
        let fast = try BertEncoder(directory: folder)
        let inputs = fixture.encodings.map(BertInput.init)
        let states = try fast.lastHiddenStates(inputs)
        for (input, state) in zip(inputs, states) {
            let ids = Tensor(input.ids.map(Int64.init), shape: [1, input.ids.count])
            let types = Tensor(input.typeIds.map(Int64.init), shape: [1, input.ids.count])
            let out = withoutGradients { model(inputIds: ids, tokenTypeIds: types) }.scalars
            let rows = (0..<input.ids.count).map { Array(out[($0 * 32)..<(($0 + 1) * 32)]) }
            #expect(bertMaxAbsDiff([state], [rows]) <= 1e-5)
        }
        // The activation is really used: the states move well beyond rounding from the exact-GELU reference
        // (gelu_new differs from it by ≤ ~1e-3 per element, so less than relu does).
        #expect(bertMaxAbsDiff(states, fixture.hidden) > 1e-4)
    }

    @Test("F16 and BF16 checkpoints load, widened to Float32")
    func halfPrecision() throws {
        let fixture = try TinyBertFixture.load()
        for dtype in [DType.float16, .bfloat16] {
            let folder = try variant(activation: "gelu") { $0.to(dtype) }
            defer { try? FileManager.default.removeItem(at: folder) }
            let states = try BertEncoder(directory: folder).lastHiddenStates(fixture.encodings.map(BertInput.init))
            let diff = bertMaxAbsDiff(states, fixture.hidden)
            #expect(diff > 0 && diff <= (dtype == .float16 ? 0.05 : 0.3), "\(dtype): max |Δ| = \(diff)")
        }
    }
}
