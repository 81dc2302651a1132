// Feed-forward layers against PyTorch: outputs, input gradients, parameter gradients and BatchNorm's running
// statistics (Tests/Fixtures/nn/layers.json, made by scripts/reference/make_nn_fixtures.py).
import Testing
import TestSupport
import NeuralNetworks
import Tensors

struct LayerFixture: Decodable {
    struct Case: Decodable {
        let name: String, layer: String, mode: String
        let args: JSONValue
        let state_dict: [String: FixtureTensor]
        let inputs: [String: FixtureTensor]
        let outputs: [String: FixtureTensor]
        let R: FixtureTensor
        let input_grads: [String: FixtureTensor]
        let param_grads: [String: FixtureTensor]
        let state_dict_after: [String: FixtureTensor]?
    }
    let cases: [Case]
    static let all = (try? Fixtures.json("nn/layers.json", as: LayerFixture.self).cases) ?? []
}

private func pair(_ v: JSONValue?, _ fallback: Int) -> (Int, Int) {
    guard let v else { return (fallback, fallback) }
    if let a = v.array { return (a[0].int!, a[1].int!) }
    return (v.int!, v.int!)
}

/// The feed-forward layers of the fixture, built in Float64.
private func makeLayer(_ c: LayerFixture.Case) -> (any Layer)? {
    let a = c.args
    switch c.layer {
    case "Linear": return Linear(a["in_features"]!.int!, a["out_features"]!.int!, dtype: .float64)
    case "Conv1d":
        return Conv1d(a["in_channels"]!.int!, a["out_channels"]!.int!, kernelSize: a["kernel_size"]!.int!,
                      stride: a["stride"]?.int ?? 1, padding: a["padding"]?.int ?? 0, dilation: a["dilation"]?.int ?? 1,
                      groups: a["groups"]?.int ?? 1, dtype: .float64)
    case "Conv2d":
        return Conv2d(a["in_channels"]!.int!, a["out_channels"]!.int!, kernelSize: pair(a["kernel_size"], 1),
                      stride: pair(a["stride"], 1), padding: pair(a["padding"], 0), dilation: pair(a["dilation"], 1),
                      groups: a["groups"]?.int ?? 1, dtype: .float64)
    case "ConvTranspose2d":
        return ConvTranspose2d(a["in_channels"]!.int!, a["out_channels"]!.int!, kernelSize: pair(a["kernel_size"], 1),
                               stride: pair(a["stride"], 1), padding: pair(a["padding"], 0),
                               outputPadding: pair(a["output_padding"], 0), dtype: .float64)
    case "BatchNorm1d":
        return BatchNorm1d(a["num_features"]!.int!, epsilon: a["eps"]!.double!, momentum: a["momentum"]!.double!, dtype: .float64)
    case "BatchNorm2d":
        return BatchNorm2d(a["num_features"]!.int!, epsilon: a["eps"]!.double!, momentum: a["momentum"]!.double!, dtype: .float64)
    case "LayerNorm":
        return LayerNorm(a["normalized_shape"]!.array!.map { $0.int! }, epsilon: a["eps"]!.double!, dtype: .float64)
    case "RMSNorm":
        return RMSNorm(a["normalized_shape"]!.array!.map { $0.int! }, epsilon: a["eps"]?.double, dtype: .float64)
    case "Embedding":
        return Embedding(a["num_embeddings"]!.int!, a["embedding_dim"]!.int!, paddingIndex: a["padding_idx"]?.int, dtype: .float64)
    default: return nil
    }
}

private let feedForwardCases = LayerFixture.all.filter { makeLayer($0) != nil }.map(\.name)

@Suite("Layers match PyTorch")
struct LayerParityTests {
    @Test func coversTheFeedForwardLayers() { #expect(feedForwardCases.count >= 14) }

    @Test(arguments: feedForwardCases)
    func outputsAndGradientsMatch(_ name: String) throws {
        let c = try #require(LayerFixture.all.first { $0.name == name })
        let layer = try #require(makeLayer(c))
        try layer.loadStateDict(c.state_dict.mapValues { $0.tensor() })
        if c.mode == "eval" { layer.eval() } else { layer.train() }
        let inputFixture = try #require(c.inputs["input"])
        let x = inputFixture.dtype == "int64" ? inputFixture.tensor() : inputFixture.tensor().requiringGradient()
        let y = layer(x)
        let expected = try #require(c.outputs["output"])
        #expect(y.shape == expected.shape)
        let outDiff = maxRelativeDifference(y.doubles, expected.values)
        #expect(outDiff < 1e-10, "\(name) output: relative difference \(outDiff)")
        let grads = (y * c.R.tensor()).sum().backward()
        if let gx = c.input_grads["input"] {
            let d = maxRelativeDifference(try #require(grads[x]).doubles, gx.values)
            #expect(d < 1e-10, "\(name) input gradient: relative difference \(d)")
        }
        for (pname, p) in layer.namedParameters() {
            let expectedGrad = try #require(c.param_grads[pname], "\(name): no PyTorch gradient for \(pname)")
            let d = maxRelativeDifference(try #require(grads[p.value]).doubles, expectedGrad.values)
            #expect(d < 1e-10, "\(name) gradient of \(pname): relative difference \(d)")
        }
        if let after = c.state_dict_after {
            let state = layer.stateDict()
            for (k, v) in after {
                let d = maxRelativeDifference(try #require(state[k]).doubles, v.values)
                #expect(d < 1e-10, "\(name) state \(k) after forward: relative difference \(d)")
            }
        }
    }
}
