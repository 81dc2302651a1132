// Input checks and seeded uniforms shared by the conformal predictors.
import Tensors

/// Input checks and seeded uniforms shared by the conformal predictors.
enum ConformalInput {
    enum Stream: UInt64 { case calibration = 0, prediction = 1 }

    /// Validates a probability matrix with `rows` rows and returns its column count.
    static func probabilities(_ p: [[Double]], rows: Int) throws(EvaluationError) -> Int {
        try Validate.probabilities(p, rows: rows, absolute: SplitConformalClassifier.probabilitySumTolerance, relative: 0)
    }

    /// `count` uniforms in [0, 1) from the Philox stream of `seed` (a different key per stream).
    static func uniforms(_ count: Int, seed: UInt64, stream: Stream) -> [Double] {
        var rng = RandomGenerator(seed: seed ^ (stream.rawValue &* 0x9E37_79B9_7F4A_7C15))
        return (0..<count).map { _ in rng.nextDouble() }
    }

    /// Validates paired regression arrays: equal length, non-empty, finite.
    static func values(_ arrays: [(values: [Double], name: String)], count: Int) throws(EvaluationError) {
        try Validate.nonEmpty(count, arrays[0].name)
        for (values, name) in arrays {
            try Validate.sameCount(values.count, count, name)
            try Validate.finite(values, name)
        }
    }
}
