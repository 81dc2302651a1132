// Stable softmax and log-sum-exp on rows of logits, and the checks for logit input.
import Foundation

enum Softmax {
    /// `log Σ exp(zᵢ)`, shifted by the maximum so that large logits do not overflow.
    static func logSumExp(_ z: [Double]) -> Double {
        let m = z.max() ?? 0
        guard m.isFinite else { return m }
        return m + log(z.reduce(0) { $0 + exp($1 - m) })
    }

    /// `softmax(z)`.
    static func probabilities(_ z: [Double]) -> [Double] {
        let m = z.max() ?? 0
        let e = z.map { exp($0 - m) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }
}

enum LogitInput {
    /// Checks a logit matrix: rows of one width (at least 1), finite values. Returns the width.
    @discardableResult
    static func matrix(_ logits: [[Double]], rows expected: Int? = nil, what: String = "logits") throws(EvaluationError) -> Int {
        if let expected { try Validate.sameCount(logits.count, expected, "\(what) rows") }
        try Validate.nonEmpty(logits.count, what)
        let k = logits[0].count
        guard k >= 1 else { throw .invalidArgument("\(what): rows have no columns; pass one value per class") }
        for (r, row) in logits.enumerated() {
            try Validate.sameCount(row.count, k, "\(what) row \(r)")
            if let c = row.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(what: "\(what) row \(r)", index: c) }
        }
        return k
    }

    /// Checks logits against labels and returns the class count.
    @discardableResult
    static func matrix(_ logits: [[Double]], truth: [Int]) throws(EvaluationError) -> Int {
        let k = try matrix(logits, rows: truth.count)
        try Validate.labels(truth, classCount: k)
        return k
    }
}
