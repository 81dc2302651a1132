// Averaged precision, recall and F1 against scikit-learn's precision_recall_fscore_support on the fixtures,
// and the existing label metrics (accuracy, balanced accuracy, confusion matrix) on the same cases.
import Testing
import TestSupport
import Evaluation

@Suite("Averaged precision, recall and F1")
struct AveragedScoresTests {
    @Test func matchScikitLearnOnEveryAverageAndZeroDivision() throws {
        let cases = MetricFixtures.cases("labels")
        #expect(cases.count == 3)
        for c in cases {
            let name = c["name"]?.string ?? "?"
            let truth = c["truth"]!.ints, predicted = c["predicted"]!.ints, weights = c["weights"]!.doubles
            for r in c["prf"]?.array ?? [] {
                let average: Averaging = switch r["average"]?.string {
                case "binary": .binary(positive: r["pos_label"]?.int ?? 1)
                case "macro": .macro
                case "micro": .micro
                default: .weighted
                }
                let zeroDivision = r["zero_division"]?.double ?? -1
                let w = r["weighted"]?.bool == true ? weights : nil
                let s = try ClassificationMetrics.precisionRecallF1(truth, predicted, average: average,
                                                                   zeroDivision: zeroDivision, sampleWeight: w)
                let what = "\(name) \(average) zeroDivision \(zeroDivision) weighted \(w != nil)"
                expectParity(s.precision, r["precision"], "precision " + what)
                expectParity(s.recall, r["recall"], "recall " + what)
                expectParity(s.f1, r["f1"], "f1 " + what)
            }
        }
    }

    @Test func existingLabelMetricsMatchScikitLearn() {
        for c in MetricFixtures.cases("labels") {
            let truth = c["truth"]!.ints, predicted = c["predicted"]!.ints
            expectParity(ClassificationMetrics.accuracy(truth, predicted), c["accuracy"], "accuracy")
            expectParity(ClassificationMetrics.balancedAccuracy(truth, predicted), c["balanced_accuracy"], "balanced accuracy")
            #expect(ClassificationMetrics.confusionMatrix(truth, predicted) == c["confusion_matrix"]?.array?.map(\.ints))
        }
    }

    @Test func shortcutsAgreeWithTheTriple() throws {
        let t = [0, 1, 1, 0, 1], p = [0, 1, 0, 0, 1]
        #expect(try ClassificationMetrics.precision(t, p) == 1)
        #expect(try ClassificationMetrics.recall(t, p) == 2.0 / 3)
        #expect(try ClassificationMetrics.f1(t, p) == 0.8)
        // Nothing predicted positive: precision divides by zero and is zeroDivision.
        #expect(try ClassificationMetrics.precision([1, 0], [0, 0]) == 0)
        #expect(try ClassificationMetrics.precision([1, 0], [0, 0], zeroDivision: 1) == 1)
        #expect(try ClassificationMetrics.precision([1, 0], [0, 0], zeroDivision: .nan).isNaN)
    }

    @Test func badInputThrows() {
        #expect(throws: EvaluationError.lengthMismatch(what: "predicted labels", expected: 2, found: 1)) {
            try ClassificationMetrics.f1([0, 1], [0])
        }
        #expect(throws: EvaluationError.emptyInput(what: "labels")) { try ClassificationMetrics.f1([], []) }
        #expect(throws: EvaluationError.self) { try ClassificationMetrics.f1([0, 1, 2], [0, 1, 2]) } // binary, 3 labels
        #expect(throws: EvaluationError.self) { try ClassificationMetrics.f1([2, 3], [2, 3]) }       // no label 1
        #expect(throws: EvaluationError.self) { try ClassificationMetrics.f1([0, 1], [0, 1], zeroDivision: 0.5) }
        #expect(throws: EvaluationError.lengthMismatch(what: "sample weights", expected: 2, found: 1)) {
            try ClassificationMetrics.f1([0, 1], [0, 1], sampleWeight: [1])
        }
        #expect(throws: EvaluationError.invalidArgument("sample weights must not be negative")) {
            try ClassificationMetrics.f1([0, 1], [0, 1], sampleWeight: [1, -1])
        }
        #expect(throws: EvaluationError.nonFinite(what: "sample weights", index: 0)) {
            try ClassificationMetrics.f1([0, 1], [0, 1], sampleWeight: [.nan, 1])
        }
    }
}
