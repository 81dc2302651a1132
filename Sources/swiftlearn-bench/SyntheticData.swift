// The seeded synthetic classification set of the classical benchmarks: 100,000 × 50 Float64, 10 Gaussian
// classes. scripts/reference/bench_classic_reference.py (`synthetic()`) generates exactly the same numbers
// with NumPy from the same counter-based formula, so both sides fit the same data without a file in between.
//
//   mix(k)        = SplitMix64 finaliser of k (Steele, Lea & Flood 2014)
//   uniform(s, k) = ((mix(s·2⁴⁰ + k) >> 11) + 0.5) · 2⁻⁵³                 in (0, 1)
//   normal(s, k)  = √(−2 ln uniform(s, 2k)) · cos(2π · uniform(s, 2k + 1))   Box–Muller
//   label[i]      = mix(3·2⁴⁰ + i) mod 10
//   center[c][j]  = normal(1, c·50 + j)
//   x[i][j]       = center[label[i]][j] + 2.5 · normal(2, i·50 + j)
// Rows 0..<80,000 fit, rows 80,000..<100,000 predict. Class centres ~10 apart against noise σ = 2.5 per axis
// (1.7 σ to each pairwise boundary), so the classes overlap and accuracy is informative.
import Foundation
import SwiftLearn

enum SyntheticData {
    static let rows = 100_000, features = 50, classes = 10, fitRows = 80_000
    static let noise = 2.5

    static func mix(_ k: UInt64) -> UInt64 {
        var z = k &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func uniform(_ stream: UInt64, _ k: UInt64) -> Double {
        (Double(mix(stream << 40 &+ k) >> 11) + 0.5) * 0x1p-53
    }

    static func normal(_ stream: UInt64, _ k: UInt64) -> Double {
        (-2 * Foundation.log(uniform(stream, 2 * k))).squareRoot() * Foundation.cos(2 * Double.pi * uniform(stream, 2 * k + 1))
    }

    /// Features `[100000, 50]` and labels `[100000]` (Float64). Built once per process.
    static let dataset: (x: Tensor, y: Tensor) = {
        let labels = (0..<rows).map { Int(mix(3 << 40 &+ UInt64($0)) % UInt64(classes)) }
        let centers = (0..<(classes * features)).map { normal(1, UInt64($0)) }
        var x = [Double](repeating: 0, count: rows * features)
        for i in 0..<rows {
            for j in 0..<features {
                x[i * features + j] = centers[labels[i] * features + j] + noise * normal(2, UInt64(i * features + j))
            }
        }
        return (Tensor(x, shape: [rows, features]), Tensor(labels.map(Double.init), shape: [rows]))
    }()

    /// (fit features, fit labels, predict features, predict labels).
    static var split: (xFit: Tensor, yFit: Tensor, xTest: Tensor, yTest: Tensor) {
        let (x, y) = dataset
        return (x.narrowed(axis: 0, start: 0, length: fitRows), y.narrowed(axis: 0, start: 0, length: fitRows),
                x.narrowed(axis: 0, start: fitRows, length: rows - fitRows), y.narrowed(axis: 0, start: fitRows, length: rows - fitRows))
    }
}
