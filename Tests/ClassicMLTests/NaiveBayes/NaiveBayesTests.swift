import Foundation
import Tensors
import Testing
import TestSupport
@testable import ClassicML

@Suite("Naive Bayes")
struct NaiveBayesTests {
    @Test func gaussianProbabilitiesMatchScikitLearnOnIris() throws {
        let d = try referenceData("iris")
        let x = Tensor(d.x, shape: [d.rows, d.columns])
        let p = try GaussianNB().fit(x, Tensor(d.y)).predictProbabilities(x).doubles
        let reference = OtherFixtures.shared.gaussian_nb.probabilities
        #expect(p.count == reference.count)
        let worst = zip(p, reference).map { abs($0 - $1) }.max()!
        #expect(worst <= 1e-6, "largest difference \(worst)")
    }

    @Test func multinomialProbabilitiesMatchScikitLearnOnDigits() throws {
        let reference = OtherFixtures.shared.multinomial_nb
        let d = try referenceData("digits")
        let (train, test) = split("digits", rows: d.rows)
        let model = try MultinomialNB(alpha: reference.alpha).fit(rows(d.x, columns: d.columns, train), Tensor(train.map { d.y[$0] }))
        let p = try model.predictProbabilities(rows(d.x, columns: d.columns, Array(test.prefix(reference.rows)))).doubles
        let worst = zip(p, reference.probabilities).map { abs($0 - $1) }.max()!
        #expect(p.count == reference.probabilities.count)
        #expect(worst <= 1e-6, "largest difference \(worst)")
        let predictions = try model.predict(rows(d.x, columns: d.columns, test)).doubles
        let accuracy = Double(zip(predictions, test).filter { $0 == d.y[$1] }.count) / Double(test.count)
        #expect(abs(accuracy - reference.accuracy) < 1e-12)
    }

    @Test func conformance() throws {
        let d = try referenceData("iris")
        let x = Tensor(d.x, shape: [d.rows, d.columns]), y = Tensor(d.y)
        try checkEstimator(GaussianNB(), x: x, y: y) { m, x throws(ClassicMLError) in try m.predictProbabilities(x) }
        try checkEstimator(MultinomialNB(alpha: 0.5), x: x, y: y) { m, x throws(ClassicMLError) in try m.predictProbabilities(x) }
    }

    @Test func badInput() {
        let x = Tensor([1.0, 2, 3, 4], shape: [2, 2])
        #expect(throws: ClassicMLError.singleClass(label: 1)) { _ = try GaussianNB().fit(x, Tensor([1.0, 1])) }
        #expect(throws: ClassicMLError.singleClass(label: 1)) { _ = try MultinomialNB().fit(x, Tensor([1.0, 1])) }
        #expect(throws: ClassicMLError.negativeValue(row: 1, column: 0)) {
            _ = try MultinomialNB().fit(Tensor([1.0, 2, -3, 4], shape: [2, 2]), Tensor([0.0, 1]))
        }
        #expect(throws: ClassicMLError.featureCountMismatch(expected: 2, found: 1)) {
            _ = try GaussianNB().fit(x, Tensor([0.0, 1])).predict(Tensor([1.0], shape: [1, 1]))
        }
    }
}
