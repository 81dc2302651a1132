// Input checks shared by the throwing metrics.

enum Validate {
    static func sameCount(_ found: Int, _ expected: Int, _ what: String) throws(EvaluationError) {
        guard found == expected else { throw .lengthMismatch(what: what, expected: expected, found: found) }
    }

    static func nonEmpty(_ count: Int, _ what: String) throws(EvaluationError) {
        guard count > 0 else { throw .emptyInput(what: what) }
    }

    static func finite(_ values: [Double], _ what: String) throws(EvaluationError) {
        if let i = values.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(what: what, index: i) }
    }

    /// Weights as given (all 1 when `nil`), checked: as many as samples, finite, not negative, and when
    /// `nonZeroSum`, not all 0.
    static func weights(_ weights: [Double]?, count: Int, nonZeroSum: Bool = false) throws(EvaluationError) -> [Double] {
        guard let weights else { return Array(repeating: 1, count: count) }
        try sameCount(weights.count, count, "sample weights")
        try finite(weights, "sample weights")
        if weights.contains(where: { $0 < 0 }) { throw .invalidArgument("sample weights must not be negative") }
        if nonZeroSum && !weights.contains(where: { $0 > 0 }) { throw .invalidArgument("every sample weight is 0") }
        return weights
    }

    static func labels(_ labels: [Int], classCount: Int) throws(EvaluationError) {
        if let i = labels.firstIndex(where: { $0 < 0 || $0 >= classCount }) {
            throw .labelOutOfRange(index: i, label: labels[i], classCount: classCount)
        }
    }

    /// Checks a probability matrix (rows of equal width, values in [0, 1], each row summing to 1 with
    /// `|sum − 1| ≤ absolute + relative · |sum|`) and returns its column count.
    static func probabilities(_ rows: [[Double]], rows expected: Int, absolute: Double, relative: Double)
        throws(EvaluationError) -> Int {
        try sameCount(rows.count, expected, "probability rows")
        try nonEmpty(rows.count, "probabilities")
        let k = rows[0].count
        for (r, row) in rows.enumerated() {
            try sameCount(row.count, k, "probability row \(r)")
            var sum = 0.0
            for (c, p) in row.enumerated() {
                guard p >= 0 && p <= 1 else { throw .invalidProbability(row: r, column: c, value: p) }
                sum += p
            }
            guard Swift.abs(sum - 1) <= absolute + relative * Swift.abs(sum) else {
                throw .probabilitiesDoNotSumToOne(row: r, sum: sum)
            }
        }
        return k
    }
}
