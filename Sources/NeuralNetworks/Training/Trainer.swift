// The training loop: fit with validation, metrics, schedules, clipping, early stopping, best-model restore,
// callbacks, progress and checkpoints; plus evaluation and prediction loops.
import Foundation
import Tensors

/// One epoch's figures.
public struct EpochRecord: Codable, Sendable, Equatable {
    public var epoch: Int
    public var trainLoss: Double
    public var trainMetrics: [String: Double]
    public var validationLoss: Double?
    public var validationMetrics: [String: Double]
    public var learningRate: Double
    public var seconds: Double
    public var samplesPerSecond: Double
}

/// How the Trainer runs.
public struct TrainerOptions: Sendable {
    public var epochs: Int
    /// Clip gradients to this global 2-norm before each step.
    public var clipNorm: Double?
    /// Clip each gradient element to ±this before each step.
    public var clipValue: Double?
    /// Stop after this many epochs without improvement of `monitor`.
    public var earlyStoppingPatience: Int?
    /// `val_loss`, `loss`, `val_<metric>` or `<metric>`; defaults to `val_loss` (or `loss` without validation).
    public var monitor: String?
    /// At the end, load the weights of the best epoch by `monitor`.
    public var restoreBest: Bool
    /// Advance the schedule after every step (true) or every epoch (false).
    public var scheduleEveryStep: Bool
    /// Save a checkpoint here after every epoch (see ``Checkpoint``).
    public var checkpointDirectory: URL?
    /// Draw a progress bar / print epoch lines on stderr.
    public var showProgress: Bool
    /// Saved with every checkpoint in `trainer.json` (e.g. the model's configuration as JSON).
    public var checkpointMetadata: [String: String] = [:]

    public init(epochs: Int = 10, clipNorm: Double? = nil, clipValue: Double? = nil, earlyStoppingPatience: Int? = nil,
                monitor: String? = nil, restoreBest: Bool = false, scheduleEveryStep: Bool = true,
                checkpointDirectory: URL? = nil, showProgress: Bool = true) {
        precondition(epochs >= 0, "TrainerOptions: epochs must be non-negative")
        self.epochs = epochs
        self.clipNorm = clipNorm
        self.clipValue = clipValue
        self.earlyStoppingPatience = earlyStoppingPatience
        self.monitor = monitor
        self.restoreBest = restoreBest
        self.scheduleEveryStep = scheduleEveryStep
        self.checkpointDirectory = checkpointDirectory
        self.showProgress = showProgress
    }
}

/// Hooks into the training loop. Return false from ``epochEnded(_:record:)`` to stop training.
public protocol TrainingCallback: AnyObject {
    func stepEnded(_ trainer: Trainer, epoch: Int, step: Int, loss: Double)
    func epochEnded(_ trainer: Trainer, record: EpochRecord) -> Bool
}

extension TrainingCallback {
    public func stepEnded(_ trainer: Trainer, epoch: Int, step: Int, loss: Double) {}
    public func epochEnded(_ trainer: Trainer, record: EpochRecord) -> Bool { true }
}

/// Trains a model with an optimizer and a loss.
public final class Trainer {
    public let model: any Layer
    public let optimizer: any Optimizer
    public let loss: (Tensor, Tensor) -> Tensor
    public var schedule: (any LearningRateSchedule)?
    public var metrics: [TrainingMetric]
    public var callbacks: [any TrainingCallback] = []
    public var options: TrainerOptions

    /// Epochs completed so far (training resumes from here).
    public internal(set) var completedEpochs = 0
    /// Schedule steps taken so far.
    public internal(set) var scheduleStep = 0
    public internal(set) var history: [EpochRecord] = []
    /// Best monitored value, the epoch it was reached, and the weights then (for restore-best).
    public internal(set) var best: (value: Double, epoch: Int)?
    var bestState: [String: Tensor]?
    var epochsWithoutImprovement = 0

    public init(model: any Layer, optimizer: any Optimizer, loss: @escaping (Tensor, Tensor) -> Tensor,
                metrics: [TrainingMetric] = [], schedule: (any LearningRateSchedule)? = nil, options: TrainerOptions = TrainerOptions()) {
        self.model = model
        self.optimizer = optimizer
        self.loss = loss
        self.metrics = metrics
        self.schedule = schedule
        self.options = options
    }

    /// Trains until `options.epochs` epochs are complete (counting epochs done before a resume), early stopping
    /// fires, or a callback stops it. Throws if the loss becomes NaN or infinite, or a checkpoint cannot be written.
    @discardableResult
    public func fit(_ train: some BatchSource, validation: (any BatchSource)? = nil) throws -> [EpochRecord] {
        let progress = ProgressBar(enabled: options.showProgress)
        let monitor = options.monitor ?? (validation != nil ? "val_loss" : "loss")
        epochLoop: while completedEpochs < options.epochs {
            let epoch = completedEpochs
            model.train()
            if let schedule, !options.scheduleEveryStep { optimizer.learningRate = schedule.learningRate(at: scheduleStep) }
            let start = Date()
            var lossSum = 0.0, seen = 0, step = 0
            var metricSums = [Double](repeating: 0, count: metrics.count), metricCounts = [Int](repeating: 0, count: metrics.count)
            let lr = optimizer.learningRate
            for (x, y) in train.batches(epoch: epoch) {
                if let schedule, options.scheduleEveryStep { optimizer.learningRate = schedule.learningRate(at: scheduleStep) }
                let output = model(x)
                let l = loss(output, y)
                let value = l.item
                guard value.isFinite else { throw NeuralNetworkError.nonFiniteLoss(epoch: epoch + 1, step: step + 1) }
                var grads = l.backward()
                if let c = options.clipValue { GradientClipping.clipValue(&grads, parameters: optimizer.parameters, limit: c) }
                if let c = options.clipNorm { GradientClipping.clipNorm(&grads, parameters: optimizer.parameters, maxNorm: c) }
                optimizer.step(grads)
                if options.scheduleEveryStep && schedule != nil { scheduleStep += 1 }
                let n = x.shape.first ?? 1
                lossSum += value * Double(n)
                seen += n
                step += 1
                withoutGradients {
                    for (k, m) in metrics.enumerated() {
                        let (s, c) = m.batchTotal(output.detached(), y)
                        metricSums[k] += s
                        metricCounts[k] += c
                    }
                }
                for cb in callbacks { cb.stepEnded(self, epoch: epoch + 1, step: step, loss: value) }
                let elapsed = Date().timeIntervalSince(start)
                progress.step(epoch: epoch + 1, epochs: options.epochs, step: step, steps: train.batchCount, loss: lossSum / Double(seen),
                              samplesPerSecond: Double(seen) / Swift.max(elapsed, 1e-9), elapsed: elapsed)
            }
            if !options.scheduleEveryStep && schedule != nil { scheduleStep += 1 }
            let seconds = Date().timeIntervalSince(start)
            var record = EpochRecord(
                epoch: epoch + 1, trainLoss: seen > 0 ? lossSum / Double(seen) : .nan,
                trainMetrics: Dictionary(uniqueKeysWithValues: metrics.indices.map { (metrics[$0].name, metricSums[$0] / Double(Swift.max(metricCounts[$0], 1))) }),
                validationLoss: nil, validationMetrics: [:], learningRate: lr, seconds: seconds,
                samplesPerSecond: Double(seen) / Swift.max(seconds, 1e-9))
            if let validation {
                let (vl, vm) = evaluate(validation)
                record.validationLoss = vl
                record.validationMetrics = vm
            }
            history.append(record)
            completedEpochs += 1
            progress.epochEnd(record, epochs: options.epochs)
            let stop = trackBest(record, monitor: monitor)
            if let dir = options.checkpointDirectory { try Checkpoint.save(self, in: dir) }
            for cb in callbacks where !cb.epochEnded(self, record: record) { break epochLoop }
            if stop { break }
        }
        if options.restoreBest, let bestState { try? model.loadStateDict(bestState) }
        return history
    }

    /// Updates the best value; returns true when early stopping should stop training.
    private func trackBest(_ record: EpochRecord, monitor: String) -> Bool {
        guard let value = Trainer.monitoredValue(record, monitor) else { return false }
        let higher = monitor.hasSuffix("loss") ? false : (metrics.first { monitor.hasSuffix($0.name) }?.higherIsBetter ?? false)
        let improved = best.map { higher ? value > $0.value : value < $0.value } ?? true
        if improved {
            best = (value, record.epoch)
            epochsWithoutImprovement = 0
            if options.restoreBest { bestState = model.stateDict() }
        } else {
            epochsWithoutImprovement += 1
        }
        if let patience = options.earlyStoppingPatience, epochsWithoutImprovement >= patience { return true }
        return false
    }

    static func monitoredValue(_ r: EpochRecord, _ monitor: String) -> Double? {
        switch monitor {
        case "loss": return r.trainLoss
        case "val_loss": return r.validationLoss
        default:
            if monitor.hasPrefix("val_") { return r.validationMetrics[String(monitor.dropFirst(4))] }
            return r.trainMetrics[monitor]
        }
    }

    /// Mean loss and metrics over `source` in evaluation mode, without recording gradients.
    public func evaluate(_ source: any BatchSource) -> (loss: Double, metrics: [String: Double]) {
        let wasTraining = model.isInTrainingMode
        model.eval()
        defer { if wasTraining { model.train() } }
        return withoutGradients {
            var lossSum = 0.0, seen = 0
            var sums = [Double](repeating: 0, count: metrics.count), counts = [Int](repeating: 0, count: metrics.count)
            for (x, y) in source.batches(epoch: 0) {
                let output = model(x)
                let n = x.shape.first ?? 1
                lossSum += loss(output, y).item * Double(n)
                seen += n
                for (k, m) in metrics.enumerated() {
                    let (s, c) = m.batchTotal(output, y)
                    sums[k] += s
                    counts[k] += c
                }
            }
            let values = Dictionary(uniqueKeysWithValues: metrics.indices.map { (metrics[$0].name, sums[$0] / Double(Swift.max(counts[$0], 1))) })
            return (seen > 0 ? lossSum / Double(seen) : .nan, values)
        }
    }

    /// The model's outputs for `inputs`, in evaluation mode, in batches of `batchSize`, concatenated.
    public func predict(_ inputs: Tensor, batchSize: Int = 256) -> Tensor {
        Trainer.predict(model, inputs, batchSize: batchSize)
    }

    /// Batched inference with any layer (evaluation mode, no gradients).
    public static func predict(_ model: any Layer, _ inputs: Tensor, batchSize: Int = 256) -> Tensor {
        precondition(batchSize > 0 && inputs.rank >= 1, "predict: bad batch size or input shape \(inputs.shape)")
        let wasTraining = model.isInTrainingMode
        model.eval()
        defer { if wasTraining { model.train() } }
        return withoutGradients {
            let n = inputs.shape[0]
            var parts: [Tensor] = []
            for start in stride(from: 0, to: n, by: batchSize) {
                parts.append(model(inputs.narrowed(axis: 0, start: start, length: Swift.min(batchSize, n - start))))
            }
            return parts.count == 1 ? parts[0] : Tensor.concat(parts, axis: 0)
        }
    }
}
