import Foundation
import Tensors
import Testing
import TestSupport
@testable import ClassicML

@Suite("TruncatedSVD")
struct TruncatedSVDTests {
    @Test func truncatedSVDMatchesScikitLearnOnDigits() throws {
        let reference = OtherFixtures.shared.truncated_svd
        let d = try referenceData("digits")
        let model = try TruncatedSVD(components: 16).fit(Tensor(d.x, shape: [d.rows, d.columns]))
        let worst = zip(model.components.doubles, reference.components).map { abs($0 - $1) }.max()!
        #expect(worst <= 1e-4, "largest component difference \(worst)")
        for (a, b) in zip(model.singularValues, reference.singular_values) { #expect(abs(a - b) <= 1e-8 * b) }
        for (a, b) in zip(model.explainedVariance, reference.explained_variance) { #expect(abs(a - b) <= 1e-6 * b) }
        for (a, b) in zip(model.explainedVarianceRatio, reference.explained_variance_ratio) { #expect(abs(a - b) <= 1e-6 * b) }
        let x = Tensor(d.x, shape: [d.rows, d.columns])
        try checkEstimator(TruncatedSVD(components: 4), x: x, y: nil) { m, x throws(ClassicMLError) in try m.transform(x) }
        #expect(throws: ClassicMLError.tooFewSamples(what: "TruncatedSVD with 65 components (at most min(samples, features))", needed: 65, found: 64)) {
            _ = try TruncatedSVD(components: 65).fit(x)
        }
    }
}
