// Issue 5's coverage check: over 200 seeded random calibration/test splits of real data, the mean empirical
// coverage of every method lies in [1 − α, 1 − α + 0.03] for α = 0.1 and 0.05.
//
// Probabilities are 5-fold out-of-fold predict_proba of a scikit-learn logistic regression on the bundled digits
// (test accuracy 0.969); regression uses out-of-fold linear-regression and gradient-boosting quantile predictions
// on scikit-learn's diabetes data (442 rows). Both are stored in evaluation/conformal_coverage.json.
//
// Calibration sizes are chosen so the test is decisive rather than lucky: with n calibration scores the exact
// expected coverage is ⌈(n+1)(1−α)⌉/(n+1); for n + 1 ≡ 19 (mod 20) that is 1 − α + 0.9/(n+1) (α = 0.1) and
// 1 − α + 0.95/(n+1) (α = 0.05), about three standard deviations of the mean over 200 splits above 1 − α, while
// a quantile one rank too low would fall below it.
import Foundation
import Testing
import TestSupport
import Datasets
import Evaluation

@Suite struct ConformalCoverageTests {
    static let splits = 200
    static let alphas = [0.1, 0.05]

    struct Digits {
        let probabilities: [[Double]], labels: [Int]
    }

    static let digits: Digits = {
        let d = ConformalFixtures.coverage["digits"]!
        return Digits(probabilities: d["probabilities"]!.rows, labels: d["labels"]!.ints)
    }()

    @Test func storedLabelsAreTheBundledDigits() throws {
        let bundled = try BundledDataset.load("digits")
        #expect(bundled.targets?.integers == Self.digits.labels)
        #expect(Self.digits.probabilities.count == 1797 && Self.digits.probabilities.allSatisfy { $0.count == 10 })
    }

    /// Mean coverage and set size of `method` over the splits, for each α.
    private func classificationRuns(_ configuration: (UInt64) -> SplitConformalClassifier, calibrationCount: Int,
                                    stratified: Bool) throws -> [(coverage: Double, size: Double)] {
        let d = Self.digits, n = d.labels.count
        var sums = Array(repeating: (coverage: 0.0, size: 0.0), count: Self.alphas.count)
        for split in 0..<Self.splits {
            let seed = UInt64(split)
            let (calibration, test) = try trainTestSplitIndices(
                count: n, testFraction: (Double(n - calibrationCount) - 0.5) / Double(n),
                stratifyBy: stratified ? d.labels.map(Double.init) : nil, seed: seed)
            let fitted = try configuration(seed).fit(probabilities: calibration.map { d.probabilities[$0] },
                                                     labels: calibration.map { d.labels[$0] })
            let testProbabilities = test.map { d.probabilities[$0] }, testLabels = test.map { d.labels[$0] }
            for (j, alpha) in Self.alphas.enumerated() {
                let sets = try fitted.predictionSets(testProbabilities, alpha: alpha)
                sums[j].coverage += try ConformalMetrics.coverage(sets, labels: testLabels)
                sums[j].size += try ConformalMetrics.meanSetSize(sets)
            }
        }
        return sums.map { ($0.coverage / Double(Self.splits), $0.size / Double(Self.splits)) }
    }

    private func expectCoverage(_ runs: [(coverage: Double, size: Double)], _ name: String, what: String = "set size",
                                upperSlack: Double? = 0.03, sourceLocation: SourceLocation = #_sourceLocation) {
        for (alpha, run) in zip(Self.alphas, runs) {
            print("conformal coverage \(name) α = \(alpha): mean coverage \(String(format: "%.4f", run.coverage)), "
                  + "mean \(what) \(String(format: "%.3f", run.size))")
            #expect(run.coverage >= 1 - alpha && run.coverage <= 1 - alpha + (upperSlack ?? 1),
                    "\(name) α = \(alpha): mean coverage \(run.coverage)", sourceLocation: sourceLocation)
        }
    }

    @Test func lacCovers() throws {
        expectCoverage(try classificationRuns({ _ in SplitConformalClassifier(score: .lac) }, calibrationCount: 198, stratified: false), "LAC")
    }

    @Test func randomizedAPSCovers() throws {
        expectCoverage(try classificationRuns({ SplitConformalClassifier(score: .aps(randomized: true), seed: $0) },
                                              calibrationCount: 198, stratified: false), "APS (randomised)")
    }

    @Test func randomizedRAPSCovers() throws {
        expectCoverage(try classificationRuns({ SplitConformalClassifier(score: .raps(lambda: 0.01, kReg: 2, randomized: true), seed: $0) },
                                              calibrationCount: 198, stratified: false), "RAPS (randomised, λ = 0.01, k_reg = 2)")
    }

    /// Deterministic APS always keeps the top class, so on a 97%-accurate model it over-covers: only the lower
    /// bound is a guarantee.
    @Test func deterministicAPSCoversConservatively() throws {
        expectCoverage(try classificationRuns({ _ in SplitConformalClassifier(score: .aps(randomized: false)) },
                                              calibrationCount: 198, stratified: false), "APS (deterministic)", upperSlack: nil)
    }

    /// Class-conditional: 58 calibration rows per class on average (n_c + 1 ≈ 59 ≡ 19 mod 20), stratified.
    @Test func mondrianLACCovers() throws {
        expectCoverage(try classificationRuns({ _ in SplitConformalClassifier(score: .lac, classConditional: true) },
                                              calibrationCount: 580, stratified: true), "Mondrian LAC")
    }

    @Test func regressionCovers() throws {
        let r = ConformalFixtures.coverage["diabetes"]!
        let truth = r["truth"]!.doubles, predictions = r["predictions"]!.doubles
        let quantiles = [(r["quantile_0.05"]!.doubles, r["quantile_0.95"]!.doubles),
                         (r["quantile_0.025"]!.doubles, r["quantile_0.975"]!.doubles)]
        let n = truth.count, calibrationCount = 98
        var residual = Array(repeating: (coverage: 0.0, size: 0.0), count: 2), cqr = residual
        for split in 0..<Self.splits {
            let (cal, test) = try trainTestSplitIndices(count: n, testFraction: (Double(n - calibrationCount) - 0.5) / Double(n),
                                                        seed: UInt64(split))
            let split = try SplitConformalRegressor.fit(predictions: cal.map { predictions[$0] }, truth: cal.map { truth[$0] })
            for (j, alpha) in Self.alphas.enumerated() {
                let a = try split.intervals(test.map { predictions[$0] }, alpha: alpha)
                residual[j].coverage += try ConformalMetrics.coverage(a, truth: test.map { truth[$0] })
                residual[j].size += try ConformalMetrics.meanWidth(a)
                let (lo, hi) = quantiles[j]
                let fitted = try ConformalizedQuantileRegressor.fit(lower: cal.map { lo[$0] }, upper: cal.map { hi[$0] },
                                                                    truth: cal.map { truth[$0] })
                let b = try fitted.intervals(lower: test.map { lo[$0] }, upper: test.map { hi[$0] }, alpha: alpha)
                cqr[j].coverage += try ConformalMetrics.coverage(b, truth: test.map { truth[$0] })
                cqr[j].size += try ConformalMetrics.meanWidth(b)
            }
        }
        let mean = { (s: [(coverage: Double, size: Double)]) in s.map { ($0.coverage / Double(Self.splits), $0.size / Double(Self.splits)) } }
        expectCoverage(mean(residual), "absolute residual (diabetes)", what: "interval width")
        expectCoverage(mean(cqr), "CQR (diabetes)", what: "interval width")
    }
}
