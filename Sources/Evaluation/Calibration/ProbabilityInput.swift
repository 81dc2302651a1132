// Checks and small helpers shared by the calibration and uncertainty functions that take probabilities.

enum ProbabilityInput {
    /// The `numpy.allclose` tolerance for a row sum: loose enough for Float32 softmax outputs.
    static let absoluteTolerance = 1e-8, relativeTolerance = 1e-5

    /// Checks a probability matrix against `truth` (rows, values, row sums, labels) and returns its width.
    @discardableResult
    static func matrix(_ probabilities: [[Double]], truth: [Int]) throws(EvaluationError) -> Int {
        let k = try Validate.probabilities(probabilities, rows: truth.count, absolute: absoluteTolerance,
                                           relative: relativeTolerance)
        try Validate.labels(truth, classCount: k)
        return k
    }

    /// Checks probabilities of class 1 against binary `truth`.
    static func binary(_ probabilities: [Double], truth: [Int]) throws(EvaluationError) {
        try Validate.sameCount(probabilities.count, truth.count, "probabilities")
        try Validate.nonEmpty(truth.count, "probabilities")
        try Validate.labels(truth, classCount: 2)
        if let i = probabilities.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
            throw .invalidProbability(row: i, column: 1, value: probabilities[i])
        }
    }

    /// The largest probability of a row and its column (the first on ties).
    static func topLabel(_ row: [Double]) -> (label: Int, confidence: Double) {
        var best = 0
        for c in row.indices where row[c] > row[best] { best = c }
        return (best, row[best])
    }
}
