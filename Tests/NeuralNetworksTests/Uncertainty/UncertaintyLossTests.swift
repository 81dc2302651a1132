// Gaussian NLL and quantile (pinball) losses: values and gradients against PyTorch
// (Tests/Fixtures/nn/uncertainty_losses.json) and against central differences (checkGradients).
import Testing
import TestSupport
import NeuralNetworks
import Tensors

private struct UncertaintyLossFixture: Decodable {
    struct Result: Decodable { let value: FixtureValue; let grads: [String: FixtureTensor]? }
    struct Case: Decodable {
        let name: String, loss: String
        let options: JSONValue
        let tensors: [String: FixtureTensor]
        let results: [String: Result]
    }
    let cases: [Case]
}

private let fixtureCases = (try? Fixtures.json("nn/uncertainty_losses.json", as: UncertaintyLossFixture.self).cases) ?? []

private func evaluate(_ c: UncertaintyLossFixture.Case, _ t: [String: Tensor], reduction: Reduction) -> Tensor {
    let o = c.options
    switch c.loss {
    case "gaussian_nll":
        return Losses.gaussianNLL(t["input"]!, t["target"]!, variance: t["var"]!, full: o["full"]!.bool!,
                                  epsilon: o["eps"]!.double!, reduction: reduction)
    case "gaussian_nll_log_variance":
        return Losses.gaussianNLL(t["input"]!, t["target"]!, logVariance: t["log_var"]!, full: o["full"]!.bool!,
                                  reduction: reduction)
    case "quantile":
        return Losses.quantile(t["input"]!, t["target"]!, quantiles: o["quantiles"]!.array!.map { $0.double! },
                               reduction: reduction)
    default: preconditionFailure("unknown loss \(c.loss)")
    }
}

@Suite("Uncertainty losses")
struct UncertaintyLossTests {
    @Test func fixtureIsPresent() { #expect(fixtureCases.count == 11) }

    @Test("values and gradients equal PyTorch's", arguments: fixtureCases.map(\.name))
    func matchesPyTorch(_ name: String) throws {
        let c = try #require(fixtureCases.first { $0.name == name })
        for (r, expected) in c.results {
            let leaves = c.tensors.mapValues { $0.tensor().requiringGradient() }
            let value = evaluate(c, leaves, reduction: try #require(Reduction(rawValue: r)))
            let diff = maxRelativeDifference(value.doubles, expected.value.values)
            #expect(diff < 1e-12, "\(name) [\(r)] value: relative difference \(diff)")
            guard let grads = expected.grads else { continue }
            let computed = value.backward()
            for (input, g) in grads {
                let grad = try #require(computed[leaves[input]!])
                let gd = maxRelativeDifference(grad.doubles, g.values)
                #expect(gd < 1e-12, "\(name) [\(r)] d/d\(input): relative difference \(gd)")
            }
        }
    }

    @Test("Gaussian NLL gradients match central differences")
    func gaussianNLLGradients() {
        var rng = RandomGenerator(seed: 11)
        let mean = Tensor.normal([5, 2], using: &rng), target = Tensor.normal([5, 2], using: &rng)
        let variance = Tensor.uniform([5, 2], low: 0.3, high: 2, using: &rng)
        let heteroscedastic = checkGradients(at: [mean, target, variance]) {
            Losses.gaussianNLL($0[0], $0[1], variance: $0[2], full: true, reduction: .none)
        }
        #expect(heteroscedastic.passed, "\(heteroscedastic)")
        let shared = checkGradients(at: [mean, target, variance.narrowed(axis: 1, start: 0, length: 1)]) {
            Losses.gaussianNLL($0[0], $0[1], variance: $0[2])
        }
        #expect(shared.passed, "\(shared)")
        let logVariance = checkGradients(at: [mean, target, Tensor.normal([5, 2], using: &rng)]) {
            Losses.gaussianNLL($0[0], $0[1], logVariance: $0[2], reduction: .sum)
        }
        #expect(logVariance.passed, "\(logVariance)")
    }

    @Test("the log-variance form equals the variance form at σ² = eˢ")
    func logVarianceFormAgrees() {
        var rng = RandomGenerator(seed: 3)
        let mean = Tensor.normal([7], dtype: .float64, using: &rng), target = Tensor.normal([7], dtype: .float64, using: &rng)
        let s = Tensor.normal([7], dtype: .float64, using: &rng)
        let a = Losses.gaussianNLL(mean, target, logVariance: s, full: true, reduction: .none).doubles
        let b = Losses.gaussianNLL(mean, target, variance: s.exp(), full: true, epsilon: 0, reduction: .none).doubles
        #expect(maxRelativeDifference(a, b) < 1e-14)
    }

    @Test("quantile loss gradients match central differences away from the kink")
    func quantileGradients() {
        var rng = RandomGenerator(seed: 5)
        // Targets far from the predictions on both sides, so no residual sits within eps of 0.
        let prediction = Tensor.uniform([6, 3], low: -0.5, high: 0.5, using: &rng)
        let target = Tensor([2.0, -2, 1.5, -1.5, 3, -3], shape: [6])
        let result = checkGradients(at: [prediction, target]) {
            Losses.quantile($0[0], $0[1], quantiles: [0.1, 0.5, 0.9], reduction: .none)
        }
        #expect(result.passed, "\(result)")
    }

    @Test("the pinball loss is τ·r above the prediction and (1 − τ)·|r| below")
    func quantileDefinition() {
        let prediction = Tensor([0.0, 0, 0, 0], shape: [2, 2])
        let loss = Losses.quantile(prediction, Tensor([2.0, -1], shape: [2]), quantiles: [0.9, 0.2], reduction: .none)
        #expect(maxRelativeDifference(loss.doubles, [0.9 * 2, 0.2 * 2, 0.1 * 1, 0.8 * 1]) < 1e-15)
    }

    @Test("the Gaussian head's loss is the log-variance NLL of its two columns")
    func gaussianHeadLoss() throws {
        let output = Tensor([0.5, -1.0, 2.0, 0.3, -1.0, 0.0], shape: [3, 2])
        let target = Tensor([1.0, 1.5, -0.5], shape: [3, 1])
        let viaHead = GaussianHead.negativeLogLikelihood(output, target, full: true).item
        let direct = Losses.gaussianNLL(Tensor([0.5, 2.0, -1.0], shape: [3]), Tensor([1.0, 1.5, -0.5], shape: [3]),
                                        logVariance: Tensor([-1.0, 0.3, 0.0], shape: [3]), full: true).item
        #expect(viaHead == direct)
        let (m, v) = try GaussianHead.moments(output)
        #expect(m == [0.5, 2.0, -1.0])
        #expect(maxRelativeDifference(v, [0.36787944117144233, 1.3498588075760032, 1]) < 1e-6)
        #expect(throws: NeuralNetworkError.self) { try GaussianHead.moments(Tensor.zeros([3, 3])) }
    }
}
