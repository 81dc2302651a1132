// Readers for the conformal fixtures (scripts/reference/make_conformal_fixtures.py): MAPIE parity values in
// evaluation/conformal.json and out-of-fold predictions for the coverage test in evaluation/conformal_coverage.json.
import Testing
import TestSupport
import Evaluation

enum ConformalFixtures {
    static let parity: JSONValue = load("evaluation/conformal.json")
    static let coverage: JSONValue = load("evaluation/conformal_coverage.json")

    private static func load(_ path: String) -> JSONValue {
        do { return try Fixtures.json(path, as: JSONValue.self) } catch { fatalError("\(path): \(error)") }
    }
}

extension JSONValue {
    /// Thresholds where `null` (MAPIE refuses: too few samples) and `"inf"` mean +∞.
    var thresholds: [Double] { array?.map { $0.double ?? .infinity } ?? [] }
    /// A 0/1 matrix as masks.
    var masks: [[Bool]] { array?.map { $0.ints.map { $0 != 0 } } ?? [] }
}

/// Expects every value within 1e-6 of the reference (infinities equal).
func expectClose(_ found: [Double], _ expected: [Double], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!expected.isEmpty && maxAbsDifference(found, expected) <= 1e-6, "\(what): \(found) vs \(expected)",
            sourceLocation: sourceLocation)
}

/// Expects equal masks and reports the first differing row.
func expectSameSets(_ found: [[Bool]], _ expected: [[Bool]], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let row = zip(found, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
    #expect(!expected.isEmpty && found.count == expected.count && row == nil,
            "\(what): row \(row ?? -1) \(row.map { "\(found[$0]) vs \(expected[$0])" } ?? "count \(found.count) vs \(expected.count)")",
            sourceLocation: sourceLocation)
}
