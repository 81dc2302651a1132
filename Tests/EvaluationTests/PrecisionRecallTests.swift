// Precision-recall curves and average precision against scikit-learn's fixtures.
import Testing
import TestSupport
import Evaluation

@Suite("Precision-recall curve and average precision")
struct PrecisionRecallTests {
    @Test func binaryCurvesAndAveragePrecisionMatchScikitLearn() throws {
        for c in MetricFixtures.cases("binary_ranking") {
            let name = c["name"]?.string ?? "?"
            let truth = c["truth"]!.ints, scores = c["scores"]!.doubles
            for (suffix, w) in MetricFixtures.weightings(c) {
                let curve = try ClassificationMetrics.precisionRecallCurve(truth, scores: scores, sampleWeight: w)
                let e = c["pr_curve" + suffix]!
                expectParity(curve.precision, e["precision"]!.doubles, "\(name)\(suffix) precision")
                expectParity(curve.recall, e["recall"]!.doubles, "\(name)\(suffix) recall")
                expectParity(curve.thresholds, e["thresholds"]!.doubles, "\(name)\(suffix) thresholds")
                let dropped = try ClassificationMetrics.precisionRecallCurve(truth, scores: scores, sampleWeight: w,
                                                                             dropIntermediate: true)
                let d = c["pr_curve_dropped" + suffix]!
                expectParity(dropped.precision, d["precision"]!.doubles, "\(name)\(suffix) dropped precision")
                expectParity(dropped.recall, d["recall"]!.doubles, "\(name)\(suffix) dropped recall")
                expectParity(dropped.thresholds, d["thresholds"]!.doubles, "\(name)\(suffix) dropped thresholds")
                expectParity(try ClassificationMetrics.averagePrecision(truth, scores: scores, sampleWeight: w),
                             c["average_precision" + suffix], "\(name)\(suffix) average precision")
            }
        }
    }

    @Test func oneVsRestAveragePrecisionMatchesScikitLearn() throws {
        for c in MetricFixtures.cases("multiclass_proba") {
            let truth = c["truth"]!.ints, proba = c["proba"]!.rows
            for (suffix, w) in MetricFixtures.weightings(c) {
                for (key, average) in MetricFixtures.oneVsRestAverages {
                    let found = try ClassificationMetrics.averagePrecision(truth, scores: proba, average: average, sampleWeight: w)
                    expectParity(found, c["average_precision" + suffix]?[key], "\(c["name"]?.string ?? "?")\(suffix) AP \(key)")
                }
            }
        }
    }

    @Test func noPositivesGivesRecallOneAndZeroAveragePrecision() throws {
        let curve = try ClassificationMetrics.precisionRecallCurve([0, 0, 0], scores: [0.1, 0.5, 0.5])
        #expect(curve.recall == [1, 1, 0] && curve.precision == [0, 0, 1] && curve.thresholds == [0.1, 0.5])
        #expect(try ClassificationMetrics.averagePrecision([0, 0, 0], scores: [0.1, 0.5, 0.5]) == 0)
    }

    @Test func badInputThrows() {
        #expect(throws: EvaluationError.lengthMismatch(what: "scores", expected: 2, found: 3)) {
            try ClassificationMetrics.averagePrecision([0, 1], scores: [0.1, 0.2, 0.3])
        }
        #expect(throws: EvaluationError.emptyInput(what: "scores")) {
            try ClassificationMetrics.averagePrecision([], scores: [[Double]]())
        }
        #expect(throws: EvaluationError.lengthMismatch(what: "score row 1", expected: 2, found: 1)) {
            try ClassificationMetrics.averagePrecision([0, 1], scores: [[0.1, 0.9], [0.3]])
        }
        #expect(throws: EvaluationError.invalidArgument("every sample weight is 0")) {
            try ClassificationMetrics.precisionRecallCurve([0, 1], scores: [0.1, 0.2], sampleWeight: [0, 0])
        }
        #expect(throws: EvaluationError.labelOutOfRange(index: 1, label: 2, classCount: 2)) {
            try ClassificationMetrics.averagePrecision([0, 2], scores: [[0.1, 0.9], [0.3, 0.7]])
        }
    }
}
