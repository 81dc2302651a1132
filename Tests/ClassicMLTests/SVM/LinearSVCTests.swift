import Foundation
import Tensors
import Testing
import TestSupport
@testable import ClassicML

@Suite("LinearSVC")
struct LinearSVCTests {
    @Test(arguments: ["iris", "wine", "breast_cancer", "digits"])
    func matchesScikitLearn(dataset: String) throws {
        let c = SVMFixtures.named(dataset)
        let (x, y, testX, testY) = try SVMFixtures.split(c)
        // Defaults (squared hinge, C 1, tol 1e-4, 1000 passes): the accuracy.
        let ours = try LinearSVC().fit(x, y).score(testX, Tensor(testY))
        print("\(dataset) LinearSVC: accuracy \(ours) vs scikit-learn \(c.linear_svc.accuracy)")
        #expect(abs(ours - c.linear_svc.accuracy) <= tolerance(points: 0.01, rows: testY.count))
        // Solved tightly, both losses: the unique optimum, so the weights agree.
        for (loss, reference) in [(LinearSVC.Loss.squaredHinge, c.linear_svc_exact), (.hinge, c.linear_svc_hinge)] {
            let model = try LinearSVC(loss: loss, tolerance: 1e-8, maxIterations: 1_000_000).fit(x, y)
            #expect(model.converged)
            let ourWeights = model.coefficients + model.intercepts, theirs = reference.coef + reference.intercept
            let scale = theirs.map(abs).max()!
            let error = maxAbsDifference(ourWeights, theirs) / scale
            print("  \(loss): weights differ by \(error) relative, accuracy \(try model.score(testX, Tensor(testY))) vs \(reference.accuracy)")
            #expect(error < (loss == .hinge ? 1e-3 : 1e-4), "\(dataset) \(loss)")
            #expect(abs(try model.score(testX, Tensor(testY)) - reference.accuracy) <= tolerance(points: 0.01, rows: testY.count))
        }
    }

    @Test func decisionShapesAndBinaryOrientation() throws {
        let (x, y, testX, _) = try SVMFixtures.split(SVMFixtures.named("breast_cancer"))
        let model = try LinearSVC().fit(x, y)
        let d = try model.decisionFunction(testX)
        #expect(d.shape == [testX.shape[0]])
        #expect(try model.predict(testX).doubles == d.doubles.map { $0 > 0 ? model.classes[1] : model.classes[0] })
        let (xi, yi, testXi, _) = try SVMFixtures.split(SVMFixtures.named("iris"))
        #expect(try LinearSVC().fit(xi, yi).decisionFunction(testXi).shape == [testXi.shape[0], 3])
    }

    @Test func conformsToTheEstimatorChecks() throws {
        let (x, y, _, _) = try SVMFixtures.split(SVMFixtures.named("wine"))
        try checkEstimator(LinearSVC(), x: x, y: y) { (m, x) throws(ClassicMLError) in try m.decisionFunction(x) }
        try checkEstimator(LinearSVC(loss: .hinge, classWeighting: .balanced), x: x, y: y) { (m, x) throws(ClassicMLError) in try m.predict(x) }
        for bad in [LinearSVC(c: -1), LinearSVC(tolerance: 0), LinearSVC(maxIterations: 0), LinearSVC(interceptScaling: .nan)] {
            #expect(throws: ClassicMLError.self) { _ = try bad.fit(x, y) }
        }
    }
}
