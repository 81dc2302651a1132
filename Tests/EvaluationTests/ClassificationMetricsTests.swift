// Classification metrics against values computed by hand (and by scikit-learn's definitions:
// precision_recall_fscore_support with zero_division=0).
import Testing
import Evaluation

@Suite("Classification metrics")
struct ClassificationMetricsTests {
    let truth = [0, 0, 1, 1, 2, 2, 2, 1]
    let predicted = [0, 1, 1, 1, 2, 0, 2, 2]

    @Test func accuracyAndConfusion() {
        #expect(ClassificationMetrics.accuracy(truth, predicted) == 5.0 / 8)
        #expect(ClassificationMetrics.confusionMatrix(truth, predicted) == [[1, 1, 0], [0, 2, 1], [1, 0, 2]])
        #expect(ClassificationMetrics.confusionMatrix([0], [0], classCount: 3) == [[1, 0, 0], [0, 0, 0], [0, 0, 0]])
    }

    @Test func perClassScores() {
        let s = ClassificationMetrics.perClass(confusion: ClassificationMetrics.confusionMatrix(truth, predicted))
        // class 0: tp 1, predicted 2, actual 2 → p 0.5, r 0.5; class 1: tp 2, predicted 3, actual 3; class 2: tp 2, predicted 3, actual 3.
        #expect(s[0] == .init(precision: 0.5, recall: 0.5, f1: 0.5, support: 2))
        #expect(abs(s[1].precision - 2.0 / 3) < 1e-15 && abs(s[1].recall - 2.0 / 3) < 1e-15 && s[1].support == 3)
        #expect(abs(s[2].f1 - 2.0 / 3) < 1e-15)
        // A class never predicted and never present scores 0, not NaN.
        let empty = ClassificationMetrics.perClass(confusion: [[1, 0], [0, 0]])
        #expect(empty[1] == .init(precision: 0, recall: 0, f1: 0, support: 0))
    }

    @Test func balancedAccuracyAveragesRecallOverPresentClasses() {
        #expect(abs(ClassificationMetrics.balancedAccuracy(truth, predicted) - (0.5 + 2.0 / 3 + 2.0 / 3) / 3) < 1e-15)
    }

    @Test func reportHasRowsAndAverages() {
        let text = ClassificationMetrics.report(truth, predicted, classNames: ["a", "b", "c"])
        #expect(text.contains("accuracy") && text.contains("macro avg") && text.contains("weighted avg"))
        #expect(text.contains("0.625"))
    }
}
