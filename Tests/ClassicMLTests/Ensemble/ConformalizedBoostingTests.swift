// Issue 5: conformalized quantile regression on a quantile objective for gradient boosting. Two boosted models
// predict the α/2 and 1 − α/2 quantiles; CQR widens (or narrows) their band by the calibration set's conformity
// score so that the band covers 1 − α of new targets whatever the models' own miscalibration, while keeping the
// band adaptive (wide where the noise is large).
//
// 198 calibration rows: with n scores the exact expected coverage is ⌈(n+1)(1−α)⌉/(n+1) = 1 − α + 0.9/(n+1)
// for n + 1 ≡ 19 (mod 20), about seven standard errors of the 1000-split mean above 1 − α, so the check is decisive
// (a threshold one rank too low would fall below 1 − α).
import Evaluation
import Foundation
import Tensors
import Testing
import ClassicML

@Suite("Conformalized quantile regression with gradient boosting")
struct ConformalizedBoostingTests {
    /// y = sin(2x₀) + x₁ + noise whose scale grows with |x₀|; x uniform on [−2, 2]². Seeded.
    static func sample(_ n: Int, rng: inout RandomGenerator) -> (x: Tensor, y: [Double], x0: [Double]) {
        let x = Tensor.uniform([n, 2], low: -2, high: 2, using: &rng)
        let v = x.doubles
        let noise = Tensor.normal([n], using: &rng).doubles
        let y = (0..<n).map { (i: Int) -> Double in
            let x0 = v[2 * i], x1 = v[2 * i + 1]
            return sin(2 * x0) + x1 + noise[i] * (0.1 + 0.4 * abs(x0))
        }
        return (x, y, (0..<n).map { v[2 * $0] })
    }

    @Test("over 1000 random calibration/test splits the mean coverage is within [1 − α, 1 − α + 0.03], α = 0.1")
    func coverage() throws {
        var rng = RandomGenerator(seed: 2024)
        let train = Self.sample(1500, rng: &rng), pool = Self.sample(2000, rng: &rng)
        let alpha = 0.1
        let lowModel = try HistGradientBoostingRegressor(loss: .quantile(alpha / 2)).fit(train.x, Tensor(train.y, shape: [train.y.count]))
        let highModel = try HistGradientBoostingRegressor(loss: .quantile(1 - alpha / 2)).fit(train.x, Tensor(train.y, shape: [train.y.count]))
        // Separately fitted quantile models can cross on a few rows; CQR needs ordered pairs, so sort each pair.
        let lowRaw = try lowModel.predict(pool.x).doubles, highRaw = try highModel.predict(pool.x).doubles
        let low = zip(lowRaw, highRaw).map { min($0, $1) }, high = zip(lowRaw, highRaw).map { max($0, $1) }

        var coverages: [Double] = [], widths: [Double] = [], rawCoverages: [Double] = []
        var splitRng = RandomGenerator(seed: 7)
        for _ in 0..<1000 {
            let order = Tensor.permutation(pool.y.count, using: &splitRng).integers
            let cal = Array(order[..<198]), test = Array(order[198...])
            let cqr = try ConformalizedQuantileRegressor.fit(lower: cal.map { low[$0] }, upper: cal.map { high[$0] },
                                                             truth: cal.map { pool.y[$0] })
            let intervals = try cqr.intervals(lower: test.map { low[$0] }, upper: test.map { high[$0] }, alpha: alpha)
            coverages.append(try ConformalMetrics.coverage(intervals, truth: test.map { pool.y[$0] }))
            widths.append(try ConformalMetrics.meanWidth(intervals))
            let raw = PredictionIntervals(lower: test.map { low[$0] }, upper: test.map { high[$0] })
            rawCoverages.append(try ConformalMetrics.coverage(raw, truth: test.map { pool.y[$0] }))
        }
        let mean = coverages.reduce(0, +) / 1000, meanWidth = widths.reduce(0, +) / 1000
        print("CQR (boosting, α = 0.1): mean coverage \(mean), mean width \(meanWidth), raw quantile band coverage \(rawCoverages.reduce(0, +) / 1000)")
        #expect(mean >= 1 - alpha && mean <= 1 - alpha + 0.03, "mean coverage \(mean)")

        // Adaptivity: the conformalized band is still much wider where the noise is larger.
        let cqr = try ConformalizedQuantileRegressor.fit(lower: Array(low[..<1000]), upper: Array(high[..<1000]),
                                                         truth: Array(pool.y[..<1000]))
        let band = try cqr.intervals(lower: Array(low[1000...]), upper: Array(high[1000...]), alpha: alpha).widths
        let x0 = Array(pool.x0[1000...])
        func averageWidth(_ keep: (Double) -> Bool) -> Double {
            let w = x0.indices.filter { keep(x0[$0]) }.map { band[$0] }
            return w.reduce(0, +) / Double(w.count)
        }
        let outer = averageWidth { abs($0) > 1.5 }, inner = averageWidth { abs($0) < 0.5 }
        #expect(outer > 2 * inner, "band width \(outer) for |x₀| > 1.5 against \(inner) for |x₀| < 0.5")
    }
}
