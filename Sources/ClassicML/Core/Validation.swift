// Checks every estimator runs on its inputs before fitting or predicting.
import Tensors

public enum Validation {
    /// `x` as a row-major Float64 matrix, checked to be 2-D, non-empty and finite.
    public static func matrix(_ x: Tensor, allowNaN: Bool = false) throws(ClassicMLError) -> (values: [Double], rows: Int, columns: Int) {
        guard x.rank == 2 else { throw .invalidShape(expected: "a 2-D [samples, features] matrix", found: x.shape) }
        let (rows, columns) = (x.shape[0], x.shape[1])
        guard rows > 0 && columns > 0 else { throw .emptyDataset }
        let values = x.doubles
        for (i, v) in values.enumerated() where !v.isFinite && !(allowNaN && v.isNaN) {
            throw .nonFinite(row: i / columns, column: i % columns)
        }
        return (values, rows, columns)
    }

    /// Targets as Float64, one per row, finite.
    public static func targets(_ y: Tensor?, rows: Int) throws(ClassicMLError) -> [Double] {
        guard let y else { throw .invalidTargets("this model needs targets y") }
        guard y.rank == 1 || (y.rank == 2 && y.shape[1] == 1) else {
            throw .invalidTargets("targets must be [samples], got shape \(y.shape)")
        }
        guard y.shape[0] == rows else { throw .lengthMismatch(features: rows, targets: y.shape[0]) }
        let values = y.doubles
        if let bad = values.firstIndex(where: { !$0.isFinite }) { throw .invalidTargets("target at row \(bad) is NaN or infinite") }
        return values
    }

    /// Sorted distinct labels and each row's code; throws for a single class.
    public static func classes(_ y: [Double]) throws(ClassicMLError) -> (classes: [Double], codes: [Int]) {
        let classes = Array(Set(y)).sorted()
        guard classes.count >= 2 else { throw .singleClass(label: classes.first ?? .nan) }
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        return (classes, y.map { index[$0]! })
    }

    /// Checks the width of a prediction input.
    public static func features(_ x: Tensor, expected: Int) throws(ClassicMLError) -> (values: [Double], rows: Int) {
        let m = try matrix(x)
        guard m.columns == expected else { throw .featureCountMismatch(expected: expected, found: m.columns) }
        return (m.values, m.rows)
    }
}
