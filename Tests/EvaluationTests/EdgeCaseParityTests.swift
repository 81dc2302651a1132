// Edge cases of the metrics against scikit-learn 1.9.1: single classes, labels never predicted, ties, constant and
// perfect predictors, averaging with a class that never occurs, clipping, weights, empty and non-finite input.
// Each expected value is the scikit-learn expression in the comment beside it.
import Testing
import Evaluation

private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    a.isNaN ? b.isNaN : abs(a - b) <= tolerance * max(1, abs(b))
}

@Suite("Metric edge cases match scikit-learn")
struct EvaluationEdgeCaseParityTests {
    @Test func singleClassAndAbsentPositive() throws {
        // precision_score([0,0,0], [0,0,0]) = 0.0 ; with zero_division=1 → 1.0
        #expect(try ClassificationMetrics.precision([0, 0, 0], [0, 0, 0]) == 0)
        #expect(try ClassificationMetrics.precision([0, 0, 0], [0, 0, 0], zeroDivision: 1) == 1)
        // precision_score([1,1,1], [1,0,1]) = 1.0
        #expect(try ClassificationMetrics.precision([1, 1, 1], [1, 0, 1]) == 1)
        // precision_score([1,0,1,0], [0,0,0,0], zero_division=z) = 0.0, 1.0, nan
        #expect(try ClassificationMetrics.precision([1, 0, 1, 0], [0, 0, 0, 0]) == 0)
        #expect(try ClassificationMetrics.precision([1, 0, 1, 0], [0, 0, 0, 0], zeroDivision: 1) == 1)
        #expect(try ClassificationMetrics.precision([1, 0, 1, 0], [0, 0, 0, 0], zeroDivision: .nan).isNaN)
        // f1_score([1,0,1,0], [0,0,0,0], zero_division=np.nan) = 0.0 (2·tp + fp + fn = 2 ≠ 0)
        #expect(try ClassificationMetrics.f1([1, 0, 1, 0], [0, 0, 0, 0], zeroDivision: .nan) == 0)
    }

    @Test func averagingWithAClassOnlyPredicted() throws {
        let t = [0, 0, 1, 1], p = [0, 2, 1, 1]
        func prf(_ a: Averaging, _ z: Double = 0) throws -> [Double] {
            let s = try ClassificationMetrics.precisionRecallF1(t, p, average: a, zeroDivision: z)
            return [s.precision, s.recall, s.f1]
        }
        // precision_recall_fscore_support([0,0,1,1], [0,2,1,1], average=...)[:3]
        let expected: [(Averaging, Double, [Double])] = [
            (.macro, 0, [0.6666666666666666, 0.5, 0.5555555555555555]),
            (.weighted, 0, [1.0, 0.75, 0.8333333333333333]),
            (.micro, 0, [0.75, 0.75, 0.75]),
            (.macro, 1, [0.6666666666666666, 0.8333333333333334, 0.5555555555555555]),   // zero_division=1
            (.macro, .nan, [0.6666666666666666, 0.75, 0.5555555555555555]),              // zero_division=np.nan
            (.weighted, .nan, [1.0, 0.75, 0.8333333333333333]),                           // zero_division=np.nan
        ]
        for (a, z, e) in expected {
            let got = try prf(a, z)
            #expect(zip(got, e).allSatisfy { close($0, $1) }, "\(a) zeroDivision \(z): \(got) vs \(e)")
        }
        // precision_recall_fscore_support([0,0,1,1,2], [0,2,1,1,2], average="weighted", sample_weight=[1,2,.5,.5,3])
        let w = try ClassificationMetrics.precisionRecallF1([0, 0, 1, 1, 2], [0, 2, 1, 1, 2], average: .weighted,
                                                             sampleWeight: [1, 2, 0.5, 0.5, 3])
        #expect(close(w.precision, 0.8285714285714285) && close(w.recall, 0.7142857142857143) && close(w.f1, 0.6785714285714286))
        // precision_recall_fscore_support([-1,-1,5], [-1,5,5], average="macro") = (0.75, 0.75, 0.6667)
        let n = try ClassificationMetrics.precisionRecallF1([-1, -1, 5], [-1, 5, 5], average: .macro)
        #expect(close(n.precision, 0.75) && close(n.recall, 0.75) && close(n.f1, 0.6666666666666666))
        // balanced_accuracy_score([0,0,1,1], [0,2,1,1]) = 0.75 ; balanced_accuracy_score([0,0,0], [0,1,0]) = 2/3
        #expect(close(ClassificationMetrics.balancedAccuracy(t, p), 0.75))
        #expect(close(ClassificationMetrics.balancedAccuracy([0, 0, 0], [0, 1, 0]), 0.6666666666666666))
    }

    @Test func weightsThatAreAllZeroAreAnError() throws {
        // precision_recall_fscore_support([0,1], [1,0], average="weighted", sample_weight=[0,0]) raises ValueError
        // "Sample weights must contain at least one non-zero number."
        #expect(throws: EvaluationError.self) {
            try ClassificationMetrics.precisionRecallF1([0, 1], [1, 0], average: .weighted, sampleWeight: [0, 0])
        }
        // Same with average="macro", "micro" and "binary".
        for average in [Averaging.macro, .micro, .binary()] {
            #expect(throws: EvaluationError.self) {
                try ClassificationMetrics.precisionRecallF1([0, 1], [1, 0], average: average, sampleWeight: [0, 0])
            }
        }
        // Some weights 0 is fine: precision_recall_fscore_support([0,1,1], [1,0,1], average="macro",
        // sample_weight=[0,1,0]) = (0.0, 0.0, 0.0)
        let partial = try ClassificationMetrics.precisionRecallF1([0, 1, 1], [1, 0, 1], average: .macro, sampleWeight: [0, 1, 0])
        #expect(partial.precision == 0 && partial.recall == 0 && partial.f1 == 0)
    }

    @Test func tiedAndPerfectScoresInRankingMetrics() throws {
        // roc_auc_score([0,1,0,1], [0.5]*4) = 0.5 ; roc_curve(...) = ([0,1], [0,1], [inf, 0.5])
        #expect(try ClassificationMetrics.rocAUC([0, 1, 0, 1], scores: [0.5, 0.5, 0.5, 0.5]) == 0.5)
        let curve = try ClassificationMetrics.rocCurve([0, 1, 0, 1], scores: [0.5, 0.5, 0.5, 0.5])
        #expect(curve.falsePositiveRate == [0, 1] && curve.truePositiveRate == [0, 1] && curve.thresholds == [.infinity, 0.5])
        // roc_auc_score([0,1,0,1,1], [.5,.5,.2,.9,.2]) = 0.6666666666666666
        let t = [0, 1, 0, 1, 1], s = [0.5, 0.5, 0.2, 0.9, 0.2]
        #expect(close(try ClassificationMetrics.rocAUC(t, scores: s), 0.6666666666666666))
        // roc_auc_score([0,0,1,1], [.1,.2,.8,.9]) = 1.0 ; reversed scores → 0.0
        #expect(try ClassificationMetrics.rocAUC([0, 0, 1, 1], scores: [0.1, 0.2, 0.8, 0.9]) == 1)
        #expect(try ClassificationMetrics.rocAUC([0, 0, 1, 1], scores: [0.9, 0.8, 0.2, 0.1]) == 0)
        // roc_auc_score(..., sample_weight=[1,2,0,1,.5]) = 0.5714285714285714
        #expect(close(try ClassificationMetrics.rocAUC(t, scores: s, sampleWeight: [1, 2, 0, 1, 0.5]), 0.5714285714285714))
        // average_precision_score([0,1,0,1,1], [0.5]*5) = 0.6 ; with s → 0.7555555555555555 ; weighted → 0.8253968253968254
        #expect(close(try ClassificationMetrics.averagePrecision(t, scores: [0.5, 0.5, 0.5, 0.5, 0.5]), 0.6))
        #expect(close(try ClassificationMetrics.averagePrecision(t, scores: s), 0.7555555555555555))
        #expect(close(try ClassificationMetrics.averagePrecision(t, scores: s, sampleWeight: [1, 2, 0, 1, 0.5]), 0.8253968253968254))
        // average_precision_score([0,0,0], [.1,.5,.3]) = 0.0 ; average_precision_score([1,1,1], ...) = 1.0
        #expect(try ClassificationMetrics.averagePrecision([0, 0, 0], scores: [0.1, 0.5, 0.3]) == 0)
        #expect(try ClassificationMetrics.averagePrecision([1, 1, 1], scores: [0.1, 0.5, 0.3]) == 1)
        // precision_recall_curve([0,1,0,1,1,0], [.5,.5,.2,.9,.2,.1], drop_intermediate=True)
        let pr = try ClassificationMetrics.precisionRecallCurve([0, 1, 0, 1, 1, 0], scores: [0.5, 0.5, 0.2, 0.9, 0.2, 0.1],
                                                                dropIntermediate: true)
        #expect(pr.thresholds == [0.1, 0.2, 0.5, 0.9])
        #expect(zip(pr.precision, [0.5, 0.6, 0.6666666666666666, 1, 1]).allSatisfy { close($0, $1) })
        #expect(zip(pr.recall, [1, 1, 0.6666666666666666, 0.3333333333333333, 0]).allSatisfy { close($0, $1) })
        // roc_auc_score([1,1,1], ...) warns and returns nan; here a typed error, as documented on rocCurve.
        #expect(throws: EvaluationError.self) { try ClassificationMetrics.rocAUC([1, 1, 1], scores: [0.1, 0.2, 0.3]) }
    }

    @Test func oneVsRestWithTiesAndAbsentClasses() throws {
        let t = [0, 1, 2, 2]
        let p = [[0.6, 0.2, 0.2], [0.2, 0.6, 0.2], [0.2, 0.2, 0.6], [0.4, 0.3, 0.3]]
        let third = 1.0 / 3, uniform = Array(repeating: [third, third, third], count: 4)
        // roc_auc_score(t, p, multi_class="ovr") = 1.0 ; uniform scores, average="weighted" → 0.5
        #expect(try ClassificationMetrics.rocAUC(t, probabilities: p) == 1)
        #expect(try ClassificationMetrics.rocAUC(t, probabilities: uniform, average: .weighted) == 0.5)
        // roc_auc_score([0,1,1,0], p, multi_class="ovr") raises ValueError (class 2 not in y_true)
        #expect(throws: EvaluationError.self) { try ClassificationMetrics.rocAUC([0, 1, 1, 0], probabilities: p) }
        // average_precision_score(np.array(t), np.array(uniform)) = 0.3333333333333333
        #expect(close(try ClassificationMetrics.averagePrecision(t, scores: uniform), 0.3333333333333333))
        // average_precision_score(np.array(t), np.array(p), average="micro") = 0.9166666666666666 ; "weighted" → 1.0
        #expect(close(try ClassificationMetrics.averagePrecision(t, scores: p, average: .micro), 0.9166666666666666))
        #expect(close(try ClassificationMetrics.averagePrecision(t, scores: p, average: .weighted), 1))
    }

    @Test func logLossClipsCertainProbabilities() throws {
        // log_loss([0,1,2], [[1,0,0],[1,0,0],[0,0,1]]) = 12.014551129705717 (−log(eps) / 3)
        #expect(close(try ClassificationMetrics.logLoss([0, 1, 2], probabilities: [[1, 0, 0], [1, 0, 0], [0, 0, 1]]),
                      12.014551129705717))
        // log_loss([0,1], [[1,0],[0,1]]) = 2.220446049250313e-16
        #expect(close(try ClassificationMetrics.logLoss([0, 1], probabilities: [[1, 0], [0, 1]]), 2.220446049250313e-16, 1e-6))
        // log_loss([0,1,1], [0.0,1.0,0.0]) = 12.014551129705717
        #expect(close(try ClassificationMetrics.logLoss([0, 1, 1], positiveProbabilities: [0, 1, 0]), 12.014551129705717))
        // log_loss([0,1,1], [.2,.7,.4], sample_weight=[1,0,3]) = 0.7430039367341686
        #expect(close(try ClassificationMetrics.logLoss([0, 1, 1], positiveProbabilities: [0.2, 0.7, 0.4],
                                                        sampleWeight: [1, 0, 3]), 0.7430039367341686))
        // log_loss([0,1,2], [[0,1,0],[0,1,0],[.2,.3,.5]], sample_weight=[2,1,1]) = 18.195113489698564
        #expect(close(try ClassificationMetrics.logLoss([0, 1, 2], probabilities: [[0, 1, 0], [0, 1, 0], [0.2, 0.3, 0.5]],
                                                        sampleWeight: [2, 1, 1]), 18.195113489698564))
        #expect(throws: EvaluationError.self) {
            try ClassificationMetrics.logLoss([0], probabilities: [[.nan, 1]])
        }
    }

    @Test func regressionEdgeCases() {
        // r2_score([3,3,3], [3,3,3]) = 1.0 ; r2_score([3,3,3], [3,2,3]) = 0.0
        #expect(RegressionMetrics.r2([3, 3, 3], [3, 3, 3]) == 1)
        #expect(RegressionMetrics.r2([3, 3, 3], [3, 2, 3]) == 0)
        // r2_score([3], [2]) = nan ("not well-defined with less than two samples"), also for a perfect single
        // prediction: r2_score([3], [3]) = nan
        #expect(RegressionMetrics.r2([3], [2]).isNaN)
        #expect(RegressionMetrics.r2([3], [3]).isNaN)
    }

    @Test func emptyAndNonFiniteInputsAreTypedErrors() {
        // scikit-learn raises ValueError for empty input and for NaN scores.
        #expect(throws: EvaluationError.emptyInput(what: "labels")) { try ClassificationMetrics.f1([], []) }
        #expect(throws: EvaluationError.self) { try ClassificationMetrics.rocAUC([], scores: []) }
        #expect(throws: EvaluationError.self) { try ClassificationMetrics.averagePrecision([], scores: [Double]()) }
        #expect(throws: EvaluationError.self) { try ClassificationMetrics.logLoss([], positiveProbabilities: []) }
        #expect(throws: EvaluationError.nonFinite(what: "scores", index: 1)) {
            try ClassificationMetrics.rocAUC([0, 1], scores: [0.1, .nan])
        }
        #expect(throws: EvaluationError.self) {
            try ClassificationMetrics.logLoss([0, 1], positiveProbabilities: [0.1, .nan])
        }
        #expect(throws: EvaluationError.self) { try ClusteringMetrics.adjustedRandIndex([], []) }
        #expect(throws: EvaluationError.self) { try ClusteringMetrics.silhouetteScore([[0], [.nan], [1]], labels: [0, 1, 1]) }
    }

    @Test func clusteringEdgeCases() throws {
        // adjusted_rand_score([0,0,0],[0,0,0]) = 1.0 ; ([0,1,2],[0,0,0]) = 0.0 ; ([0,0,1,1],[0,1,0,1]) = -0.5
        #expect(try ClusteringMetrics.adjustedRandIndex([0, 0, 0], [0, 0, 0]) == 1)
        #expect(try ClusteringMetrics.adjustedRandIndex([0, 1, 2], [0, 0, 0]) == 0)
        #expect(close(try ClusteringMetrics.adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]), -0.5))
        // rand_score([0], [1]) = 1.0
        #expect(try ClusteringMetrics.randIndex([0], [1]) == 1)
        // silhouette_score([[0],[0],[1],[1]], [0,1,0,1]) = -0.5 ; ([[0],[0],[0],[5]], [0,0,1,1]) = 0.25
        #expect(close(try ClusteringMetrics.silhouetteScore([[0], [0], [1], [1]], labels: [0, 1, 0, 1]), -0.5))
        #expect(close(try ClusteringMetrics.silhouetteScore([[0], [0], [0], [5]], labels: [0, 0, 1, 1]), 0.25))
    }
    @Test func reportSkipsLabelsThatNeverOccur() {
        // print(classification_report([0,2,2], [0,2,0], digits=3)):
        //            0      0.500     1.000     0.667         1
        //            2      1.000     0.500     0.667         2
        //    macro avg      0.750     0.750     0.667         3
        // weighted avg      0.833     0.667     0.667         3
        let lines = ClassificationMetrics.report([0, 2, 2], [0, 2, 0]).split(separator: "\n").map(String.init)
        #expect(lines.contains("           0     0.500     1.000     0.667         1"))
        #expect(lines.contains("           2     1.000     0.500     0.667         2"))
        #expect(!lines.contains { $0.hasPrefix("           1 ") })
        #expect(lines.contains("   macro avg     0.750     0.750     0.667         3"))
        #expect(lines.contains("weighted avg     0.833     0.667     0.667         3"))
        // With names, every named class keeps its row: classification_report([0,2,2], [0,2,0], labels=[0,1,2])
        // macro avg = 0.500 0.500 0.444
        let named = ClassificationMetrics.report([0, 2, 2], [0, 2, 0], classNames: ["a", "b", "c"])
        #expect(named.contains("   macro avg     0.500     0.500     0.444         3"))
    }
    @Test func isotonicRegressionWithTiesAndZeroWeights() throws {
        // m = IsotonicRegression().fit([1,1,2,2,3], [1,3,2,0,5]): X_thresholds_ = [1,2,3], y_thresholds_ = [1.5,1.5,5],
        // m.predict([1,1.5,2,3]) = [1.5,1.5,1.5,5]
        let ties = try IsotonicRegression().fit([1, 1, 2, 2, 3], [1, 3, 2, 0, 5])
        #expect(ties.xThresholds == [1, 2, 3] && ties.yThresholds == [1.5, 1.5, 5])
        #expect(try ties.predict([1, 1.5, 2, 3]) == [1.5, 1.5, 1.5, 5])
        // IsotonicRegression().fit([2,2,2], [1,3,5]): X_thresholds_ = [2], y_thresholds_ = [3]
        let constant = try IsotonicRegression().fit([2, 2, 2], [1, 3, 5])
        #expect(constant.xThresholds == [2] && constant.yThresholds == [3])
        // IsotonicRegression(increasing=False).fit([1,2,3,4], [4,1,3,0]).predict([1,2.5,4]) = [4, 2, 0]
        let decreasing = try IsotonicRegression(increasing: false).fit([1, 2, 3, 4], [4, 1, 3, 0])
        #expect(try decreasing.predict([1, 2.5, 4]) == [4, 2, 0])
        // IsotonicRegression().fit([1,2,3,4], [4,1,3,0], sample_weight=[1,0,1,1]).predict([1,2,3,4]) = [7/3]*4
        let weighted = try IsotonicRegression().fit([1, 2, 3, 4], [4, 1, 3, 0], sampleWeight: [1, 0, 1, 1])
        #expect(try weighted.predict([1, 2, 3, 4]).allSatisfy { close($0, 2.3333333333333335) })
        // IsotonicRegression(y_min=.5, y_max=2, out_of_bounds="clip").fit([1,2,3], [0,3,1]).predict([0,1,2,3,9])
        //     = [0.5, 0.5, 2, 2, 2]
        let bounded = try IsotonicRegression(yMin: 0.5, yMax: 2, outOfBounds: .clip).fit([1, 2, 3], [0, 3, 1])
        #expect(try bounded.predict([0, 1, 2, 3, 9]) == [0.5, 0.5, 2, 2, 2])
        // IsotonicRegression(out_of_bounds="clip").fit([1], [3]).predict([0,1,5]) = [3, 3, 3]
        #expect(try IsotonicRegression(outOfBounds: .clip).fit([1], [3]).predict([0, 1, 5]) == [3, 3, 3])
    }
}
