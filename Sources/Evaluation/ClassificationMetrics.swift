// Classification metrics on plain label arrays, shared by classical models and neural networks.

/// Metrics of predicted class labels against true labels (scikit-learn's definitions; 0/0 counts as 0).
public enum ClassificationMetrics {
    /// Fraction of predictions equal to the truth.
    public static func accuracy(_ truth: [Int], _ predicted: [Int]) -> Double {
        precondition(truth.count == predicted.count, "accuracy: \(truth.count) labels vs \(predicted.count) predictions")
        guard !truth.isEmpty else { return 0 }
        return Double(zip(truth, predicted).filter { $0 == $1 }.count) / Double(truth.count)
    }

    /// `matrix[t][p]`: how many samples of true class `t` were predicted as `p`.
    public static func confusionMatrix(_ truth: [Int], _ predicted: [Int], classCount: Int? = nil) -> [[Int]] {
        precondition(truth.count == predicted.count, "confusionMatrix: \(truth.count) labels vs \(predicted.count) predictions")
        let k = classCount ?? ((truth + predicted).max().map { $0 + 1 } ?? 0)
        var m = Array(repeating: Array(repeating: 0, count: k), count: k)
        for (t, p) in zip(truth, predicted) {
            precondition(t >= 0 && t < k && p >= 0 && p < k, "confusionMatrix: label outside 0..<\(k)")
            m[t][p] += 1
        }
        return m
    }

    /// Precision, recall, F1 and support of one class.
    public struct ClassScores: Sendable, Equatable, Codable {
        public let precision: Double, recall: Double, f1: Double, support: Int
        public init(precision: Double, recall: Double, f1: Double, support: Int) {
            self.precision = precision
            self.recall = recall
            self.f1 = f1
            self.support = support
        }
    }

    /// Per-class precision, recall, F1 and support from a confusion matrix.
    public static func perClass(confusion m: [[Int]]) -> [ClassScores] {
        let k = m.count
        return (0..<k).map { c in
            let tp = Double(m[c][c])
            let predictedPositive = Double((0..<k).reduce(0) { $0 + m[$1][c] })
            let actualPositive = Double(m[c].reduce(0, +))
            let precision = predictedPositive > 0 ? tp / predictedPositive : 0
            let recall = actualPositive > 0 ? tp / actualPositive : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            return ClassScores(precision: precision, recall: recall, f1: f1, support: Int(actualPositive))
        }
    }

    /// Balanced accuracy: the mean recall over classes present in the truth.
    public static func balancedAccuracy(_ truth: [Int], _ predicted: [Int]) -> Double {
        let scores = perClass(confusion: confusionMatrix(truth, predicted))
        let present = scores.filter { $0.support > 0 }
        guard !present.isEmpty else { return 0 }
        return present.reduce(0) { $0 + $1.recall } / Double(present.count)
    }

    /// A text report like scikit-learn's `classification_report`, with macro and weighted averages. With
    /// `classNames`, every class `0..<classNames.count` gets a row (scikit-learn's `labels=range(k)`); without,
    /// only the labels seen in `truth` or `predicted`.
    public static func report(_ truth: [Int], _ predicted: [Int], classNames: [String]? = nil) -> String {
        let m = confusionMatrix(truth, predicted, classCount: classNames?.count)
        var scores = perClass(confusion: m)
        var names = classNames ?? scores.indices.map(String.init)
        if classNames == nil {
            // Without names, report only the labels that occur, as scikit-learn does (unique_labels of truth and
            // predictions): a label skipped by both (e.g. 1 in truth [0, 2]) would add a row of zeros and pull
            // the macro average down.
            let seen = Set(truth).union(predicted)
            let kept = scores.indices.filter { seen.contains($0) }
            scores = kept.map { scores[$0] }
            names = kept.map(String.init)
        }
        let width = Swift.max(12, (names.map(\.count).max() ?? 0) + 2)
        func pad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: Swift.max(0, w - s.count)) + s }
        func f(_ v: Double) -> String { pad(String(format3: v), 10) }
        var lines = [pad("", width) + pad("precision", 10) + pad("recall", 10) + pad("f1-score", 10) + pad("support", 10), ""]
        for (i, s) in scores.enumerated() {
            lines.append(pad(names[i], width) + f(s.precision) + f(s.recall) + f(s.f1) + pad("\(s.support)", 10))
        }
        let total = scores.reduce(0) { $0 + $1.support }
        let n = Double(Swift.max(scores.count, 1)), w = Double(Swift.max(total, 1))
        lines.append("")
        lines.append(pad("accuracy", width) + pad("", 20) + f(accuracy(truth, predicted)) + pad("\(total)", 10))
        lines.append(pad("macro avg", width) + f(scores.reduce(0) { $0 + $1.precision } / n)
                     + f(scores.reduce(0) { $0 + $1.recall } / n) + f(scores.reduce(0) { $0 + $1.f1 } / n) + pad("\(total)", 10))
        lines.append(pad("weighted avg", width) + f(scores.reduce(0) { $0 + $1.precision * Double($1.support) } / w)
                     + f(scores.reduce(0) { $0 + $1.recall * Double($1.support) } / w)
                     + f(scores.reduce(0) { $0 + $1.f1 * Double($1.support) } / w) + pad("\(total)", 10))
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// `v` with three decimals, without Foundation.
    init(format3 v: Double) {
        guard v.isFinite else { self = "\(v)"; return }
        let scaled = (v * 1000).rounded()
        let sign = scaled < 0 ? "-" : ""
        let a = Int(Swift.abs(scaled))
        let frac = a % 1000
        self = "\(sign)\(a / 1000)." + String(repeating: "0", count: 3 - String(frac).count) + String(frac)
    }
}
