// Platt scaling (Platt 1999): a logistic map of a binary score, fitted with Platt's smoothed targets.
import Foundation

/// Platt scaling: `P(y = 1 | f) = 1 / (1 + exp(A·f + B))`.
///
/// As in Platt's 1999 paper (and libsvm, scikit-learn's `_sigmoid_calibration`), the targets are smoothed
/// to `(N₊ + 1)/(N₊ + 2)` for positives and `1/(N₋ + 2)` for negatives, which keeps `A, B` finite on
/// separable data. The cross-entropy is minimised by Newton's method with a backtracking line search (Lin,
/// Lin & Weng 2007) from `A = 0, B = log((N₋ + 1)/(N₊ + 1))`; scores are divided by `max |f|` during the fit
/// when it is 30 or more, as scikit-learn does, and `A` is scaled back. For more than two classes it is
/// applied one-vs-rest (``OneVsRestCalibrated``).
public struct PlattScaling: Calibrator, BinaryCalibrator, Equatable {
    public init() {}

    /// Fits one map per class (one for class 1 when binary) on held-out scores.
    public func fit(_ scores: [[Double]], labels: [Int]) throws(EvaluationError) -> OneVsRestCalibrated<FittedPlattScaling> {
        try fitOneVsRest(scores, labels: labels)
    }

    /// Fits `A, B` on held-out scores (e.g. decision values) of the positive class.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input or non-finite scores.
    public func fitBinary(_ scores: [Double], positives: [Bool]) throws(EvaluationError) -> FittedPlattScaling {
        try ScoreInput.binary(scores, positives: positives)
        let largest = scores.reduce(0) { Swift.max($0, Swift.abs($1)) }
        let scale = largest >= 30 ? largest : 1
        let f = scores.map { $0 / scale }
        let positiveCount = Double(positives.filter { $0 }.count), negativeCount = Double(positives.count) - positiveCount
        let high = (positiveCount + 1) / (positiveCount + 2), low = 1 / (negativeCount + 2)
        let targets = positives.map { $0 ? high : low }
        let (a, b) = newton(f, targets, start: (0, log((negativeCount + 1) / (positiveCount + 1))))
        return FittedPlattScaling(a: a / scale, b: b)
    }

    /// Minimises `Σ −[t log p + (1 − t) log(1 − p)]`, `p = σ(−(a f + b))`.
    private func newton(_ f: [Double], _ t: [Double], start: (Double, Double)) -> (Double, Double) {
        func loss(_ a: Double, _ b: Double) -> Double {
            zip(f, t).reduce(0) { total, ft in
                let s = a * ft.0 + b
                // t·s + log(1 + e^{−s}), written so that neither exponential overflows.
                return total + (s >= 0 ? ft.1 * s + log1p(exp(-s)) : (ft.1 - 1) * s + log1p(exp(s)))
            }
        }
        var (a, b) = start
        var current = loss(a, b)
        let tolerance = 1e-12 * Double(f.count)
        for _ in 0..<200 {
            var ga = 0.0, gb = 0.0, haa = 0.0, hab = 0.0, hbb = 0.0
            for (fi, ti) in zip(f, t) {
                let s = a * fi + b
                let p = s >= 0 ? exp(-s) / (1 + exp(-s)) : 1 / (1 + exp(s))
                let d = p * (1 - p)
                ga += (ti - p) * fi; gb += ti - p
                haa += d * fi * fi; hab += d * fi; hbb += d
            }
            if Swift.max(Swift.abs(ga), Swift.abs(gb)) <= tolerance { break }
            // A tiny ridge keeps the Newton system solvable when every p is 0 or 1 (Lin et al.'s σ).
            haa += 1e-12; hbb += 1e-12
            let det = haa * hbb - hab * hab
            let da = -(hbb * ga - hab * gb) / det, db = -(-hab * ga + haa * gb) / det
            var step = 1.0, moved = false
            while step >= 1e-10 {
                let candidate = loss(a + step * da, b + step * db)
                if candidate <= current + 1e-4 * step * (ga * da + gb * db) {
                    a += step * da; b += step * db; current = candidate; moved = true
                    break
                }
                step /= 2
            }
            if !moved { break }
        }
        return (a, b)
    }
}

/// A fitted Platt map.
public struct FittedPlattScaling: FittedBinaryCalibrator, Equatable {
    /// Slope `A` (negative when higher scores mean class 1).
    public let a: Double
    /// Offset `B`.
    public let b: Double

    public init(a: Double, b: Double) {
        self.a = a
        self.b = b
    }

    /// `1 / (1 + exp(A·f + B))` of each score.
    /// - Throws: ``EvaluationError`` when a score is not finite.
    public func probabilities(_ scores: [Double]) throws(EvaluationError) -> [Double] {
        try Validate.finite(scores, "calibration scores")
        return scores.map { f in
            let s = a * f + b
            return s >= 0 ? exp(-s) / (1 + exp(-s)) : 1 / (1 + exp(s))
        }
    }
}
