import Testing
import TestSupport
@testable import NeuralNetworks
import Tensors

@Suite("Transformer layers")
struct TransformerTests {
    static var encoderCases: [LayerFixtureCase] { (try? SequenceFixtures.cases("TransformerEncoderLayer")) ?? [] }
    static var decoderCases: [LayerFixtureCase] {
        (try? SequenceFixtures.cases("TransformerDecoderLayer")
            + SequenceFixtures.cases("TransformerDecoderLayer", file: "nn/sequence_layers.json")) ?? []
    }
    static var stackCases: [LayerFixtureCase] {
        (try? SequenceFixtures.cases("TransformerEncoder", file: "nn/sequence_layers.json")) ?? []
    }

    static func activation(_ fixture: LayerFixtureCase) -> TransformerActivation {
        fixture.args["activation"]?.string == "gelu" ? .gelu : .relu
    }

    @Test("encoder layer matches PyTorch", arguments: encoderCases.map(\.name))
    func encoderMatchesPyTorch(_ name: String) throws {
        let fixture = try #require(Self.encoderCases.first { $0.name == name })
        let a = fixture.args
        let layer = TransformerEncoderLayer(
            dModel: a["d_model"]!.int, numHeads: a["nhead"]!.int, dimFeedforward: a["dim_feedforward"]!.int,
            dropout: a["dropout"]!.double, activation: Self.activation(fixture), batchFirst: a["batch_first"]!.bool,
            normFirst: a["norm_first"]?.bool ?? false, dtype: .float64)
        #expect(layer.namedParameters().map(\.name) == fixture.stateDictOrder)
        #expect(fixture.mode == "train")
        try SequenceFixtures.check(fixture, module: layer) { inputs in
            ["output": layer(inputs["src"]!, mask: inputs["src_mask"], keyPaddingMask: inputs["src_key_padding_mask"])]
        }
    }

    @Test("decoder layer matches PyTorch", arguments: decoderCases.map(\.name))
    func decoderMatchesPyTorch(_ name: String) throws {
        let fixture = try #require(Self.decoderCases.first { $0.name == name })
        let a = fixture.args
        let layer = TransformerDecoderLayer(
            dModel: a["d_model"]!.int, numHeads: a["nhead"]!.int, dimFeedforward: a["dim_feedforward"]!.int,
            dropout: a["dropout"]!.double, activation: Self.activation(fixture), batchFirst: a["batch_first"]!.bool,
            normFirst: a["norm_first"]?.bool ?? false, dtype: .float64)
        #expect(layer.namedParameters().map(\.name) == fixture.stateDictOrder)
        try SequenceFixtures.check(fixture, module: layer) { inputs in
            ["output": layer(inputs["tgt"]!, memory: inputs["memory"]!, tgtMask: inputs["tgt_mask"],
                             memoryMask: inputs["memory_mask"], tgtKeyPaddingMask: inputs["tgt_key_padding_mask"],
                             memoryKeyPaddingMask: inputs["memory_key_padding_mask"])]
        }
    }

    @Test("encoder stack with final norm matches PyTorch", arguments: stackCases.map(\.name))
    func encoderStackMatchesPyTorch(_ name: String) throws {
        let fixture = try #require(Self.stackCases.first { $0.name == name })
        let a = fixture.args
        let encoder = TransformerEncoder(numLayers: a["num_layers"]!.int, norm: a["final_norm"]!.bool ? LayerNorm(a["d_model"]!.int, dtype: .float64) : nil) {
            TransformerEncoderLayer(
                dModel: a["d_model"]!.int, numHeads: a["nhead"]!.int, dimFeedforward: a["dim_feedforward"]!.int,
                dropout: a["dropout"]!.double, activation: Self.activation(fixture), batchFirst: a["batch_first"]!.bool,
                normFirst: a["norm_first"]!.bool, dtype: .float64)
        }
        #expect(encoder.namedParameters().map(\.name) == fixture.stateDictOrder)
        try SequenceFixtures.check(fixture, module: encoder) { inputs in
            ["output": encoder(inputs["src"]!, mask: inputs["mask"], keyPaddingMask: inputs["src_key_padding_mask"])]
        }
    }

    @Test func fixturesArePresent() {
        #expect(Self.encoderCases.count >= 4)
        #expect(Self.decoderCases.count >= 2)
        #expect(Self.stackCases.count >= 1)
    }

    @Test func encoderStackNamesAndFinalNorm() {
        let encoder = withInitializationSeed(1) {
            TransformerEncoder(numLayers: 2, norm: LayerNorm(8)) {
                TransformerEncoderLayer(dModel: 8, numHeads: 2, dimFeedforward: 16, dropout: 0)
            }
        }
        let names = encoder.namedParameters().map(\.name)
        #expect(names.first == "layers.0.self_attn.in_proj_weight")
        #expect(names.contains("layers.1.linear2.bias"))
        #expect(names.suffix(2) == ["norm.weight", "norm.bias"])
        #expect(names.count == 2 * 12 + 2)
        var rng = RandomGenerator(seed: 2)
        let x = Tensor.normal([2, 3, 8], using: &rng)
        let manual = encoder.norm!(encoder.layers[1](encoder.layers[0](x)))
        #expect(isClose(encoder(x), manual, atol: 1e-6))
    }

    /// Causal flag and causal mask agree; a pre-norm decoder runs and differentiates with memory padding.
    @Test func causalFlagEqualsCausalMask() {
        let decoder = withInitializationSeed(3) {
            TransformerDecoderLayer(dModel: 8, numHeads: 2, dimFeedforward: 16, dropout: 0, activation: .gelu,
                                    normFirst: true, dtype: .float64)
        }
        var rng = RandomGenerator(seed: 4)
        let tgt = Tensor.normal([2, 4, 8], dtype: .float64, using: &rng), memory = Tensor.normal([2, 5, 8], dtype: .float64, using: &rng)
        let padding = Tensor([false, false, false, false, false, false, false, false, true, true], shape: [2, 5])
        let a = decoder(tgt, memory: memory, tgtMask: causalMask(4), memoryKeyPaddingMask: padding)
        let b = decoder(tgt, memory: memory, memoryKeyPaddingMask: padding, tgtIsCausal: true)
        #expect(isClose(a, b, atol: 1e-12))
        let result = checkGradients(checkFloat32: false, at: [tgt, memory]) { t in
            decoder(t[0], memory: t[1], memoryKeyPaddingMask: padding, tgtIsCausal: true)
        }
        #expect(result.passed, "\(result)")
    }
}
