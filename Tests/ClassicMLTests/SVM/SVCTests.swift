import Foundation
import Tensors
import Testing
import TestSupport
@testable import ClassicML

@Suite("SVC")
struct SVCTests {
    static let kernels: [String: SVMKernel] = ["rbf": .rbf(), "poly": .polynomial(degree: 3, coef0: 1)]

    /// libsvm stops when the largest KKT violation is below 1e-3, so two solvers on one problem agree on the
    /// dual coefficients and decision values only to about that, scaled by the kernel's size; these bounds are
    /// a few times the differences seen.
    @Test(arguments: ["iris", "wine", "breast_cancer", "digits"], ["rbf", "poly"])
    func matchesScikitLearn(dataset: String, kernelName: String) throws {
        let c = SVMFixtures.named(dataset)
        let reference = kernelName == "rbf" ? c.svc_rbf : c.svc_poly
        let (x, y, testX, testY) = try SVMFixtures.split(c)
        let model = try SVC(kernel: Self.kernels[kernelName]!).fit(x, y)
        #expect(model.converged)
        #expect(abs(model.gamma - reference.gamma) < 1e-9 * reference.gamma)
        let ours = accuracy(try model.predict(testX), testY)
        print("\(dataset) SVC \(kernelName): accuracy \(ours) vs scikit-learn \(reference.accuracy), supports \(model.supportCounts) vs \(reference.n_support)")
        #expect(abs(ours - reference.accuracy) <= tolerance(points: 0.01, rows: testY.count))
        // Support vectors: the same rows, up to a few whose α is within the tolerance of 0.
        let total = reference.n_support.reduce(0, +)
        let common = Set(model.supportIndices).intersection(reference.support).count
        #expect(total - common <= max(2, total / 100) && model.supportIndices.count - common <= max(2, total / 100),
                "\(dataset) \(kernelName): \(model.supportIndices.count) supports, \(total) in scikit-learn, \(common) shared")
        for (ours, theirs) in zip(model.supportCounts, reference.n_support) { #expect(abs(ours - theirs) <= max(2, theirs / 50)) }
        // Dual coefficients compared row by support vector (matched by training index).
        let k = model.classes.count
        let ourCoefficients = model.dualCoefficients.doubles
        var worst = 0.0
        for (column, index) in reference.support.enumerated() {
            let ourColumn = model.supportIndices.firstIndex(of: index)
            for r in 0..<(k - 1) {
                let theirs = reference.dual_coef[r * total + column]
                let mine = ourColumn.map { ourCoefficients[r * model.supportIndices.count + $0] } ?? 0
                worst = max(worst, abs(mine - theirs))
            }
        }
        #expect(worst < 0.05, "\(dataset) \(kernelName): dual coefficients differ by \(worst) (C = 1)")
        let interceptError = maxAbsDifference(model.intercepts, reference.intercept)
        #expect(interceptError < 0.01, "\(dataset) \(kernelName): intercepts differ by \(interceptError)")
        // One-vs-one decisions (libsvm's orientation: positive favours the pair's first class; scikit-learn flips
        // the single pair of a binary problem).
        let head = testX.narrowed(axis: 0, start: 0, length: min(40, testY.count))
        let pairwise = try model.pairwiseDecisionFunction(head).doubles.map { k == 2 ? -$0 : $0 }
        let pairwiseError = maxAbsDifference(pairwise, reference.decision_ovo)
        #expect(pairwiseError < 0.01, "\(dataset) \(kernelName): one-vs-one decision values differ by \(pairwiseError)")
        // The default decision function. In the one-vs-rest shape (votes + confidences within ±1/3) a pair whose
        // decision is within the solver's tolerance of 0 may vote the other way, a jump of 1: rows whose votes
        // differ are left out, and must be rare.
        let decision = try model.decisionFunction(testX).doubles
        let width = k == 2 ? 1 : k
        var decisionError = 0.0, undecided = 0
        for r in 0..<testY.count {
            let mine = Array(decision[(r * width)..<((r + 1) * width)]), theirs = Array(reference.decision[(r * width)..<((r + 1) * width)])
            if k > 2 && mine.map({ $0.rounded() }) != theirs.map({ $0.rounded() }) { undecided += 1; continue }
            decisionError = max(decisionError, maxAbsDifference(mine, theirs))
        }
        #expect(undecided <= 2)
        #expect(decisionError < 0.01, "\(dataset) \(kernelName): decision values differ by \(decisionError)")
        print("  dual \(worst), intercepts \(interceptError), decisions \(decisionError) (\(undecided) rows with another vote left out), pairwise \(pairwiseError)")
    }

    @Test(arguments: ["iris", "wine", "breast_cancer"])
    func probabilitiesAreCloseToScikitLearns(dataset: String) throws {
        let c = SVMFixtures.named(dataset)
        let (x, y, testX, _) = try SVMFixtures.split(c)
        let model = try SVC(probability: true, seed: 0).fit(x, y)
        let p = try model.predictProbabilities(testX).doubles
        let k = model.classes.count
        for r in 0..<(p.count / k) { #expect(abs(p[(r * k)..<((r + 1) * k)].reduce(0, +) - 1) < 1e-9) }
        // Other cross-validation folds than libsvm's (another random stream): the sigmoids differ a little.
        let meanError = zip(p, c.svc_proba!.probabilities).map { abs($0 - $1) }.reduce(0, +) / Double(p.count)
        print("\(dataset) SVC probabilities: mean |ours − scikit-learn| = \(meanError)")
        #expect(meanError < 0.03)
        #expect(try model.predictProbabilities(testX).doubles == (try SVC(probability: true, seed: 0).fit(x, y).predictProbabilities(testX)).doubles)
    }

    @Test func probabilitiesNeedTheOption() throws {
        let (x, y, testX, _) = try SVMFixtures.split(SVMFixtures.named("iris"))
        let model = try SVC().fit(x, y)
        #expect(throws: ClassicMLError.probabilitiesNotFitted(model: "SVC")) { _ = try model.predictProbabilities(testX) }
    }

    @Test func smallCacheAndNoShrinkingGiveTheSameModel() throws {
        let (x, y, testX, _) = try SVMFixtures.split(SVMFixtures.named("breast_cancer"))
        let full = try SVC().fit(x, y)
        // 0.2 MB holds ~120 of 426 kernel rows: rows are computed on demand and evicted least recently used first.
        let small = try SVC(cacheMegabytes: 0.2).fit(x, y)
        let plain = try SVC(shrinking: false).fit(x, y)
        let d = try full.decisionFunction(testX).doubles
        #expect(maxAbsDifference(try small.decisionFunction(testX).doubles, d) < 1e-4)
        #expect(maxAbsDifference(try plain.decisionFunction(testX).doubles, d) < 5e-3)
        #expect(try small.predict(testX).doubles == (try full.predict(testX)).doubles)
    }

    @Test func kernelRowCacheEvictsTheLeastRecentlyUsedRow() {
        var computed = [Int]()
        let cache = KernelRowCache(size: 10, budgetBytes: 3 * 10 * 4) { indices, out in
            computed += indices
            for (r, i) in indices.enumerated() { for k in 0..<10 { out[r * 10 + k] = Float(i * 100 + k) } }
        }
        #expect(cache.capacity == 3)
        _ = cache.row(1); _ = cache.row(2); _ = cache.row(3)
        _ = cache.row(1)  // 2 is now the least recently used
        let four = cache.row(4)
        #expect(four[7] == 407)
        _ = cache.row(1); _ = cache.row(3)
        _ = cache.row(2)  // recomputed: it was evicted
        #expect(computed == [1, 2, 3, 4, 2])
    }

    @Test func linearAndSigmoidKernelsFit() throws {
        let (x, y, testX, testY) = try SVMFixtures.split(SVMFixtures.named("breast_cancer"))
        for kernel in [SVMKernel.linear, .sigmoid(gamma: .auto, coef0: 0), .rbf(gamma: .value(0.05))] {
            let model = try SVC(kernel: kernel).fit(x, y)
            #expect(accuracy(try model.predict(testX), testY) > 0.9, "\(kernel)")
        }
    }

    @Test func classWeightsScaleEachClassesBound() throws {
        let (x, y, _, _) = try SVMFixtures.split(SVMFixtures.named("iris"))
        // Class 0 bound C·0.1 = 0.1: its support vectors' |yα| stay within it and some reach it (iris class 0 is
        // separable, but with that bound margin violators sit at the bound).
        let model = try SVC(c: 1, classWeighting: .custom([0: 0.1])).fit(x, y)
        let n = model.supportIndices.count, coef = model.dualCoefficients.doubles
        let classZero = 0..<model.supportCounts[0]
        let bounds = classZero.flatMap { v in (0..<2).map { abs(coef[$0 * n + v]) } }
        #expect(bounds.allSatisfy { $0 <= 0.1 + 1e-12 })
        #expect(bounds.contains { abs($0 - 0.1) < 1e-12 })
        let balanced = try ClassWeighting.balanced.weights(classes: [0, 1], codes: [0, 0, 0, 1])
        #expect(balanced == [4.0 / 6, 2])
    }

    @Test func pairwiseCouplingRecoversConsistentProbabilities() {
        let p = [0.5, 0.3, 0.2]
        var r = [Double](repeating: 0, count: 9)
        for i in 0..<3 { for j in 0..<3 where i != j { r[i * 3 + j] = p[i] / (p[i] + p[j]) } }
        #expect(maxAbsDifference(PlattScaling.couple(r, classes: 3), p) < 1e-3)
    }

    @Test func conformsToTheEstimatorChecks() throws {
        let (x, y, _, _) = try SVMFixtures.split(SVMFixtures.named("iris"))
        try checkEstimator(SVC(probability: true), x: x, y: y) { (m, x) throws(ClassicMLError) in try m.predictProbabilities(x) }
        try checkEstimator(SVC(kernel: .polynomial()), x: x, y: y) { (m, x) throws(ClassicMLError) in try m.decisionFunction(x) }
        #expect(throws: ClassicMLError.singleClass(label: 0)) { _ = try SVC().fit(x, Tensor.zeros([x.shape[0]], dtype: .float64)) }
        for bad in [SVC(c: 0), SVC(tolerance: -1), SVC(cacheMegabytes: 0), SVC(kernel: .rbf(gamma: .value(-1))), SVC(kernel: .polynomial(degree: -1))] {
            #expect(throws: ClassicMLError.self) { _ = try bad.fit(x, y) }
        }
    }
}
