// Averaging a binary ranking score over the classes of a multiclass problem (scikit-learn's _average_binary_score).

/// How one-vs-rest scores of the classes are combined.
public enum OneVsRestAveraging: Sendable, Hashable {
    /// Unweighted mean of the per-class scores.
    case macro
    /// Mean of the per-class scores weighted by class support (weighted count in the truth).
    case weighted
    /// One binary score over all (sample, class) pairs flattened together.
    case micro
}

extension ClassificationMetrics {
    /// Applies `binary` (0/1 truth, scores, weights) to each class against the rest and averages.
    static func oneVsRest(_ truth: [Int], _ scores: [[Double]], classCount k: Int, average: OneVsRestAveraging,
                          sampleWeight: [Double]?,
                          _ binary: ([Int], [Double], [Double]?) throws(EvaluationError) -> Double) throws(EvaluationError) -> Double {
        try Validate.labels(truth, classCount: k)
        let w = try Validate.weights(sampleWeight, count: truth.count)
        var support = Array(repeating: 0.0, count: k)
        for (i, t) in truth.enumerated() { support[t] += w[i] }
        if let absent = support.indices.first(where: { !truth.contains($0) }) {
            throw .singleClass(what: "one-vs-rest needs every class in the truth; class \(absent) has no samples")
        }
        if average == .micro {
            let flatTruth = truth.flatMap { t in (0..<k).map { $0 == t ? 1 : 0 } }
            let flatWeight = sampleWeight.map { ws in ws.flatMap { Array(repeating: $0, count: k) } }
            return try binary(flatTruth, scores.flatMap { $0 }, flatWeight)
        }
        var perClass: [Double] = []
        for c in 0..<k {
            perClass.append(try binary(truth.map { $0 == c ? 1 : 0 }, scores.map { $0[c] }, sampleWeight))
        }
        if average == .weighted {
            let total = support.reduce(0, +)
            guard total != 0 else { return 0 }
            return zip(perClass, support).reduce(0) { $0 + $1.0 * $1.1 } / total
        }
        return perClass.reduce(0, +) / Double(k)
    }
}
