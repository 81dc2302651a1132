// The scikit-learn reference values of Tests/Fixtures/evaluation/metrics.json
// (scripts/reference/make_metric_fixtures.py) and small readers for them.
import Testing
import TestSupport
import Evaluation

enum MetricFixtures {
    /// The whole fixture file, decoded once.
    static let root: JSONValue = {
        do { return try Fixtures.json("evaluation/metrics.json", as: JSONValue.self) } catch {
            fatalError("evaluation/metrics.json: \(error)")
        }
    }()

    /// The cases of one section (`labels`, `binary_ranking`, …).
    static func cases(_ section: String) -> [JSONValue] { root[section]?.array ?? [] }

    /// The two ways a case is scored: unweighted (keys without suffix) and with its `weights` (`_weighted`).
    static func weightings(_ c: JSONValue) -> [(suffix: String, weights: [Double]?)] {
        [("", nil), ("_weighted", c["weights"]?.doubles)]
    }

    /// The fixture keys of the one-vs-rest averages.
    static let oneVsRestAverages: [(key: String, average: OneVsRestAveraging)] =
        [("macro", .macro), ("weighted", .weighted), ("micro", .micro)]
}

extension JSONValue {
    /// A number array (`"inf"` and `"nan"` strings included); empty when absent.
    var doubles: [Double] { array?.compactMap(\.double) ?? [] }
    /// An integer array; empty when absent.
    var ints: [Int] { array?.compactMap(\.int) ?? [] }
    /// A matrix of numbers, row by row.
    var rows: [[Double]] { array?.map(\.doubles) ?? [] }
}

/// Expects equal lengths and every value within 1e-9 of scikit-learn's (NaN matching NaN, infinities equal).
func expectParity(_ found: [Double], _ expected: [Double], _ what: String,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(found.count == expected.count && maxAbsDifference(found, expected) <= 1e-9,
            "\(what): \(found) vs scikit-learn \(expected)", sourceLocation: sourceLocation)
}

/// The scalar form of ``expectParity(_:_:_:sourceLocation:)``; a missing expected value fails.
func expectParity(_ found: Double, _ expected: JSONValue?, _ what: String,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    guard let e = expected?.double else {
        Issue.record("\(what): no reference value", sourceLocation: sourceLocation)
        return
    }
    expectParity([found], [e], what, sourceLocation: sourceLocation)
}
