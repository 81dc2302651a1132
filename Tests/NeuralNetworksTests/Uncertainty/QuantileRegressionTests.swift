// Quantile regression with the pinball loss: a network's 0.1/0.5/0.9 outputs cover held-out targets at about
// their levels (the base of conformalized quantile regression).
import Testing
import TestSupport
import Datasets
import NeuralNetworks
import Tensors

@Suite("Quantile regression")
struct QuantileRegressionTests {
    @Test("an MLP trained with the pinball loss has its 0.9 quantile above about 90% of held-out targets")
    func coverage() throws {
        // y = sin(2x) + heteroscedastic Gaussian noise, x uniform on [−2, 2]; seeded.
        var rng = RandomGenerator(seed: 31)
        func sample(_ n: Int) -> (x: Tensor, y: Tensor) {
            let x = Tensor.uniform([n, 1], low: -2, high: 2, using: &rng)
            let noise = Tensor.normal([n, 1], using: &rng) * (x.abs() * 0.3 + 0.1)
            return (x, ((x * 2).sin() + noise).reshaped([n]))
        }
        let train = sample(2000), heldOut = sample(2000)
        let levels = [0.1, 0.5, 0.9]
        let model = withInitializationSeed(3) { Sequential { Linear(1, 32); ReLU(); Linear(32, 32); ReLU(); Linear(32, 3) } }
        let trainer = Trainer(model: model, optimizer: Adam(model.parameters(), learningRate: 0.01),
                              loss: { Losses.quantile($0, $1, quantiles: levels) },
                              schedule: CosineSchedule(base: 0.01, period: 80 * 16),   // settle at the end
                              options: TrainerOptions(epochs: 80, showProgress: false))
        let loader = try DataLoader(features: train.x, targets: train.y, batchSize: 128, seed: 0)
        #expect(loader.batchCount == 16)
        try trainer.fit(loader)

        let predicted = trainer.predict(heldOut.x).doubles
        let y = heldOut.y.doubles
        for (q, level) in levels.enumerated() {
            let below = y.indices.filter { y[$0] <= predicted[3 * $0 + q] }.count
            let coverage = Double(below) / Double(y.count)
            #expect(abs(coverage - level) < 0.05, "level \(level): \(coverage) of held-out targets at or below")
        }
        // The 0.1–0.9 interval is wider where the noise is larger.
        let width = y.indices.map { predicted[3 * $0 + 2] - predicted[3 * $0] }
        let x = heldOut.x.doubles
        func meanWidth(_ inRange: (Double) -> Bool) -> Double {
            let w = x.indices.filter { inRange(x[$0]) }.map { width[$0] }
            return w.reduce(0, +) / Double(w.count)
        }
        let outer = meanWidth { abs($0) > 1.5 }, inner = meanWidth { abs($0) < 0.5 }
        #expect(outer > 2 * inner, "mean 0.1–0.9 width: \(outer) for |x| > 1.5, \(inner) for |x| < 0.5")
    }
}
