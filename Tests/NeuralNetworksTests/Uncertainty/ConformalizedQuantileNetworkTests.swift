// Issue 5: conformalized quantile regression on a network trained with the quantile (pinball) loss. The network's
// 0.05 and 0.95 outputs form a band; CQR calibrates it on held-out rows so it covers 90 % of new targets.
// 198 calibration rows per split: the expected coverage is then 1 − α + 0.9/199, about seven standard errors of
// the 1000-split mean above 1 − α (see ConformalCoverageTests).
import Datasets
import Evaluation
import NeuralNetworks
import Tensors
import Testing

@Suite("Conformalized quantile regression with a network")
struct ConformalizedQuantileNetworkTests {
    @Test("a pinball-loss MLP's band, conformalized, covers 1 − α of new targets over 1000 random splits (α = 0.1)")
    func coverage() throws {
        var rng = RandomGenerator(seed: 77)
        func sample(_ n: Int) -> (x: Tensor, y: Tensor) {
            let x = Tensor.uniform([n, 1], low: -2, high: 2, using: &rng)
            let noise = Tensor.normal([n, 1], using: &rng) * (x.abs() * 0.3 + 0.1)
            return (x, ((x * 2).sin() + noise).reshaped([n]))
        }
        let train = sample(1500), pool = sample(2000)
        let alpha = 0.1, levels = [alpha / 2, 1 - alpha / 2]
        let model = withInitializationSeed(5) { Sequential { Linear(1, 32); ReLU(); Linear(32, 32); ReLU(); Linear(32, 2) } }
        let trainer = Trainer(model: model, optimizer: Adam(model.parameters(), learningRate: 0.01),
                              loss: { Losses.quantile($0, $1, quantiles: levels) },
                              options: TrainerOptions(epochs: 40, showProgress: false))
        try trainer.fit(try DataLoader(features: train.x, targets: train.y, batchSize: 128, seed: 0))

        let predicted = trainer.predict(pool.x).doubles, y = pool.y.doubles
        // The two outputs can cross on a few rows; CQR needs ordered pairs.
        let low = (0..<y.count).map { min(predicted[2 * $0], predicted[2 * $0 + 1]) }
        let high = (0..<y.count).map { max(predicted[2 * $0], predicted[2 * $0 + 1]) }
        var coverages: [Double] = []
        var splitRng = RandomGenerator(seed: 11)
        for _ in 0..<1000 {
            let order = Tensor.permutation(y.count, using: &splitRng).integers
            let cal = Array(order[..<198]), test = Array(order[198...])
            let cqr = try ConformalizedQuantileRegressor.fit(lower: cal.map { low[$0] }, upper: cal.map { high[$0] },
                                                             truth: cal.map { y[$0] })
            let intervals = try cqr.intervals(lower: test.map { low[$0] }, upper: test.map { high[$0] }, alpha: alpha)
            coverages.append(try ConformalMetrics.coverage(intervals, truth: test.map { y[$0] }))
        }
        let mean = coverages.reduce(0, +) / Double(coverages.count)
        print("CQR (network, α = 0.1): mean coverage \(mean) over 1000 splits")
        #expect(mean >= 1 - alpha && mean <= 1 - alpha + 0.03, "mean coverage \(mean)")
    }
}
