// Temperature scaling (Guo et al. 2017): one scalar T > 0 divides every logit, chosen to minimise the
// negative log-likelihood on a held-out set. Accuracy is unchanged; only confidence moves.
import Foundation

/// Temperature scaling of logits: `p = softmax(z / T)`.
///
/// The fit minimises the mean NLL over `T > 0`. In `u = 1/T` the NLL is convex (a one-weight multinomial
/// logistic regression), with derivative `mean(E_{softmax(u z)}[z] − z_y)`; the fit brackets its root and runs
/// Newton steps safeguarded by bisection until `u` is exact to rounding, so it needs no learning rate or
/// iteration budget. netcal's `TemperatureScaling` reports the multiplier `u` as its "temperature"; here,
/// as in Guo et al., ``FittedTemperatureScaling/temperature`` is `T = 1/u` (the divisor).
public struct TemperatureScaling: Calibrator, Equatable {
    public init() {}

    /// Fits `T` on held-out logits and labels.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, ragged or non-finite logits, labels out
    ///   of range, and `.cannotFitCalibrator` when no finite `T` minimises the NLL: when the true class's
    ///   logit is on average no higher than the row mean (the NLL falls as `T → ∞`), or when no sample has a
    ///   class scored above its true class (the NLL falls as `T → 0`).
    public func fit(_ logits: [[Double]], labels: [Int]) throws(EvaluationError) -> FittedTemperatureScaling {
        let k = try LogitInput.matrix(logits, truth: labels)
        let objective = ScaledNLL(logits: logits, labels: labels)
        guard objective.derivatives(at: 0).first < 0 else {
            throw .cannotFitCalibrator(method: "temperature scaling", reason:
                "the true class's logit is on average no higher than the others, so the NLL only falls as T → ∞; " +
                "check that labels match the logit columns")
        }
        // The derivative turns positive for large u only if some sample's true class is beaten by another.
        guard zip(logits, labels).contains(where: { z, y in z.contains { $0 > z[y] } }) else {
            throw .cannotFitCalibrator(method: "temperature scaling", reason:
                "no held-out sample has a class scored above its true class, so the NLL keeps falling as T → 0; " +
                "use a larger or harder held-out set")
        }
        // Grow an upper bracket until the derivative turns positive.
        var low = 0.0, high = 1.0
        while objective.derivatives(at: high).first < 0 {
            low = high
            high *= 2
        }
        var u = (low + high) / 2
        for _ in 0..<200 {
            let (first, second) = objective.derivatives(at: u)
            if first == 0 { break }
            if first < 0 { low = u } else { high = u }
            var next = u - first / second
            if !(second > 0) || !(next > low && next < high) { next = (low + high) / 2 }
            let done = Swift.abs(next - u) <= 4 * Double.ulpOfOne * u
            u = next
            if done || high - low <= 4 * Double.ulpOfOne * high { break }
        }
        return FittedTemperatureScaling(temperature: 1 / u, classCount: k)
    }
}

/// A fitted temperature: divide logits by ``temperature`` before the softmax.
public struct FittedTemperatureScaling: FittedCalibrator, Equatable {
    /// `T`: above 1 softens an over-confident model, below 1 sharpens an under-confident one.
    public let temperature: Double
    public let classCount: Int

    public init(temperature: Double, classCount: Int) {
        self.temperature = temperature
        self.classCount = classCount
    }

    /// `softmax(z / T)` of each row of logits.
    /// - Throws: ``EvaluationError`` for empty input, ragged or non-finite logits, or a width other than
    ///   ``classCount``.
    public func calibratedProbabilities(_ logits: [[Double]]) throws(EvaluationError) -> [[Double]] {
        try ScoreInput.matrix(logits, width: classCount)
        return logits.map { Softmax.probabilities($0.map { $0 / temperature }) }
    }
}

/// The mean NLL of `softmax(u·z)` as a function of `u`, with its first two derivatives.
struct ScaledNLL {
    let logits: [[Double]]
    let labels: [Int]

    /// `f'(u) = mean(E[z] − z_y)` and `f''(u) = mean(Var[z])` under `softmax(u z)`.
    func derivatives(at u: Double) -> (first: Double, second: Double) {
        var first = 0.0, second = 0.0
        for (z, y) in zip(logits, labels) {
            let p = Softmax.probabilities(z.map { u * $0 })
            var mean = 0.0
            for (pc, zc) in zip(p, z) { mean += pc * zc }
            var variance = 0.0
            for (pc, zc) in zip(p, z) { variance += pc * (zc - mean) * (zc - mean) }
            first += mean - z[y]
            second += variance
        }
        let n = Double(logits.count)
        return (first / n, second / n)
    }
}
