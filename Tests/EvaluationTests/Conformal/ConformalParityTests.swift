// Conformal thresholds, prediction sets and intervals against MAPIE 1.6 (and the papers' formulas in NumPy where
// MAPIE's definition differs), on the fixed inputs of evaluation/conformal.json.
import Testing
import TestSupport
import Evaluation

@Suite struct ConformalParityTests {
    let c = ConformalFixtures.parity["classification"]!
    var alphas: [Double] { c["alphas"]!.doubles }
    var calibration: [[Double]] { c["calibration_probabilities"]!.rows }
    var labels: [Int] { c["calibration_labels"]!.ints }
    var test: [[Double]] { c["test_probabilities"]!.rows }

    @Test func thresholdIsTheCeilingOrderStatistic() throws {
        for q in ConformalFixtures.parity["quantiles"]!.array! {
            let scores = q["scores"]!.doubles
            for (alpha, expected) in zip(q["alphas"]!.doubles, q["thresholds"]!.thresholds) {
                let found = try ConformalQuantile.threshold(scores, alpha: alpha, policy: .infiniteThreshold)
                #expect(found == expected, "n = \(scores.count), α = \(alpha): \(found) vs MAPIE \(expected)")
            }
        }
    }

    @Test func lacMatchesMAPIE() throws {
        let fitted = try SplitConformalClassifier(score: .lac).fit(probabilities: calibration, labels: labels)
        for (j, alpha) in alphas.enumerated() {
            expectClose(try fitted.thresholds(alpha: alpha), Array(repeating: c["lac"]!["thresholds"]!.doubles[j], count: 5), "LAC α = \(alpha)")
            expectSameSets(try fitted.predictionSets(test, alpha: alpha).masks, c["lac"]!["sets"]!.array![j].masks, "LAC α = \(alpha)")
        }
    }

    /// MAPIE's APS calibration score is randomised as `cumsum − U·p_y`; with `u = 1 − U` ours is the same number.
    @Test func randomizedAPSMatchesMAPIEGivenItsUniforms() throws {
        let m = c["aps_mapie"]!
        let uCal = m["calibration_uniforms"]!.doubles, uTest = m["test_uniforms"]!.doubles
        let score = ConformalScore.aps(randomized: true)
        let scores = calibration.indices.map { score.score(calibration[$0], label: labels[$0], uniform: 1 - uCal[$0]) }
        expectClose(scores, m["calibration_scores"]!.doubles, "APS randomised calibration scores")
        for (j, alpha) in alphas.enumerated() {
            let tau = try ConformalQuantile.threshold(scores, alpha: alpha)
            expectClose([tau], [m["thresholds"]!.doubles[j]], "APS threshold α = \(alpha)")
            let deterministic = test.map { ConformalScore.aps(randomized: false).predictionSet($0, threshold: tau) }
            expectSameSets(deterministic, m["sets"]!.array![j].masks, "APS include_last_label=True α = \(alpha)")
            let randomized = test.indices.map { score.predictionSet(test[$0], threshold: tau, uniform: 1 - uTest[$0]) }
            expectSameSets(randomized, m["randomized_sets"]!.array![j].masks, "APS randomised α = \(alpha)")
        }
    }

    @Test func deterministicAPSAndRAPSMatchMAPIE() throws {
        for case_ in c["deterministic"]!.array! {
            let score: ConformalScore = case_["score"]!.string == "aps" ? .aps(randomized: false)
                : .raps(lambda: case_["lambda"]!.double!, kReg: case_["k_reg"]!.int!, randomized: false)
            let scores = calibration.indices.map { score.score(calibration[$0], label: labels[$0]) }
            expectClose(scores, case_["calibration_scores"]!.doubles, "\(score) calibration scores")
            let fitted = try SplitConformalClassifier(score: score).fit(probabilities: calibration, labels: labels)
            for (j, alpha) in alphas.enumerated() {
                expectClose([try fitted.thresholds(alpha: alpha)[0]], [case_["thresholds"]!.doubles[j]], "\(score) α = \(alpha)")
                expectSameSets(try fitted.predictionSets(test, alpha: alpha).masks, case_["sets"]!.array![j].masks,
                               "\(score) sets α = \(alpha)")
            }
        }
    }

    @Test func randomizedRAPSMatchesThePaper() throws {
        for case_ in c["raps_randomized"]!.array! {
            let score = ConformalScore.raps(lambda: case_["lambda"]!.double!, kReg: case_["k_reg"]!.int!, randomized: true)
            let uCal = case_["calibration_uniforms"]!.doubles, uTest = case_["test_uniforms"]!.doubles
            let scores = calibration.indices.map { score.score(calibration[$0], label: labels[$0], uniform: uCal[$0]) }
            expectClose(scores, case_["calibration_scores"]!.doubles, "\(score) calibration scores")
            for (j, alpha) in alphas.enumerated() {
                let tau = try ConformalQuantile.threshold(scores, alpha: alpha)
                expectClose([tau], [case_["thresholds"]!.doubles[j]], "\(score) α = \(alpha)")
                let sets = test.indices.map { score.predictionSet(test[$0], threshold: tau, uniform: uTest[$0]) }
                expectSameSets(sets, case_["sets"]!.array![j].masks, "\(score) sets α = \(alpha)")
            }
        }
    }

    @Test func mondrianHasOneMAPIEQuantilePerClass() throws {
        let m = c["mondrian"]!
        let fitted = try SplitConformalClassifier(score: .lac, classConditional: true).fit(probabilities: calibration, labels: labels)
        #expect(fitted.calibrationScores.map(\.count) == m["class_counts"]!.ints)
        for (j, alpha) in m["alphas"]!.doubles.enumerated() {
            expectClose(try fitted.thresholds(alpha: alpha), m["thresholds"]!.array![j].thresholds, "Mondrian α = \(alpha)")
            expectSameSets(try fitted.predictionSets(test, alpha: alpha).masks, m["sets"]!.array![j].masks, "Mondrian α = \(alpha)")
        }
    }

    @Test func regressionIntervalsMatchMAPIE() throws {
        let r = ConformalFixtures.parity["regression"]!
        let split = try SplitConformalRegressor.fit(predictions: r["calibration_predictions"]!.doubles,
                                                    truth: r["calibration_truth"]!.doubles)
        let cqr = try ConformalizedQuantileRegressor.fit(lower: r["calibration_lower"]!.doubles, upper: r["calibration_upper"]!.doubles,
                                                         truth: r["calibration_truth"]!.doubles)
        for (j, alpha) in r["alphas"]!.doubles.enumerated() {
            let s = try split.intervals(r["test_predictions"]!.doubles, alpha: alpha)
            expectClose(s.lower, r["split"]!["lower"]!.array![j].doubles, "split lower α = \(alpha)")
            expectClose(s.upper, r["split"]!["upper"]!.array![j].doubles, "split upper α = \(alpha)")
            expectClose([try split.threshold(alpha: alpha)], [r["split"]!["thresholds"]!.doubles[j]], "split q α = \(alpha)")
            let q = try cqr.intervals(lower: r["test_lower"]!.doubles, upper: r["test_upper"]!.doubles, alpha: alpha)
            expectClose(q.lower, r["cqr"]!["lower"]!.array![j].doubles, "CQR lower α = \(alpha)")
            expectClose(q.upper, r["cqr"]!["upper"]!.array![j].doubles, "CQR upper α = \(alpha)")
            expectClose([try cqr.threshold(alpha: alpha)], [r["cqr"]!["thresholds"]!.doubles[j]], "CQR q α = \(alpha)")
        }
    }
}
