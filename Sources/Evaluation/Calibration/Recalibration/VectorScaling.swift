// Vector scaling (Guo et al. 2017): a scale and a bias per class on the logits, fitted by minimising the
// held-out negative log-likelihood with L-BFGS.
import Foundation
import Tensors

/// Vector scaling of logits: `p = softmax(w ⊙ z + b)` with one weight and one bias per class.
///
/// Starts from `w = 1, b = 0` (the identity) and minimises the mean NLL with ``LBFGS``. The NLL does not
/// change when the same constant is added to every bias; the gradient in `b` always sums to 0, so the fitted
/// biases sum to 0.
public struct VectorScaling: Calibrator, Equatable {
    /// Stop when every gradient component of the mean NLL is at most this.
    public var gradientTolerance: Double
    /// The largest number of L-BFGS iterations.
    public var maxIterations: Int

    public init(gradientTolerance: Double = 1e-9, maxIterations: Int = 500) {
        self.gradientTolerance = gradientTolerance
        self.maxIterations = maxIterations
    }

    /// Fits the per-class weights and biases on held-out logits and labels.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, ragged or non-finite logits, labels out
    ///   of range, or a non-positive tolerance or iteration count.
    public func fit(_ logits: [[Double]], labels: [Int]) throws(EvaluationError) -> FittedVectorScaling {
        guard gradientTolerance > 0 else {
            throw .parameterOutOfRange(name: "gradientTolerance", value: gradientTolerance, allowed: "positive")
        }
        guard maxIterations >= 1 else {
            throw .parameterOutOfRange(name: "maxIterations", value: Double(maxIterations), allowed: "at least 1")
        }
        let k = try LogitInput.matrix(logits, truth: labels)
        let n = Double(logits.count)
        let start = [Double](repeating: 1, count: k) + [Double](repeating: 0, count: k)
        let result = LBFGS(maxIterations: maxIterations, gradientTolerance: gradientTolerance).minimize(start) { x in
            var loss = 0.0
            var gradient = [Double](repeating: 0, count: 2 * k)
            for (z, y) in zip(logits, labels) {
                let scaled = (0..<k).map { x[$0] * z[$0] + x[k + $0] }
                loss += Softmax.logSumExp(scaled) - scaled[y]
                let p = Softmax.probabilities(scaled)
                for c in 0..<k {
                    let residual = p[c] - (c == y ? 1 : 0)
                    gradient[c] += residual * z[c]
                    gradient[k + c] += residual
                }
            }
            return (loss / n, gradient.map { $0 / n })
        }
        return FittedVectorScaling(weights: Array(result.x[0..<k]), biases: Array(result.x[k...]))
    }
}

/// Fitted per-class weights and biases.
public struct FittedVectorScaling: FittedCalibrator, Equatable {
    /// `w`: one scale per class.
    public let weights: [Double]
    /// `b`: one bias per class (summing to 0).
    public let biases: [Double]
    public var classCount: Int { weights.count }

    public init(weights: [Double], biases: [Double]) {
        precondition(weights.count == biases.count, "FittedVectorScaling: \(weights.count) weights, \(biases.count) biases")
        self.weights = weights
        self.biases = biases
    }

    /// `softmax(w ⊙ z + b)` of each row of logits.
    /// - Throws: ``EvaluationError`` for empty input, ragged or non-finite logits, or a width other than
    ///   ``classCount``.
    public func calibratedProbabilities(_ logits: [[Double]]) throws(EvaluationError) -> [[Double]] {
        try ScoreInput.matrix(logits, width: classCount)
        return logits.map { z in Softmax.probabilities(z.indices.map { weights[$0] * z[$0] + biases[$0] }) }
    }
}
