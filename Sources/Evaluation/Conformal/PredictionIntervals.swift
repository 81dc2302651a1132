// Conformal prediction intervals for regression.

/// One interval `[lower[i], upper[i]]` per row.
public struct PredictionIntervals: Codable, Sendable, Equatable {
    public let lower: [Double]
    public let upper: [Double]

    public init(lower: [Double], upper: [Double]) {
        precondition(lower.count == upper.count, "PredictionIntervals: \(lower.count) lower and \(upper.count) upper bounds")
        self.lower = lower
        self.upper = upper
    }

    /// `upper − lower` of each interval (+∞ for an unbounded one).
    public var widths: [Double] { zip(lower, upper).map { $1 - $0 } }

    /// The number of rows.
    public var count: Int { lower.count }
}
