import Foundation
import Testing
import TestSupport
@testable import NeuralNetworks
import Tensors

@Suite("Attention")
struct AttentionTests {
    static var fixtureCases: [LayerFixtureCase] {
        (try? SequenceFixtures.cases("MultiheadAttention") + SequenceFixtures.cases("MultiheadAttention", file: "nn/sequence_layers.json")) ?? []
    }

    @Test("outputs, head-averaged weights and gradients match PyTorch", arguments: fixtureCases.map(\.name))
    func matchesPyTorch(_ name: String) throws {
        let fixture = try #require(Self.fixtureCases.first { $0.name == name })
        let a = fixture.args
        let attention = MultiheadAttention(embedDim: a["embed_dim"]!.int, numHeads: a["num_heads"]!.int,
                                           dropout: a["dropout"]!.double, batchFirst: a["batch_first"]!.bool, dtype: .float64)
        #expect(attention.namedParameters().map(\.name) == fixture.stateDictOrder)
        try SequenceFixtures.check(fixture, module: attention) { inputs in
            let r = attention(query: inputs["query"]!, key: inputs["key"]!, value: inputs["value"]!,
                              keyPaddingMask: inputs["key_padding_mask"], attentionMask: inputs["attn_mask"],
                              needWeights: true, averageWeights: fixture.call?["average_attn_weights"]?.bool ?? true)
            return ["output": r.output, "attn_weights": r.weights!]
        }
    }

    @Test func fixturesArePresent() {
        #expect(Self.fixtureCases.count >= 3)
    }

    @Test func defaultInitialisation() {
        let e = 32
        let attention = withInitializationSeed(2) { MultiheadAttention(embedDim: e, numHeads: 4) }
        #expect(attention.namedParameters().map(\.name) == ["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"])
        #expect(attention.inProjWeight.shape == [3 * e, e])
        let xavier = (6.0 / Double(e + 3 * e)).squareRoot()
        let w = attention.inProjWeight.value.doubles
        #expect(w.allSatisfy { Swift.abs($0) <= xavier })
        #expect((w.map(Swift.abs).max() ?? 0) > 0.9 * xavier)
        #expect(attention.inProjBias!.value.doubles.allSatisfy { $0 == 0 })
        #expect(attention.outProj.bias!.value.doubles.allSatisfy { $0 == 0 })
        #expect(attention.outProj.weight.value.doubles.allSatisfy { Swift.abs($0) <= 1 / Double(e).squareRoot() })
    }

    /// The causal flag, a Bool causal mask and the equivalent additive float mask give the same result; the fused
    /// self-attention projection equals three separate projections, values and gradients.
    @Test func maskFormsAndFusedProjectionAgree() {
        let attention = withInitializationSeed(3) { MultiheadAttention(embedDim: 8, numHeads: 2, dtype: .float64) }
        var rng = RandomGenerator(seed: 4)
        let x = Tensor.normal([2, 5, 8], dtype: .float64, using: &rng).requiringGradient()
        let fused = attention(x, causal: true, needWeights: true)
        let boolMask = attention(query: x, key: x, value: x, attentionMask: causalMask(5))
        let floatMask = attention(query: x, key: x.detached(), value: x.detached() * 1,
                                  attentionMask: Tensor.zeros([5, 5], dtype: .float64).maskedFill(causalMask(5), with: -.infinity))
        #expect(isClose(fused.output, boolMask.output, atol: 1e-12))
        #expect(isClose(fused.output, floatMask.output, atol: 1e-12))
        #expect(isClose(fused.weights!, boolMask.weights!, atol: 1e-12))
        // Weights are causal: nothing above the diagonal.
        let w = fused.weights!
        #expect(w[.all, 0, 1...].doubles.allSatisfy { $0 == 0 })
        // Separate tensors with equal values take the unfused path; gradients must agree.
        let x2 = x.detached().requiringGradient(), k2 = x.detached().requiringGradient(), v2 = x.detached().requiringGradient()
        let separate = attention(query: x2, key: k2, value: v2, causal: true)
        let gFused = (fused.output * fused.output).sum().backward()
        let gSeparate = (separate.output * separate.output).sum().backward()
        #expect(isClose(gFused[x]!, gSeparate[x2]! + gSeparate[k2]! + gSeparate[v2]!, atol: 1e-10))
        #expect(isClose(gFused[attention.inProjWeight.value]!, gSeparate[attention.inProjWeight.value]!, atol: 1e-10))
    }

    @Test func sequenceFirstUnbatchedAndPerHeadWeights() {
        let a = withInitializationSeed(5) { MultiheadAttention(embedDim: 6, numHeads: 3, dtype: .float64) }
        let b = withInitializationSeed(5) { MultiheadAttention(embedDim: 6, numHeads: 3, batchFirst: false, dtype: .float64) }
        var rng = RandomGenerator(seed: 6)
        let q = Tensor.normal([2, 4, 6], dtype: .float64, using: &rng), kv = Tensor.normal([2, 3, 6], dtype: .float64, using: &rng)
        let r1 = a(query: q, key: kv, value: kv, averageWeights: false)
        let r2 = b(query: q.transposed(0, 1), key: kv.transposed(0, 1), value: kv.transposed(0, 1))
        #expect(isClose(r1.output, r2.output.transposed(0, 1), atol: 1e-12))
        #expect(r1.weights!.shape == [2, 3, 4, 3])
        #expect(isClose(r1.weights!.mean(axes: [1]), r2.weights!, atol: 1e-12))
        let single = a(query: q[0], key: kv[0], value: kv[0])
        #expect(isClose(single.output, r1.output[0], atol: 1e-12))
    }

    @Test func scaledDotProductAttentionMatchesDefinition() {
        var rng = RandomGenerator(seed: 7)
        let q = Tensor.normal([3, 4], dtype: .float64, using: &rng), k = Tensor.normal([5, 4], dtype: .float64, using: &rng)
        let v = Tensor.normal([5, 2], dtype: .float64, using: &rng)
        let padding = Tensor([false, false, true, false, true], shape: [1, 5])
        let r = scaledDotProductAttention(query: q, key: k, value: v, mask: padding)
        #expect(r.weights[.all, 2].doubles.allSatisfy { $0 == 0 })
        #expect(isClose(r.weights.sum(axes: [1]), Tensor.ones([3], dtype: .float64), atol: 1e-12))
        let scores = (q.matmul(k.transposed()) * 0.5).doubles
        for i in 0..<3 {
            let row = [0, 1, 3].map { scores[i * 5 + $0] }
            let m = row.max()!
            let e = row.map { Foundation.exp($0 - m) }, total = e.reduce(0, +)
            let expected = [0, 1, 3].enumerated().reduce(0.0) { $0 + e[$1.offset] / total * v.doubles[$1.element * 2] }
            #expect(Swift.abs(r.output.doubles[i * 2] - expected) < 1e-12)
        }
    }

    @Test func dropoutOnWeightsOnlyInTraining() {
        let attention = withInitializationSeed(8) { MultiheadAttention(embedDim: 4, numHeads: 2, dropout: 0.5, dtype: .float64) }
        var rng = RandomGenerator(seed: 9)
        let x = Tensor.normal([1, 6, 4], dtype: .float64, using: &rng)
        let trained = attention(x, needWeights: true).weights!
        #expect(trained.doubles.contains(0))
        attention.eval()
        let evaluated = attention(x, needWeights: true).weights!
        #expect(isClose(evaluated.sum(axes: [2]), Tensor.ones([1, 6], dtype: .float64), atol: 1e-12))
    }
}
