// Loss values and input gradients against PyTorch (Tests/Fixtures/nn/losses.json).
import Testing
import TestSupport
import NeuralNetworks
import Tensors

private struct LossFixture: Decodable {
    struct Result: Decodable { let value: FixtureValue; let grad_input: FixtureTensor? }
    struct Case: Decodable {
        let name: String, loss: String
        let options: JSONValue
        let input: FixtureTensor, target: FixtureTensor
        let weight: FixtureTensor?, pos_weight: FixtureTensor?
        let results: [String: Result]
    }
    let cases: [Case]
}

private let lossCases = (try? Fixtures.json("nn/losses.json", as: LossFixture.self).cases) ?? []

private func evaluate(_ c: LossFixture.Case, _ x: Tensor, reduction r: String) -> Tensor {
    let target = c.target.tensor()
    let weight = c.weight?.tensor()
    let red = Reduction(rawValue: r) ?? .mean
    let o = c.options
    let ignore = o["ignore_index"]?.int
    switch c.loss {
    case "cross_entropy":
        if c.target.dtype == "int64" {
            return Losses.crossEntropy(x, target, weights: weight, labelSmoothing: o["label_smoothing"]?.double ?? 0,
                                       ignoreIndex: ignore ?? -100, reduction: red)
        }
        return Losses.crossEntropy(x, probabilities: target, weights: weight, labelSmoothing: o["label_smoothing"]?.double ?? 0,
                                   reduction: red)
    case "nll_loss": return Losses.nll(x, target, weights: weight, ignoreIndex: ignore ?? -100, reduction: red)
    case "binary_cross_entropy": return Losses.binaryCrossEntropy(x, target, weights: weight, reduction: red)
    case "binary_cross_entropy_with_logits":
        return Losses.binaryCrossEntropyWithLogits(x, target, weights: weight, positiveWeight: c.pos_weight?.tensor(), reduction: red)
    case "mse_loss": return Losses.mse(x, target, reduction: red)
    case "l1_loss": return Losses.l1(x, target, reduction: red)
    case "huber_loss": return Losses.huber(x, target, delta: o["delta"]!.double!, reduction: red)
    case "smooth_l1_loss": return Losses.smoothL1(x, target, beta: o["beta"]!.double!, reduction: red)
    case "kl_div":
        let kr: Losses.KLReduction = switch r { case "batchmean": .batchMean; case "sum": .sum; case "mean": .mean; default: .none }
        return Losses.klDivergence(x, target, logTarget: o["log_target"]!.bool!, reduction: kr)
    default: preconditionFailure("unknown loss \(c.loss)")
    }
}

@Suite("Losses match PyTorch")
struct LossParityTests {
    @Test func fixtureIsPresent() { #expect(lossCases.count >= 25) }

    @Test(arguments: lossCases.map(\.name))
    func valuesAndGradientsMatch(_ name: String) throws {
        let c = try #require(lossCases.first { $0.name == name })
        for (reduction, expected) in c.results {
            let x = c.input.tensor().requiringGradient()
            let value = evaluate(c, x, reduction: reduction)
            let diff = maxRelativeDifference(value.doubles, expected.value.values)
            #expect(diff < 1e-12, "\(name) [\(reduction)] value: relative difference \(diff)")
            if let g = expected.grad_input {
                let grad = try #require(value.backward()[x])
                let gd = maxRelativeDifference(grad.doubles, g.values)
                #expect(gd < 1e-12, "\(name) [\(reduction)] gradient: relative difference \(gd)")
            }
        }
    }
}
