// Default initialisation of every layer against PyTorch's rules, as recorded with empirical statistics in
// Tests/Fixtures/nn/layers.json ("default_init", from scripts/reference/make_nn_fixtures.py).
import Testing
import TestSupport
import NeuralNetworks
import Tensors

private struct InitFixture: Decodable {
    struct Theory: Decodable {
        let distribution: String
        let low: Double?, high: Double?, std: Double?, mean: Double?, value: Double?
    }
    struct Param: Decodable { let shape: [Int]; let theory: Theory }
    struct Case: Decodable { let layer: String; let args: JSONValue; let params: [String: Param] }
    let default_init: [Case]
}

private let initCases = (try? Fixtures.json("nn/layers.json", as: InitFixture.self).default_init) ?? []

private func build(_ c: InitFixture.Case) -> (any Module)? {
    let a = c.args
    return withInitializationSeed(11) { () -> (any Module)? in
        switch c.layer {
        case "Linear": return Linear(a["in_features"]!.int!, a["out_features"]!.int!)
        case "Conv2d": return Conv2d(a["in_channels"]!.int!, a["out_channels"]!.int!, kernelSize: a["kernel_size"]!.int!)
        case "LSTM": return LSTM(inputSize: a["input_size"]!.int!, hiddenSize: a["hidden_size"]!.int!)
        case "GRU": return GRU(inputSize: a["input_size"]!.int!, hiddenSize: a["hidden_size"]!.int!)
        case "Embedding": return Embedding(a["num_embeddings"]!.int!, a["embedding_dim"]!.int!)
        case "BatchNorm2d": return BatchNorm2d(a["num_features"]!.int!)
        case "LayerNorm": return LayerNorm(a["normalized_shape"]!.array!.map { $0.int! })
        case "MultiheadAttention": return MultiheadAttention(embedDim: a["embed_dim"]!.int!, numHeads: a["num_heads"]!.int!)
        case "TransformerEncoderLayer":
            return TransformerEncoderLayer(dModel: a["d_model"]!.int!, numHeads: a["nhead"]!.int!,
                                           dimFeedforward: a["dim_feedforward"]!.int!)
        default: return nil
        }
    }
}

@Suite("Default initialisation follows PyTorch")
struct DefaultInitializationTests {
    @Test func everyRecordedLayerIsBuilt() {
        #expect(initCases.count >= 9)
        #expect(initCases.allSatisfy { build($0) != nil })
    }

    @Test(arguments: initCases.map(\.layer))
    func parametersFollowTheRule(_ layer: String) throws {
        let c = try #require(initCases.first { $0.layer == layer })
        let module = try #require(build(c))
        let state = module.stateDict()
        #expect(Set(state.keys) == Set(c.params.keys), "\(layer): names \(state.keys.sorted()) vs PyTorch \(c.params.keys.sorted())")
        for (name, p) in c.params {
            let t = try #require(state[name])
            #expect(t.shape == p.shape, "\(layer).\(name) shape")
            let v = t.doubles
            let n = Double(v.count)
            let mean = v.reduce(0, +) / n
            let std = (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
            switch p.theory.distribution {
            case "constant":
                #expect(v.allSatisfy { $0 == p.theory.value! }, "\(layer).\(name) should be constant \(p.theory.value!)")
            case "uniform":
                #expect(v.allSatisfy { $0 >= p.theory.low! && $0 <= p.theory.high! }, "\(layer).\(name) outside ±\(p.theory.high!)")
                if v.count >= 64 { #expect(abs(std - p.theory.std!) < 0.15 * p.theory.std!, "\(layer).\(name) std \(std) vs \(p.theory.std!)") }
            case "normal":
                #expect(abs(std - p.theory.std!) < 0.05 * p.theory.std!, "\(layer).\(name) std \(std)")
                #expect(abs(mean - p.theory.mean!) < 0.05)
            default:
                Issue.record("unknown distribution \(p.theory.distribution)")
            }
        }
    }
}
