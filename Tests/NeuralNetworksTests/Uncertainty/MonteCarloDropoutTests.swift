// Monte Carlo dropout: seeded, stochastic across passes, the eval output without dropout, BatchNorm untouched.
import Testing
import TestSupport
import NeuralNetworks
import Tensors

/// A small classifier with BatchNorm whose running statistics are not the initial ones, left in training mode.
private func makeModel(dropout: Double) -> Sequential {
    let model = withInitializationSeed(21) {
        Sequential {
            Linear(4, 16)
            BatchNorm1d(16)
            ReLU()
            Dropout(probability: dropout)
            Linear(16, 3)
        }
    }
    var rng = RandomGenerator(seed: 2)
    for _ in 0..<3 { _ = withoutGradients { model(Tensor.normal([32, 4], mean: 1, std: 2, using: &rng)) } }
    return model
}

private func inputs(_ n: Int = 10) -> Tensor {
    var rng = RandomGenerator(seed: 9)
    return Tensor.normal([n, 4], using: &rng)
}

@Suite("Monte Carlo dropout")
struct MonteCarloDropoutTests {
    @Test("the same seed gives the same passes; another seed others")
    func seeded() throws {
        let model = makeModel(dropout: 0.5), x = inputs()
        let a = try MonteCarloDropout(passes: 4, seed: 7).sample(model, x).outputs.map(\.scalars)
        let b = try MonteCarloDropout(passes: 4, seed: 7).sample(model, x).outputs.map(\.scalars)
        let c = try MonteCarloDropout(passes: 4, seed: 8).sample(model, x).outputs.map(\.scalars)
        #expect(a == b)
        #expect(a != c)
    }

    @Test("passes differ from one another when p > 0")
    func passesDiffer() throws {
        let stack = try MonteCarloDropout(passes: 3, seed: 0).sample(makeModel(dropout: 0.5), inputs())
        #expect(stack.count == 3 && stack.sampleCount == 10)
        #expect(stack.outputs[0].scalars != stack.outputs[1].scalars)
        #expect(stack.outputs[1].scalars != stack.outputs[2].scalars)
        let u = try stack.uncertaintyDecomposition()
        #expect(u.mutualInformation.allSatisfy { $0 >= 0 })
        #expect(u.mutualInformation.reduce(0, +) > 0)
    }

    @Test("with p = 0 every pass (T = 1 or more) is the evaluation-mode output")
    func noDropoutIsEvaluation() throws {
        let model = makeModel(dropout: 0)
        let x = inputs()
        let eval = Trainer.predict(model, x).scalars
        for passes in [1, 3] {
            let stack = try MonteCarloDropout(passes: passes, seed: 1).sample(model, x)
            #expect(stack.outputs.allSatisfy { $0.scalars == eval })
            #expect(try stack.uncertaintyDecomposition().mutualInformation.allSatisfy { $0 == 0 })
        }
        // Training mode (batch statistics) gives another output, so the passes above did not use it.
        #expect(withoutGradients { model(x) }.scalars != eval)
    }

    @Test("BatchNorm's running statistics, the mode and the dropout generators are as before")
    func stateUntouched() throws {
        let model = makeModel(dropout: 0.3)
        let buffers = model.namedBuffers().map { ($0.name, $0.buffer.value.doubles) }
        let generators = model.randomStates()
        #expect(model.isInTrainingMode)
        _ = try MonteCarloDropout(passes: 5, seed: 3, batchSize: 4).sample(model, inputs())
        #expect(model.namedBuffers().map { ($0.name, $0.buffer.value.doubles) }.elementsEqual(buffers) { $0 == $1 })
        #expect(model.randomStates() == generators)
        #expect(model.isInTrainingMode)
        #expect(model.stochasticInferenceModules().allSatisfy { !$0.samplesInEvaluation })
        model.eval()
        _ = try MonteCarloDropout(passes: 2, seed: 3).sample(model, inputs())
        #expect(!model.isInTrainingMode)
    }

    @Test("in evaluation mode with sampling on, Dropout drops a fraction p and scales the rest by 1/(1 − p)")
    func dropoutSamplesInEvaluation() throws {
        let dropout = withInitializationSeed(0) { Dropout(probability: 0.25) }
        dropout.eval()
        let ones = Tensor.ones([4000, 1])
        #expect(dropout(ones).scalars.allSatisfy { $0 == 1 })
        dropout.setSamplingInEvaluation(true)
        dropout.train()
        dropout.eval()   // train()/eval() leave the sampling switch alone
        let values = dropout(ones).scalars
        let dropped = Double(values.filter { $0 == 0 }.count) / Double(values.count)
        #expect(abs(dropped - 0.25) < 0.03)
        #expect(values.allSatisfy { $0 == 0 || abs($0 - 4.0 / 3.0) < 1e-6 })
    }

    @Test("regression passes give the predictive mean and variance")
    func regression() throws {
        let model = withInitializationSeed(4) { Sequential { Linear(4, 8); ReLU(); Dropout(probability: 0.5); Linear(8, 1) } }
        let mc = MonteCarloDropout(passes: 6, seed: 2)
        let samples = try mc.sample(model, inputs()).regressionSamples()
        #expect(samples.count == 6 && samples.allSatisfy { $0.count == 10 })
        let (mean, variance) = try mc.regress(model, inputs())
        for i in 0..<10 {
            let column = samples.map { $0[i] }
            let m = column.reduce(0, +) / 6
            #expect(abs(mean[i] - m) < 1e-12)
            #expect(abs(variance[i] - column.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 6) < 1e-12)
        }
    }

    @Test("bad settings and a model without Dropout throw")
    func badInput() {
        let plain = withInitializationSeed(0) { Sequential { Linear(4, 3) } }
        #expect(throws: NeuralNetworkError.self) { try MonteCarloDropout().sample(plain, inputs()) }
        #expect(throws: NeuralNetworkError.self) { try MonteCarloDropout(passes: 0).sample(makeModel(dropout: 0.1), inputs()) }
        #expect(throws: NeuralNetworkError.self) { try MonteCarloDropout(batchSize: 0).sample(makeModel(dropout: 0.1), inputs()) }
        #expect(throws: NeuralNetworkError.self) { try MonteCarloDropout().sample(makeModel(dropout: 0.1), Tensor.zeros([0, 4])) }
        #expect(throws: NeuralNetworkError.self) { try PredictionStack([]) }
        #expect(throws: NeuralNetworkError.self) { try PredictionStack([Tensor.zeros([2, 3]), Tensor.zeros([3, 3])]) }
        #expect(throws: NeuralNetworkError.self) { try PredictionStack([Tensor.zeros([2, 3])]).regressionSamples() }
    }
}
