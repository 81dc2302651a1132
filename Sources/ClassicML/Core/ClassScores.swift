// Turning per-class scores into labels (argmax, first on ties) and probabilities (softmax).
import Foundation
import Tensors

/// Per-class scores `[rows, classes]` turned into labels and probabilities (naive Bayes, k-NN votes).
enum ClassScores {
    /// Row-wise softmax of `[rows, classes]` log-scores (through log-sum-exp).
    static func softmax(_ jll: [Double], rows: Int, classes: Int) -> [Double] {
        var p = jll
        for i in 0..<rows {
            let row = jll[(i * classes)..<((i + 1) * classes)]
            let m = row.max()!
            let logSum = m + Foundation.log(row.reduce(0) { $0 + Foundation.exp($1 - m) })
            for j in 0..<classes { p[i * classes + j] = Foundation.exp(jll[i * classes + j] - logSum) }
        }
        return p
    }

    /// The class with the largest score in each row (the first on ties).
    static func labels(_ jll: [Double], rows: Int, classes: [Double]) -> Tensor {
        let c = classes.count
        return Tensor((0..<rows).map { i -> Double in
            var best = 0
            for j in 1..<c where jll[i * c + j] > jll[i * c + best] { best = j }
            return classes[best]
        }, shape: [rows])
    }
}
