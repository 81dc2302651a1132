// Neural-network training benchmarks; names and work match scripts/reference/bench_nn_reference.py.
import Foundation
import SwiftLearn

/// The MLP 64-128-128-10 on (standardised) digits-sized data: one epoch of shuffled batches of 32 with Adam.
func mlpEpochCase(features x: Tensor, labels y: Tensor) -> BenchCase {
    BenchCase(name: "mlp-digits-epoch", measure: .samples(x.shape[0]), note: "MLP 64-128-128-10, batch 32, Adam, one epoch",
              referenceScript: "bench_nn_reference.py") {
        let model = withInitializationSeed(0) {
            Sequential { Linear(64, 128); ReLU(); Linear(128, 128); ReLU(); Linear(128, 10) }
        }
        let optimizer = Adam(model.parameters(), learningRate: 1e-3)
        let loader = try! DataLoader(features: x, targets: y, batchSize: 32, shuffle: true, seed: 0)
        var epoch = 0
        return {
            for (xb, yb) in loader.batches(epoch: epoch) {
                let loss = Losses.crossEntropy(model(xb), yb)
                optimizer.step(loss.backward())
            }
            epoch += 1
        }
    }
}

/// One training step of the small CNN on a batch of 64 random 28×28 images.
func cnnStepCase() -> BenchCase { BenchCase(name: "cnn-step-b64", measure: .samples(64),
                            note: "conv32-pool-conv64-pool-fc128-fc10, batch 64, Adam step", referenceScript: "bench_nn_reference.py") {
    let model = withInitializationSeed(0) {
        Sequential {
            Conv2d(1, 32, kernelSize: 3, padding: 1); ReLU(); MaxPool2d(kernelSize: 2)
            Conv2d(32, 64, kernelSize: 3, padding: 1); ReLU(); MaxPool2d(kernelSize: 2)
            Flatten(); Linear(64 * 7 * 7, 128); ReLU(); Linear(128, 10)
        }
    }
    let optimizer = Adam(model.parameters(), learningRate: 1e-3)
    var rng = RandomGenerator(seed: 1)
    let x = Tensor.normal([64, 1, 28, 28], using: &rng)
    let y = Tensor((0..<64).map { Int64($0 % 10) }, shape: [64])
    return {
        let loss = Losses.crossEntropy(model(x), y)
        optimizer.step(loss.backward())
    }
} }

/// The first 1437 rows of the bundled digits (the size of an 80 % split), standardised on those rows.
func digitsForMLP() throws -> (Tensor, Tensor) {
    let digits = try BundledDataset.load("digits")
    let rows = Array(0..<1437)
    let x = digits.features.rows(rows)
    let scaled = try StandardScaler().fit(x).transform(x)
    return (scaled, digits.targets!.rows(rows))
}

/// LSTM(128→128), batch 32, 50 steps: forward and backward of output.sum(), input gradient included.
func lstmCase() -> BenchCase {
    BenchCase(name: "lstm-fwd-bwd", measure: .samples(32), note: "LSTM 128→128, seq 50, batch 32, fwd+bwd incl. dx",
              referenceScript: "bench_nn_reference.py") {
        let lstm = withInitializationSeed(0) { LSTM(inputSize: 128, hiddenSize: 128) }
        var rng = RandomGenerator(seed: 2)
        let x = Tensor.normal([32, 50, 128], using: &rng).requiringGradient()
        return { _ = lstm(x).sum().backward() }
    }
}

/// One post-norm Transformer encoder layer (d 256, 4 heads, ff 1024, no dropout) on [16, 128, 256]: fwd+bwd.
func transformerCase() -> BenchCase {
    BenchCase(name: "transformer-encoder-fwd-bwd", measure: .samples(16), note: "encoder layer d256 h4 ff1024, [16,128,256], fwd+bwd",
              referenceScript: "bench_nn_reference.py") {
        let layer = withInitializationSeed(0) { TransformerEncoderLayer(dModel: 256, numHeads: 4, dimFeedforward: 1024, dropout: 0) }
        var rng = RandomGenerator(seed: 3)
        let x = Tensor.normal([16, 128, 256], using: &rng).requiringGradient()
        return { _ = layer(x).sum().backward() }
    }
}
