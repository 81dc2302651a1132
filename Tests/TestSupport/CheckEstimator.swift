// checkEstimator: the scikit-learn common checks that apply to every SwiftLearn estimator (catalogue N6).
import ClassicML
import Foundation
import Tensors
import Testing

/// Runs the shared conformance checks on `estimator` with data `x` (and `y` for supervised models):
/// 1. `fit` leaves its inputs unchanged;
/// 2. fitting twice gives bit-identical predictions (same seed → same model);
/// 3. save → load round-trips to bit-identical predictions;
/// 4. bad input throws the typed error: NaN features (unless `acceptsNaN`), a wrong feature count at predict time,
///    an empty dataset, and for supervised models targets of another length.
/// `predict` maps a fitted model and features to the output compared (labels, values, or cluster indices).
public func checkEstimator<E: Estimator>(
    _ estimator: E, x: Tensor, y: Tensor?, acceptsNaN: Bool = false,
    predict: (E.Fitted, Tensor) throws(ClassicMLError) -> Tensor,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    // Bit patterns, so that NaN features (estimators that accept them) compare equal to themselves.
    let xBefore = x.doubles.map(\.bitPattern), yBefore = y?.doubles
    let first = try estimator.fit(x, y)
    #expect(x.doubles.map(\.bitPattern) == xBefore, "fit changed its features", sourceLocation: sourceLocation)
    #expect(y?.doubles == yBefore, "fit changed its targets", sourceLocation: sourceLocation)
    let p1 = try predict(first, x)
    let p2 = try predict(try estimator.fit(x, y), x)
    #expect(p1.doubles == p2.doubles, "refitting with the same configuration changed the predictions", sourceLocation: sourceLocation)

    let url = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlearn-estimator-\(UInt64.random(in: 0...UInt64.max)).safetensors")
    defer { try? FileManager.default.removeItem(at: url) }
    try first.save(to: url)
    let loaded = try E.Fitted.load(from: url)
    #expect(try predict(loaded, x).doubles == p1.doubles, "save → load changed the predictions", sourceLocation: sourceLocation)
    #expect(loaded.featureCount == first.featureCount, sourceLocation: sourceLocation)

    let (rows, columns) = (x.shape[0], x.shape[1])
    if !acceptsNaN {
        var values = x.doubles
        values[columns + 1 < values.count ? columns + 1 : 0] = .nan
        let bad = Tensor(values, shape: x.shape)
        #expect(throws: ClassicMLError.self, "NaN features must be rejected", sourceLocation: sourceLocation) { _ = try estimator.fit(bad, y) }
    }
    let narrow = Tensor.zeros([2, columns + 1], dtype: .float64)
    #expect(throws: ClassicMLError.featureCountMismatch(expected: columns, found: columns + 1), sourceLocation: sourceLocation) {
        _ = try predict(first, narrow)
    }
    #expect(throws: ClassicMLError.self, "an empty dataset must be rejected", sourceLocation: sourceLocation) {
        _ = try estimator.fit(Tensor.zeros([0, columns], dtype: .float64), y.map { _ in Tensor.zeros([0], dtype: .float64) })
    }
    if let y, rows > 1 {
        let short = y.narrowed(axis: 0, start: 0, length: rows - 1)
        #expect(throws: ClassicMLError.lengthMismatch(features: rows, targets: rows - 1), sourceLocation: sourceLocation) {
            _ = try estimator.fit(x, short)
        }
    }
}
