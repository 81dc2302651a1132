// How well conformal sets and intervals do on labelled test data: coverage, size, and coverage by group.

/// Coverage of one group of test rows (one class, or one set size).
public struct CoverageGroup: Codable, Sendable, Equatable {
    /// The class or the set size that defines the group.
    public let key: Int
    /// Rows in the group.
    public let count: Int
    /// Fraction of those rows whose set holds the true class.
    public let coverage: Double

    public init(key: Int, count: Int, coverage: Double) {
        self.key = key
        self.count = count
        self.coverage = coverage
    }
}

/// Empirical coverage and efficiency of conformal prediction sets and intervals.
public enum ConformalMetrics {
    /// Fraction of rows whose set contains the true label.
    /// - Throws: ``EvaluationError`` for unequal lengths, no rows, or labels outside the sets' classes.
    public static func coverage(_ sets: PredictionSets, labels: [Int]) throws(EvaluationError) -> Double {
        try mean(try covered(sets, labels))
    }

    /// Mean number of classes per set.
    /// - Throws: ``EvaluationError/emptyInput(what:)`` for no rows.
    public static func meanSetSize(_ sets: PredictionSets) throws(EvaluationError) -> Double {
        try mean(sets.sizes.map(Double.init))
    }

    /// Coverage among the rows of each true class, for every class that has test rows, ascending.
    public static func perClassCoverage(_ sets: PredictionSets, labels: [Int]) throws(EvaluationError) -> [CoverageGroup] {
        groupedCoverage(try covered(sets, labels), keys: labels)
    }

    /// Coverage among the rows of each set size (size-stratified coverage, Angelopoulos et al. 2021): a method
    /// that covers small sets much less than 1 − α is adaptive only on paper. Sizes that occur, ascending.
    public static func sizeStratifiedCoverage(_ sets: PredictionSets, labels: [Int]) throws(EvaluationError) -> [CoverageGroup] {
        groupedCoverage(try covered(sets, labels), keys: sets.sizes)
    }

    /// Fraction of `truth` values inside their closed interval.
    /// - Throws: ``EvaluationError`` for unequal lengths, no rows, or a NaN truth value.
    public static func coverage(_ intervals: PredictionIntervals, truth: [Double]) throws(EvaluationError) -> Double {
        try Validate.sameCount(truth.count, intervals.count, "truth")
        if let i = truth.firstIndex(where: \.isNaN) { throw .nonFinite(what: "truth", index: i) }
        return try mean(truth.indices.map { intervals.lower[$0] <= truth[$0] && truth[$0] <= intervals.upper[$0] ? 1 : 0 })
    }

    /// Mean interval width (+∞ when an interval is unbounded).
    /// - Throws: ``EvaluationError/emptyInput(what:)`` for no rows.
    public static func meanWidth(_ intervals: PredictionIntervals) throws(EvaluationError) -> Double {
        try mean(intervals.widths)
    }

    /// 1 where the set holds the label, else 0.
    private static func covered(_ sets: PredictionSets, _ labels: [Int]) throws(EvaluationError) -> [Double] {
        try Validate.sameCount(labels.count, sets.count, "labels")
        for (i, label) in labels.enumerated() where label < 0 || label >= sets.masks[i].count {
            throw .labelOutOfRange(index: i, label: label, classCount: sets.masks[i].count)
        }
        return labels.indices.map { sets.masks[$0][labels[$0]] ? 1 : 0 }
    }

    private static func groupedCoverage(_ hits: [Double], keys: [Int]) -> [CoverageGroup] {
        var tally: [Int: (count: Int, hits: Double)] = [:]
        for (hit, key) in zip(hits, keys) { tally[key, default: (0, 0)].count += 1; tally[key]!.hits += hit }
        return tally.keys.sorted().map { CoverageGroup(key: $0, count: tally[$0]!.count, coverage: tally[$0]!.hits / Double(tally[$0]!.count)) }
    }

    private static func mean(_ values: [Double]) throws(EvaluationError) -> Double {
        try Validate.nonEmpty(values.count, "prediction rows")
        return values.reduce(0, +) / Double(values.count)
    }
}
