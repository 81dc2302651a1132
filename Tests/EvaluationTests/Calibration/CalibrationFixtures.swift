// The netcal / scikit-learn reference values of Tests/Fixtures/evaluation/calibration.json
// (scripts/reference/make_calibration_fixtures.py).
import Foundation
import Testing
import TestSupport
import Evaluation

enum CalibrationFixtures {
    static let root: JSONValue = {
        do { return try Fixtures.json("evaluation/calibration.json", as: JSONValue.self) } catch {
            fatalError("evaluation/calibration.json: \(error)")
        }
    }()

    static var multiclass: JSONValue { root["multiclass"]! }
    static func cases(_ section: String) -> [JSONValue] { root[section]?.array ?? [] }
}

/// Expects every value within `tolerance` of the reference (NaN matching NaN).
func expectClose(_ found: [Double], _ expected: [Double], _ tolerance: Double, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(found.count == expected.count && maxAbsDifference(found, expected) <= tolerance,
            "\(what): \(found.prefix(8)) vs reference \(expected.prefix(8))", sourceLocation: sourceLocation)
}

/// A Codable value survives a JSON round trip unchanged.
func jsonRoundTrip<T: Codable & Equatable>(_ value: T) throws -> Bool {
    try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value)) == value
}
