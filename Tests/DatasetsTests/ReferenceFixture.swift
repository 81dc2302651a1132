// The scikit-learn reference numbers (Tests/Fixtures/datasets/reference.json, from
// scripts/reference/make_dataset_fixtures.py).
import Foundation
import TestSupport

/// A number from the fixture: JSON numbers, or the string "NaN".
struct Number: Decodable, Sendable {
    let value: Double
    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let d = try? c.decode(Double.self) { value = d; return }
        let s = try c.decode(String.self)
        guard s == "NaN" else { throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a number: \(s)") }
        value = .nan
    }
}

extension Array where Element == Number { var values: [Double] { map(\.value) } }
extension Array where Element == [Number] { var values: [Double] { flatMap { $0.map(\.value) } } }

struct ReferenceFixture: Decodable, Sendable {
    struct DatasetEntry: Decodable, Sendable {
        let shape: [Int]
        let class_names: [String]
        let class_counts: [Int]
        let feature_names: [String]
        let column_sums: [Number]
        let first_row: [Number]
        let first_targets: [Int]
    }
    struct Standard: Decodable, Sendable {
        let mean: [Number], scale: [Number], `var`: [Number], first_rows: [[Number]], column_abs_sums: [Number]
    }
    struct Constant: Decodable, Sendable { let input: [[Number]], mean: [Number], scale: [Number], transform: [[Number]] }
    struct MinMax: Decodable, Sendable {
        let feature_range: [Double], data_min: [Number], data_max: [Number], scale: [Number], min: [Number]
        let first_rows: [[Number]], column_sums: [Number]
    }
    struct Transformed: Decodable, Sendable { let transform: [[Number]] }
    struct ImputerRun: Decodable, Sendable { let statistics: [Number]?, transform: [[Number]] }
    struct Imputer: Decodable, Sendable { let input: [[Number]], strategies: [String: ImputerRun] }
    struct OneHot: Decodable, Sendable {
        let input: [[Number]], categories: [[Double]], transform: [[Number]], unseen: [[Number]]
        let unseen_transform: [[Number]], feature_names: [String]
    }
    struct Labels: Decodable, Sendable { let input: [String], classes: [String], transform: [Int] }
    struct Preprocessing: Decodable, Sendable {
        let standard_wine: Standard, standard_constant: Constant, minmax_wine: MinMax, minmax_constant: Transformed
        let imputer: Imputer, onehot: OneHot, label_encoder: Labels
    }
    struct Splits: Decodable, Sendable {
        let kfold_23_5: [[Int]], stratified_y: [Int], stratified_3: [[Int]]
    }
    let generator: [String: String]
    let datasets: [String: DatasetEntry]
    let preprocessing: Preprocessing
    let splits: Splits

    static let shared: Result<ReferenceFixture, any Error> = Result { try Fixtures.json("datasets/reference.json") }
    static func load() throws -> ReferenceFixture { try shared.get() }
}
