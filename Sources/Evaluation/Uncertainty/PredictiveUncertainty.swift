// Total, aleatoric and epistemic uncertainty of a stack of class probabilities from T stochastic forward
// passes (MC dropout) or T ensemble members.
import Foundation

/// The entropy decomposition of a `T × N × C` stack of class probabilities, per sample (natural log, nats).
///
/// With `p̄ = (1/T) Σ_t p_t`: predictive entropy `H[p̄]` (total uncertainty), expected entropy
/// `(1/T) Σ_t H[p_t]` (aleatoric), and their difference, the mutual information between the prediction
/// and the model parameters (epistemic; Houlsby et al. 2011, Gal 2016, Depeweg et al. 2018).
public struct UncertaintyDecomposition: Sendable, Equatable, Codable {
    /// `p̄`, the mean probabilities (`N × C`): the prediction of the ensemble.
    public let meanProbabilities: [[Double]]
    /// `H[p̄]` per sample.
    public let predictiveEntropy: [Double]
    /// `(1/T) Σ_t H[p_t]` per sample.
    public let expectedEntropy: [Double]

    /// `H[p̄] − (1/T) Σ_t H[p_t]` per sample; non-negative by Jensen's inequality, rounding below 0 is set to 0.
    public var mutualInformation: [Double] { zip(predictiveEntropy, expectedEntropy).map { Swift.max(0, $0 - $1) } }
}

/// Uncertainty summaries of stochastic or ensembled predictions.
public enum UncertaintyMetrics {
    /// Entropy `−Σ_c p_c log p_c` (with `0 log 0 = 0`) of each probability row.
    /// - Throws: ``EvaluationError`` for empty input, ragged rows, or bad probabilities.
    public static func entropy(_ probabilities: [[Double]]) throws(EvaluationError) -> [Double] {
        _ = try Validate.probabilities(probabilities, rows: probabilities.count, absolute: ProbabilityInput.absoluteTolerance,
                                       relative: ProbabilityInput.relativeTolerance)
        return probabilities.map(rowEntropy)
    }

    /// Decomposes a stack `probabilities[t][i][c]` (pass `t`, sample `i`, class `c`) into total, aleatoric and
    /// epistemic uncertainty.
    /// - Throws: ``EvaluationError`` for an empty stack, members of different shapes, or bad probabilities.
    public static func decompose(_ stack: [[[Double]]]) throws(EvaluationError) -> UncertaintyDecomposition {
        try Validate.nonEmpty(stack.count, "probability stack (T passes)")
        let n = stack[0].count
        var width: Int?
        for (t, member) in stack.enumerated() {
            try Validate.sameCount(member.count, n, "samples in pass \(t)")
            let k = try Validate.probabilities(member, rows: n, absolute: ProbabilityInput.absoluteTolerance,
                                               relative: ProbabilityInput.relativeTolerance)
            if let width, k != width { throw .widthMismatch(what: "classes in pass \(t)", expected: width, found: k) }
            width = k
        }
        let t = Double(stack.count)
        let mean = (0..<n).map { i in (0..<width!).map { c in stack.reduce(0) { $0 + $1[i][c] } / t } }
        let expected = (0..<n).map { i in stack.reduce(0) { $0 + rowEntropy($1[i]) } / t }
        return UncertaintyDecomposition(meanProbabilities: mean, predictiveEntropy: mean.map(rowEntropy),
                                        expectedEntropy: expected)
    }

    static func rowEntropy(_ p: [Double]) -> Double { -p.reduce(0) { $0 + ($1 > 0 ? $1 * log($1) : 0) } }
}
