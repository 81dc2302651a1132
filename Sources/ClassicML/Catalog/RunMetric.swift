// The scores `swiftlearn fit` and `swiftlearn cv` report, on plain label or value arrays.
import Datasets
import Evaluation
import Tensors

/// A named score of predictions against the truth (labels or values as Float64).
public struct RunMetric: Sendable {
    public let name: String
    /// Whether larger values are better (accuracy, R²) or smaller (RMSE, MAE).
    public let higherIsBetter: Bool
    let compute: @Sendable ([Double], [Double]) -> Double

    /// The score of `predicted` against `truth`.
    public func callAsFunction(_ truth: [Double], _ predicted: [Double]) -> Double { compute(truth, predicted) }

    /// The scores reported for `task`: accuracy, balanced accuracy and macro F1 for classification;
    /// R², RMSE and MAE for regression.
    public static func standard(for task: TaskKind) -> [RunMetric] {
        switch task {
        case .classification:
            [
                RunMetric(name: "accuracy", higherIsBetter: true) { t, p in
                    let (tc, pc) = codes(t, p)
                    return ClassificationMetrics.accuracy(tc, pc)
                },
                RunMetric(name: "balanced_accuracy", higherIsBetter: true) { t, p in
                    let (tc, pc) = codes(t, p)
                    return ClassificationMetrics.balancedAccuracy(tc, pc)
                },
                RunMetric(name: "f1_macro", higherIsBetter: true) { t, p in
                    let (tc, pc) = codes(t, p)
                    return (try? ClassificationMetrics.f1(tc, pc, average: .macro)) ?? .nan
                },
            ]
        case .regression:
            [
                RunMetric(name: "r2", higherIsBetter: true) { t, p in RegressionMetrics.r2(t, p) },
                RunMetric(name: "rmse", higherIsBetter: false) { t, p in RegressionMetrics.meanSquaredError(t, p).squareRoot() },
                RunMetric(name: "mae", higherIsBetter: false) { t, p in RegressionMetrics.meanAbsoluteError(t, p) },
            ]
        }
    }

    /// The metric as a cross-validation scorer (it predicts, then scores).
    func scorer() -> Scorer<FittedPipeline<AnyFittedModel>> {
        let compute = self.compute
        return Scorer(name: name) { (model, x, y) throws(ClassicMLError) in compute(y.doubles, try model.predict(x).doubles) }
    }

    /// Labels as codes into their sorted union (metrics take integer classes).
    private static func codes(_ truth: [Double], _ predicted: [Double]) -> ([Int], [Int]) {
        let index = Dictionary(uniqueKeysWithValues: Set(truth + predicted).sorted().enumerated().map { ($1, $0) })
        return (truth.map { index[$0]! }, predicted.map { index[$0]! })
    }
}

/// A percentile bootstrap interval of a metric on one test set: the spread a single hold-out score carries.
public struct BootstrapInterval: Sendable, Codable, Equatable {
    public let low: Double, high: Double, level: Double, resamples: Int

    /// Resamples the (truth, prediction) pairs with replacement `resamples` times (seeded) and takes the
    /// central `level` share of the metric's values.
    public static func of(_ metric: RunMetric, truth: [Double], predicted: [Double], level: Double = 0.95,
                          resamples: Int = 1000, seed: UInt64) -> BootstrapInterval {
        var rng = RandomGenerator(seed: seed)
        let n = truth.count
        var values: [Double] = []
        values.reserveCapacity(resamples)
        var t = [Double](repeating: 0, count: n), p = t
        for _ in 0..<resamples {
            for i in 0..<n {
                let j = rng.nextInt(below: n)
                t[i] = truth[j]
                p[i] = predicted[j]
            }
            let v = metric(t, p)
            if v.isFinite { values.append(v) }
        }
        values.sort()
        guard !values.isEmpty else { return BootstrapInterval(low: .nan, high: .nan, level: level, resamples: resamples) }
        func quantile(_ q: Double) -> Double {
            let position = q * Double(values.count - 1)
            let (lo, frac) = (Int(position), position - position.rounded(.down))
            return lo + 1 < values.count ? values[lo] * (1 - frac) + values[lo + 1] * frac : values[lo]
        }
        return BootstrapInterval(low: quantile((1 - level) / 2), high: quantile(1 - (1 - level) / 2), level: level, resamples: resamples)
    }
}
