// Clustering quality: silhouette (internal) and the Rand indices (against reference labels), as scikit-learn's
// silhouette_score, rand_score and adjusted_rand_score.

/// Scores of a clustering, with scikit-learn's definitions. Cluster labels are any integers.
public enum ClusteringMetrics {
    /// Silhouette coefficient of each sample under Euclidean distance: `(b − a) / max(a, b)`, with `a` the
    /// mean distance to the other members of its cluster and `b` the smallest mean distance to another
    /// cluster; 0 for a sample alone in its cluster (scikit-learn's `silhouette_samples`).
    /// - Throws: ``EvaluationError`` for unequal lengths or row widths, empty input, non-finite coordinates,
    ///   or a number of clusters outside `2...(samples − 1)` (`.invalidArgument`).
    public static func silhouetteSamples(_ points: [[Double]], labels: [Int]) throws(EvaluationError) -> [Double] {
        try Validate.sameCount(labels.count, points.count, "cluster labels")
        try Validate.nonEmpty(points.count, "points")
        let d = points[0].count
        for (r, row) in points.enumerated() {
            try Validate.sameCount(row.count, d, "point \(r)")
            try Validate.finite(row, "point \(r)")
        }
        let classes = Set(labels).sorted()
        let n = points.count
        guard classes.count >= 2 && classes.count <= n - 1 else {
            throw .invalidArgument("silhouette needs 2 to \(n - 1) clusters (samples − 1), found \(classes.count)")
        }
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let code = labels.map { index[$0]! }
        var size = Array(repeating: 0.0, count: classes.count)
        for c in code { size[c] += 1 }
        return (0..<n).map { i in
            var sums = Array(repeating: 0.0, count: classes.count)
            for j in 0..<n where j != i {
                var s = 0.0
                for f in 0..<d { s += (points[i][f] - points[j][f]) * (points[i][f] - points[j][f]) }
                sums[code[j]] += s.squareRoot()
            }
            let a = sums[code[i]] / (size[code[i]] - 1)
            let b = sums.indices.filter { $0 != code[i] }.map { sums[$0] / size[$0] }.min()!
            let s = (b - a) / Swift.max(a, b)
            return s.isNaN ? 0 : s
        }
    }

    /// Mean silhouette coefficient over all samples (scikit-learn's `silhouette_score`, Euclidean, no
    /// subsampling); from −1 (wrong clusters) to 1 (dense, well-separated clusters).
    /// - Throws: as ``silhouetteSamples(_:labels:)``.
    public static func silhouetteScore(_ points: [[Double]], labels: [Int]) throws(EvaluationError) -> Double {
        let s = try silhouetteSamples(points, labels: labels)
        return s.reduce(0, +) / Double(s.count)
    }

    /// Fraction of sample pairs on which two clusterings agree (both together or both apart); 1 for
    /// identical partitions and when there are no pairs.
    /// - Throws: ``EvaluationError`` for unequal lengths or empty input.
    public static func randIndex(_ truth: [Int], _ predicted: [Int]) throws(EvaluationError) -> Double {
        let c = try pairCounts(truth, predicted)
        let agree = c.bothTogether + c.bothApart, total = agree + c.onlyTruthTogether + c.onlyPredictedTogether
        return agree == total || total == 0 ? 1 : agree / total
    }

    /// Rand index adjusted for chance (Hubert and Arabie): 1 for identical partitions, about 0 for random
    /// ones, negative below chance; 1 also when neither clustering puts any pair apart that the other joins.
    /// - Throws: ``EvaluationError`` for unequal lengths or empty input.
    public static func adjustedRandIndex(_ truth: [Int], _ predicted: [Int]) throws(EvaluationError) -> Double {
        let c = try pairCounts(truth, predicted)
        let tp = c.bothTogether, tn = c.bothApart, fp = c.onlyPredictedTogether, fn = c.onlyTruthTogether
        if fn == 0 && fp == 0 { return 1 }
        return 2 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))
    }

    /// Ordered-pair counts of scikit-learn's `pair_confusion_matrix` (exact integers held as Double).
    private static func pairCounts(_ truth: [Int], _ predicted: [Int]) throws(EvaluationError)
        -> (bothTogether: Double, bothApart: Double, onlyTruthTogether: Double, onlyPredictedTogether: Double) {
        try Validate.sameCount(predicted.count, truth.count, "predicted cluster labels")
        try Validate.nonEmpty(truth.count, "cluster labels")
        var cells: [[Int]: Int] = [:], truthSizes: [Int: Int] = [:], predictedSizes: [Int: Int] = [:]
        for (t, p) in zip(truth, predicted) {
            cells[[t, p], default: 0] += 1
            truthSizes[t, default: 0] += 1
            predictedSizes[p, default: 0] += 1
        }
        let n = truth.count
        let squares = cells.values.reduce(0) { $0 + $1 * $1 }
        let predictedTogether = cells.reduce(0) { $0 + $1.value * predictedSizes[$1.key[1]]! } - squares
        let truthTogether = cells.reduce(0) { $0 + $1.value * truthSizes[$1.key[0]]! } - squares
        return (Double(squares - n), Double(n * n - predictedTogether - truthTogether - squares),
                Double(truthTogether), Double(predictedTogether))
    }
}
