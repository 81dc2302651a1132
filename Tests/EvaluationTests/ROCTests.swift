// ROC curves, the trapezoidal AUC and ROC AUC against scikit-learn's roc_curve / roc_auc_score fixtures.
import Testing
import TestSupport
import Evaluation

@Suite("ROC curve and AUC")
struct ROCTests {
    @Test func binaryCurvesAndAUCMatchScikitLearn() throws {
        let cases = MetricFixtures.cases("binary_ranking")
        #expect(cases.count == 3)
        for c in cases {
            let name = c["name"]?.string ?? "?"
            let truth = c["truth"]!.ints, scores = c["scores"]!.doubles
            for (suffix, w) in MetricFixtures.weightings(c) {
                let curve = try ClassificationMetrics.rocCurve(truth, scores: scores, sampleWeight: w)
                let e = c["roc_curve" + suffix]!
                expectParity(curve.falsePositiveRate, e["fpr"]!.doubles, "\(name)\(suffix) fpr")
                expectParity(curve.truePositiveRate, e["tpr"]!.doubles, "\(name)\(suffix) tpr")
                expectParity(curve.thresholds, e["thresholds"]!.doubles, "\(name)\(suffix) thresholds")
                expectParity(try ClassificationMetrics.rocAUC(truth, scores: scores, sampleWeight: w),
                             c["roc_auc" + suffix], "\(name)\(suffix) roc auc")
            }
        }
    }

    @Test func oneVsRestAUCMatchesScikitLearn() throws {
        for c in MetricFixtures.cases("multiclass_proba") {
            let truth = c["truth"]!.ints, proba = c["proba"]!.rows
            for (suffix, w) in MetricFixtures.weightings(c) {
                for (key, average) in MetricFixtures.oneVsRestAverages {
                    let found = try ClassificationMetrics.rocAUC(truth, probabilities: proba, average: average, sampleWeight: w)
                    expectParity(found, c["roc_auc" + suffix]?[key], "\(c["name"]?.string ?? "?")\(suffix) ovr \(key)")
                }
            }
        }
    }

    @Test func trapezoidInBothDirections() throws {
        #expect(try ClassificationMetrics.auc(x: [0, 1, 2], y: [0, 1, 1]) == 1.5)
        #expect(try ClassificationMetrics.auc(x: [2, 1, 0], y: [1, 1, 0]) == 1.5)
        #expect(throws: EvaluationError.invalidArgument("auc: x is neither increasing nor decreasing")) {
            try ClassificationMetrics.auc(x: [0, 2, 1], y: [0, 1, 1])
        }
        #expect(throws: EvaluationError.self) { try ClassificationMetrics.auc(x: [0], y: [0]) }
    }

    @Test func badInputThrows() throws {
        #expect(throws: EvaluationError.singleClass(what: "ROC curve needs positive and negative samples")) {
            try ClassificationMetrics.rocAUC([1, 1, 1], scores: [0.1, 0.2, 0.3])
        }
        #expect(throws: EvaluationError.self) { try ClassificationMetrics.rocAUC([0, 0], scores: [0.1, 0.2]) }
        #expect(throws: EvaluationError.lengthMismatch(what: "scores", expected: 3, found: 2)) {
            try ClassificationMetrics.rocCurve([0, 1, 1], scores: [0.1, 0.2])
        }
        #expect(throws: EvaluationError.emptyInput(what: "scores")) { try ClassificationMetrics.rocCurve([], scores: []) }
        #expect(throws: EvaluationError.nonFinite(what: "scores", index: 1)) {
            try ClassificationMetrics.rocCurve([0, 1], scores: [0.1, .nan])
        }
        let p: [[Double]] = [[0.5, 0.5, 0], [0.2, 0.7, 0.1], [0.1, 0.1, 0.8]]
        #expect(try ClassificationMetrics.rocAUC([0, 1, 2], probabilities: p) == 1)
        #expect(throws: EvaluationError.probabilitiesDoNotSumToOne(row: 0, sum: 0.9)) {
            try ClassificationMetrics.rocAUC([0, 1, 2], probabilities: [[0.5, 0.4, 0]] + p.dropFirst())
        }
        #expect(throws: EvaluationError.invalidProbability(row: 1, column: 0, value: -0.1)) {
            try ClassificationMetrics.rocAUC([0, 1, 2], probabilities: [p[0], [-0.1, 1.0, 0.1], p[2]])
        }
        #expect(throws: EvaluationError.self) {
            try ClassificationMetrics.rocAUC([0, 1, 2], probabilities: [p[0], [.nan, 1.0, 0], p[2]])
        }
        #expect(throws: EvaluationError.labelOutOfRange(index: 2, label: 3, classCount: 3)) {
            try ClassificationMetrics.rocAUC([0, 1, 3], probabilities: p)
        }
        #expect(throws: EvaluationError.singleClass(what: "one-vs-rest needs every class in the truth; class 2 has no samples")) {
            try ClassificationMetrics.rocAUC([0, 1, 1], probabilities: p)
        }
    }
}
