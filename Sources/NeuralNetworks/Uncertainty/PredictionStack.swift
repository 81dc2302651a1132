// The outputs of T stochastic passes or M ensemble members for the same inputs, read as class probabilities,
// regression samples or Gaussian predictions, and summarised with Evaluation's uncertainty metrics.
import Evaluation
import Tensors

/// The outputs of `T` Monte Carlo dropout passes or `M` ensemble members for the same `N` inputs.
///
/// Read them as class probabilities (``classProbabilities()``, softmax of `[N, C]` logits, a `T × N × C`
/// stack), as regression samples (``regressionSamples()``, `[N]` or `[N, 1]` outputs, `T × N`), or as Gaussian
/// predictions of a mean–log-variance head (``gaussianComponents()``, `[N, 2]` outputs, see ``GaussianHead``),
/// and summarise them with `Evaluation`'s `UncertaintyMetrics`.
public struct PredictionStack {
    /// One output per pass or member, all of the same shape `[N, …]`.
    public let outputs: [Tensor]

    /// - Throws: ``NeuralNetworkError/invalidInput(_:)`` when there are no outputs, an output has rank 0, or
    ///   the outputs differ in shape.
    public init(_ outputs: [Tensor]) throws(NeuralNetworkError) {
        guard let first = outputs.first else { throw .invalidInput("a prediction stack needs at least one output (T ≥ 1)") }
        guard first.rank >= 1 else { throw .invalidInput("prediction stack: outputs must be [N, …], got a scalar") }
        if let t = outputs.firstIndex(where: { $0.shape != first.shape }) {
            throw .invalidInput("prediction stack: output \(t) has shape \(outputs[t].shape), output 0 has \(first.shape)")
        }
        self.outputs = outputs
    }

    /// Number of passes or members (`T` or `M`).
    public var count: Int { outputs.count }

    /// Number of inputs (`N`).
    public var sampleCount: Int { outputs[0].shape[0] }

    /// Softmax probabilities `probabilities[t][i][c]` of `[N, C]` logits, computed in Float64.
    /// - Throws: ``NeuralNetworkError/invalidInput(_:)`` when the outputs are not `[N, C]` or not finite.
    public func classProbabilities() throws(NeuralNetworkError) -> [[[Double]]] {
        guard outputs[0].rank == 2 else {
            throw .invalidInput("class probabilities need [N, C] logits, the outputs are \(outputs[0].shape)")
        }
        let c = outputs[0].shape[1]
        return try outputs.enumerated().map { (t, logits) throws(NeuralNetworkError) in
            let flat = withoutGradients { logits.to(.float64).softmax(axis: 1).doubles }
            guard flat.allSatisfy(\.isFinite) else { throw .invalidInput("output \(t) has NaN or infinite logits") }
            return (0..<sampleCount).map { Array(flat[($0 * c)..<($0 * c + c)]) }
        }
    }

    /// Predictive entropy, expected entropy and mutual information of ``classProbabilities()``
    /// (`UncertaintyMetrics/decompose(_:)`); `meanProbabilities` is the averaged prediction.
    /// - Throws: as ``classProbabilities()``, or an `EvaluationError` from the decomposition.
    public func uncertaintyDecomposition() throws -> UncertaintyDecomposition {
        try UncertaintyMetrics.decompose(classProbabilities())
    }

    /// Regression predictions `samples[t][i]` of `[N]` or `[N, 1]` outputs.
    /// - Throws: ``NeuralNetworkError/invalidInput(_:)`` for other shapes.
    public func regressionSamples() throws(NeuralNetworkError) -> [[Double]] {
        let shape = outputs[0].shape
        guard shape.count == 1 || (shape.count == 2 && shape[1] == 1) else {
            throw .invalidInput("regression samples need [N] or [N, 1] outputs, the outputs are \(shape)")
        }
        return outputs.map { output in withoutGradients { output.to(.float64).doubles } }
    }

    /// Mean and (population) variance of ``regressionSamples()`` per input (`UncertaintyMetrics/predictiveMoments(_:)`).
    /// - Throws: as ``regressionSamples()``, or an `EvaluationError` for non-finite predictions.
    public func predictiveMoments() throws -> (mean: [Double], variance: [Double]) {
        try UncertaintyMetrics.predictiveMoments(regressionSamples())
    }

    /// The Gaussian of every pass or member from `[N, 2]` mean–log-variance outputs (``GaussianHead``):
    /// `means[t][i]` and `variances[t][i]`.
    /// - Throws: ``NeuralNetworkError/invalidInput(_:)`` when the outputs are not `[N, 2]`.
    public func gaussianComponents() throws(NeuralNetworkError) -> (means: [[Double]], variances: [[Double]]) {
        var means: [[Double]] = [], variances: [[Double]] = []
        for output in outputs {
            let (m, v) = try GaussianHead.moments(output)
            means.append(m)
            variances.append(v)
        }
        return (means, variances)
    }

    /// Mean and variance of the equally weighted mixture of ``gaussianComponents()`` (Lakshminarayanan et al.
    /// 2017; `UncertaintyMetrics/mixtureMoments(means:variances:)`): the average of the members' variances
    /// (aleatoric) plus the variance of their means (epistemic).
    /// - Throws: as ``gaussianComponents()``, or an `EvaluationError` for non-finite means or zero variances.
    public func gaussianMixtureMoments() throws -> (mean: [Double], variance: [Double]) {
        let (means, variances) = try gaussianComponents()
        return try UncertaintyMetrics.mixtureMoments(means: means, variances: variances)
    }
}
