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
