// The training loop: learning, resume-exactness from checkpoints (catalogue D1), early stopping, best-model
// restore, callbacks, and a clear error when the loss diverges.
import Foundation
import Testing
import TestSupport
import Datasets
import NeuralNetworks
import Tensors

/// Two Gaussian blobs per class in 4-D, 3 classes: learnable in a few epochs.
private func blobs(rows: Int = 240, seed: UInt64 = 5) -> (Tensor, Tensor) {
    var rng = RandomGenerator(seed: seed)
    let labels = (0..<rows).map { Int64($0 % 3) }
    let noise = Tensor.normal([rows, 4], std: 0.5, using: &rng).scalars
    var x = [Float](repeating: 0, count: rows * 4)
    for i in 0..<rows {
        for j in 0..<4 { x[i * 4 + j] = noise[i * 4 + j] + (j == Int(labels[i]) ? 2 : 0) }
    }
    return (Tensor(x, shape: [rows, 4]), Tensor(labels, shape: [rows]))
}

/// A small classifier with dropout, Adam and a per-step cosine schedule over `scheduleEpochs` epochs.
private func makeTrainer(seed: UInt64, epochs: Int, checkpoints: URL? = nil, scheduleEpochs: Int = 6) throws -> (Trainer, DataLoader) {
    let model = withInitializationSeed(seed) {
        Sequential { Linear(4, 16); ReLU(); Dropout(probability: 0.2); Linear(16, 3) }
    }
    let (x, y) = blobs()
    let loader = try DataLoader(features: x, targets: y, batchSize: 16, shuffle: true, seed: 3)
    let optimizer = Adam(model.parameters(), learningRate: 0.01)
    let trainer = Trainer(model: model, optimizer: optimizer, loss: { Losses.crossEntropy($0, $1) }, metrics: [.accuracy],
                          schedule: CosineSchedule(base: 0.01, period: scheduleEpochs * loader.batchCount),
                          options: TrainerOptions(epochs: epochs, checkpointDirectory: checkpoints, showProgress: false))
    return (trainer, loader)
}

private func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlearn-trainer-\(UInt64.random(in: 0...UInt64.max))")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite("Trainer")
struct TrainerTests {
    @Test func learnsSeparableData() throws {
        let (trainer, loader) = try makeTrainer(seed: 1, epochs: 8)
        let history = try trainer.fit(loader)
        #expect(history.count == 8)
        #expect(history.last!.trainLoss < history.first!.trainLoss)
        let (_, metrics) = trainer.evaluate(SequentialBatches(inputs: loader.features, targets: loader.targets, batchSize: 50))
        #expect(metrics["accuracy"]! > 0.9)
    }

    /// D1: stop after epoch 3, resume in a fresh trainer (different initial weights), finish: the final weights equal
    /// an uninterrupted run's bit for bit (data order, dropout masks, optimizer moments and schedule all resume).
    @Test func resumingFromACheckpointReproducesTheUninterruptedRun() throws {
        let (full, fullLoader) = try makeTrainer(seed: 1, epochs: 6)
        try full.fit(fullLoader)

        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (first, loaderA) = try makeTrainer(seed: 1, epochs: 3, checkpoints: dir)
        try first.fit(loaderA)
        #expect(Checkpoint.latest(in: dir)?.lastPathComponent == "epoch-0003")

        let (second, loaderB) = try makeTrainer(seed: 99, epochs: 6, checkpoints: dir)
        try Checkpoint.resume(second, from: dir)
        #expect(second.completedEpochs == 3)
        try second.fit(loaderB)
        for ((name, a), (_, b)) in zip(full.model.namedParameters(), second.model.namedParameters()) {
            #expect(a.value.scalars == b.value.scalars, "parameter \(name) differs after resume")
        }
        #expect(second.history.map(\.trainLoss) == full.history.map(\.trainLoss))
    }

    @Test func resumeRejectsAMismatchedModelAndLeavesItUntouched() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (trainer, loader) = try makeTrainer(seed: 1, epochs: 1, checkpoints: dir)
        try trainer.fit(loader)
        let other = withInitializationSeed(2) { Sequential { Linear(4, 8); ReLU(); Linear(8, 3) } }
        let before = other.stateDict()
        let t2 = Trainer(model: other, optimizer: Adam(other.parameters()), loss: { Losses.crossEntropy($0, $1) })
        #expect(throws: NeuralNetworkError.self) { try Checkpoint.resume(t2, from: dir) }
        for (k, v) in other.stateDict() { #expect(v.scalars == before[k]!.scalars) }
        #expect(throws: NeuralNetworkError.self) { try Checkpoint.resume(t2, from: dir.appendingPathComponent("nothing-here")) }
    }

    @Test func checkpointsKeepOnlyTheNewestAndLeaveNoPartialFolders() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (trainer, loader) = try makeTrainer(seed: 1, epochs: 4, checkpoints: dir)
        try trainer.fit(loader)
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(entries == ["epoch-0003", "epoch-0004", "latest"])
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("epoch-0004").path).sorted()
        #expect(files == ["model.safetensors", "optimizer.safetensors", "trainer.json"])
    }

    @Test func earlyStoppingAndBestRestore() throws {
        let (trainer, loader) = try makeTrainer(seed: 1, epochs: 50)
        trainer.options.earlyStoppingPatience = 2
        trainer.options.restoreBest = true
        trainer.options.monitor = "val_loss"
        // Validation on data the model cannot fit (shuffled labels): val_loss stops improving early.
        let (x, _) = blobs(rows: 60, seed: 9)
        let noise = Tensor((0..<60).map { Int64(($0 * 7 + 1) % 3) }, shape: [60])
        let validation = SequentialBatches(inputs: x, targets: noise, batchSize: 30)
        let history = try trainer.fit(loader, validation: validation)
        #expect(history.count < 50)
        let best = try #require(trainer.best)
        #expect(best.value == history.compactMap(\.validationLoss).min())
        let (restoredLoss, _) = trainer.evaluate(validation)
        #expect(abs(restoredLoss - best.value) < 1e-6)
    }

    @Test func callbacksSeeEveryStepAndCanStop() throws {
        final class Counter: TrainingCallback {
            var steps = 0
            func stepEnded(_ trainer: Trainer, epoch: Int, step: Int, loss: Double) { steps += 1 }
            func epochEnded(_ trainer: Trainer, record: EpochRecord) -> Bool { record.epoch < 2 }
        }
        let (trainer, loader) = try makeTrainer(seed: 1, epochs: 10)
        let counter = Counter()
        trainer.callbacks = [counter]
        let history = try trainer.fit(loader)
        #expect(history.count == 2)
        #expect(counter.steps == 2 * loader.batchCount)
    }

    @Test func divergingLossThrowsWithEpochAndStep() throws {
        let model = withInitializationSeed(1) { Sequential { Linear(4, 3) } }
        let trainer = Trainer(model: model, optimizer: SGD(model.parameters(), learningRate: 1e30),
                              loss: { Losses.mse($0, $1) }, options: TrainerOptions(epochs: 3, showProgress: false))
        let (x, _) = blobs()
        let loader = try DataLoader(features: x, targets: Tensor.ones([240, 3]) * 1e20, batchSize: 16, shuffle: false)
        #expect(throws: NeuralNetworkError.self) { try trainer.fit(loader) }
    }

    @Test func predictRunsInEvalModeInBatches() throws {
        let model = withInitializationSeed(1) { Sequential { Linear(4, 8); Dropout(probability: 0.5); Linear(8, 2) } }
        let (x, _) = blobs(rows: 70)
        let a = Trainer.predict(model, x, batchSize: 16), b = Trainer.predict(model, x, batchSize: 70)
        #expect(a.shape == [70, 2])
        #expect(maxAbsDifference(a.doubles, b.doubles) < 1e-5)
        #expect(model.isInTrainingMode)
    }
}
