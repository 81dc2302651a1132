// Deep ensembles: seeded members, more disagreement (mutual information) off the data than on it, and the
// Gaussian mixture of mean–variance members.
import Testing
import TestSupport
import Datasets
import Evaluation
import NeuralNetworks
import Tensors

/// Standardised iris split (stratified, 30% test).
private func iris() throws -> (xTrain: Tensor, yTrain: Tensor, xTest: Tensor, yTest: Tensor) {
    let data = try BundledDataset.load("iris")
    let split = try trainTestSplit(data.features, data.targets!, testFraction: 0.3, stratify: true, seed: 0)
    let scaler = try StandardScaler().fit(split.xTrain)
    return (try scaler.transform(split.xTrain), split.yTrain, try scaler.transform(split.xTest), split.yTest)
}

private func trainIrisEnsemble(_ d: (xTrain: Tensor, yTrain: Tensor, xTest: Tensor, yTest: Tensor), seed: UInt64) throws -> DeepEnsemble {
    try DeepEnsemble.train(members: 3, seed: seed, makeModel: {
        Sequential { Linear(4, 16); ReLU(); Linear(16, 3) }
    }, makeTrainer: { model, _ in
        Trainer(model: model, optimizer: Adam(model.parameters(), learningRate: 0.02),
                loss: { Losses.crossEntropy($0, $1) }, options: TrainerOptions(epochs: 30, showProgress: false))
    }, data: { s in try DataLoader(features: d.xTrain, targets: d.yTrain, batchSize: 16, seed: s) })
}

@Suite("Deep ensembles")
struct DeepEnsembleTests {
    @Test("iris: accurate, seeded, and members disagree more on scaled noise than on test flowers")
    func irisMutualInformation() throws {
        let d = try iris()
        let ensemble = try trainIrisEnsemble(d, seed: 0)
        #expect(ensemble.members.count == 3)
        #expect(ensemble.memberSeeds == DeepEnsemble.seeds(count: 3, seed: 0))
        #expect(Set(ensemble.memberSeeds).count == 3)

        let test = try ensemble.predict(d.xTest).uncertaintyDecomposition()
        let predicted = test.meanProbabilities.map { p in p.indices.max { p[$0] < p[$1] }! }
        let accuracy = ClassificationMetrics.accuracy(d.yTest.integers, predicted)
        #expect(accuracy > 0.9)

        // Out-of-distribution: standard normal noise scaled 8×, far from the standardised training data.
        var rng = RandomGenerator(seed: 77)
        let noise = Tensor.normal([d.xTest.shape[0], 4], std: 8, using: &rng)
        let ood = try ensemble.predict(noise).uncertaintyDecomposition()
        let meanMI = { (u: UncertaintyDecomposition) in u.mutualInformation.reduce(0, +) / Double(u.mutualInformation.count) }
        #expect(meanMI(ood) > meanMI(test), "mutual information: OOD \(meanMI(ood)), test \(meanMI(test))")

        let again = try trainIrisEnsemble(d, seed: 0)
        #expect(try again.predict(d.xTest).outputs.map(\.scalars) == ensemble.predict(d.xTest).outputs.map(\.scalars))
    }

    @Test("Gaussian-head members: mixture mean and variance (Lakshminarayanan et al. 2017)")
    func gaussianMixture() throws {
        // y = x + noise whose scale grows with |x|.
        var rng = RandomGenerator(seed: 12)
        let n = 256
        let x = Tensor.uniform([n, 1], low: -2, high: 2, using: &rng)
        let scale = x.abs() * 0.5 + 0.05
        let y = (x + Tensor.normal([n, 1], using: &rng) * scale).reshaped([n])
        let ensemble = try DeepEnsemble.train(members: 3, seed: 5, makeModel: {
            Sequential { Linear(1, 32); ReLU(); Linear(32, 2) }
        }, makeTrainer: { model, _ in
            Trainer(model: model, optimizer: Adam(model.parameters(), learningRate: 0.01),
                    loss: { GaussianHead.negativeLogLikelihood($0, $1) }, options: TrainerOptions(epochs: 200, showProgress: false))
        }, data: { s in try DataLoader(features: x, targets: y, batchSize: 64, seed: s) })

        let grid = Tensor([-1.8, -0.1, 0, 0.1, 1.8], shape: [5, 1]).to(.float32)
        let stack = try ensemble.predict(grid)
        let (means, variances) = try stack.gaussianComponents()
        let (mean, variance) = try stack.gaussianMixtureMoments()
        for i in 0..<5 {
            let m = means.reduce(0) { $0 + $1[i] } / 3
            let spread = means.reduce(0) { $0 + ($1[i] - m) * ($1[i] - m) } / 3
            #expect(abs(mean[i] - m) < 1e-12)
            #expect(abs(variance[i] - (variances.reduce(0) { $0 + $1[i] } / 3 + spread)) < 1e-12)
        }
        // The heteroscedastic head learned that the noise is larger at |x| = 1.8 than near 0.
        #expect(variance[0] > 4 * variance[2] && variance[4] > 4 * variance[2], "variances \(variance)")
        #expect(abs(mean[4] - 1.8) < 0.5 && abs(mean[0] + 1.8) < 0.5, "means \(mean)")
    }

    @Test("bad input throws")
    func badInput() throws {
        #expect(throws: NeuralNetworkError.self) { try DeepEnsemble(members: []) }
        #expect(throws: NeuralNetworkError.self) {
            try DeepEnsemble.train(members: 0, seed: 0, makeModel: { Linear(2, 2) }, train: { _, _ in })
        }
        let ensemble = try DeepEnsemble(members: [Linear(2, 2), Linear(2, 3)])
        #expect(ensemble.memberSeeds.isEmpty)
        #expect(throws: NeuralNetworkError.self) { try ensemble.predict(Tensor.zeros([4, 2])) }
        #expect(throws: NeuralNetworkError.self) { try ensemble.predict(Tensor.zeros([4, 2]), batchSize: 0) }
    }
}
