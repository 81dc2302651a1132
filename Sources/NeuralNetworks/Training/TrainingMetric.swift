// Metrics the Trainer tracks per epoch, accumulated batch by batch.
import Tensors

/// A metric computed from model outputs and targets as a sum over samples, averaged over the epoch.
public struct TrainingMetric: Sendable {
    public let name: String
    /// Whether a larger value is better (for early stopping and best-model selection).
    public let higherIsBetter: Bool
    /// (sum of the metric over the batch's samples, number of samples).
    public let batchTotal: @Sendable (_ output: Tensor, _ target: Tensor) -> (sum: Double, count: Int)

    public init(name: String, higherIsBetter: Bool,
                batchTotal: @escaping @Sendable (_ output: Tensor, _ target: Tensor) -> (sum: Double, count: Int)) {
        self.name = name
        self.higherIsBetter = higherIsBetter
        self.batchTotal = batchTotal
    }

    /// Top-1 accuracy of `[N, C]` logits against `[N]` class indices.
    public static let accuracy = TrainingMetric(name: "accuracy", higherIsBetter: true) { output, target in
        let predicted = output.argmax(axis: 1).integers
        let truth = target.integers
        return (Double(zip(predicted, truth).filter { $0 == $1 }.count), truth.count)
    }

    /// Mean absolute error of predictions against targets of the same shape.
    public static let meanAbsoluteError = TrainingMetric(name: "mae", higherIsBetter: false) { output, target in
        let d = (output.reshaped([output.count]) - target.reshaped([target.count]).to(output.dtype)).abs()
        return (d.sum().item, output.shape.first ?? 1)
    }
}
