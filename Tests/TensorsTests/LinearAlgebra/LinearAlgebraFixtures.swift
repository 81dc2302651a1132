// Shared helpers for the linear-algebra tests: seeded matrices of several shapes, fixture decoding, norms.
import Foundation
import Testing
import TestSupport
@testable import Tensors

/// The parent suite of the linear-algebra tests (`swift test --filter LinearAlgebra` selects them all).
@Suite("LinearAlgebra") enum LinearAlgebraTests {}

/// A matrix in the linalg fixtures: shape and row-major values.
struct FixtureMatrix: Decodable {
    let shape: [Int]
    let values: [Double]
    var matrix: DenseMatrix { DenseMatrix(rows: shape[0], columns: shape[1], elements: values) }
}

/// Tests/Fixtures/linalg/decompositions.json (scripts/reference/make_linalg_fixtures.py).
struct DecompositionFixtures: Decodable {
    struct Spectrum: Decodable { let name: String; let a: FixtureMatrix; let values: [Double] }
    struct Lstsq: Decodable {
        let name: String
        let a: FixtureMatrix, b: FixtureMatrix, solution: FixtureMatrix
        let residuals: [Double]
        let rank: Int
        let singularValues: [Double]
    }
    let versions: [String: String]
    let eigh: [Spectrum]
    let svd: [Spectrum]
    let lstsq: [Lstsq]

    static func load() throws -> DecompositionFixtures { try Fixtures.json("linalg/decompositions.json") }
}

/// Tests/Fixtures/linalg/optimizers.json (scripts/reference/make_linalg_fixtures.py).
struct OptimizerFixtures: Decodable {
    struct Data: Decodable { let x: FixtureMatrix; let y: [Double] }
    struct Logistic: Decodable { let C: Double; let coef: [Double]; let intercept: Double }
    struct ElasticNet: Decodable {
        let estimator: String
        let alpha: Double, l1Ratio: Double
        let fitIntercept: Bool
        let coef: [Double]
        let intercept: Double
    }
    let versions: [String: String]
    let logisticData: Data
    let logistic: [Logistic]
    let elasticNetData: Data
    let elasticNet: [ElasticNet]

    static func load() throws -> OptimizerFixtures { try Fixtures.json("linalg/optimizers.json") }
}

enum TestMatrices {
    /// Standard-normal entries from a seeded generator.
    static func random(_ rows: Int, _ columns: Int, seed: UInt64) -> DenseMatrix {
        var rng = RandomGenerator(seed: seed)
        let t = Tensor.normal([rows, columns], dtype: .float64, using: &rng)
        return DenseMatrix(rows: rows, columns: columns, elements: t.doubles)
    }

    /// The `n × n` Hilbert matrix (condition number ≈ 1e10 at n = 8).
    static func hilbert(_ n: Int) -> DenseMatrix {
        var h = DenseMatrix(rows: n, columns: n)
        for i in 0..<n { for j in 0..<n { h[i, j] = 1 / Double(i + j + 1) } }
        return h
    }

    /// A symmetric positive-definite matrix `BBᵀ + n I`.
    static func spd(_ n: Int, seed: UInt64) -> DenseMatrix {
        let b = random(n, n, seed: seed)
        var a = b.multiplied(by: b, transposingOther: true)
        for i in 0..<n { a[i, i] += Double(n) }
        return a
    }

    /// Named general matrices: square, tall, wide, ill-conditioned, rank-deficient (tall and wide).
    static let shapes: [(name: String, matrix: DenseMatrix)] = [
        ("square 7×7", random(7, 7, seed: 1)),
        ("tall 13×5", random(13, 5, seed: 2)),
        ("wide 4×11", random(4, 11, seed: 3)),
        ("ill-conditioned Hilbert 8×8", hilbert(8)),
        ("rank-deficient 12×8 (rank 3)", random(12, 3, seed: 4) * random(3, 8, seed: 5)),
        ("rank-deficient 6×10 (rank 2)", random(6, 2, seed: 6) * random(2, 10, seed: 7)),
    ]

    /// The matrix of ``shapes`` called `name` (test arguments are the names, which print well).
    static func named(_ name: String) -> DenseMatrix { shapes.first { $0.name == name }!.matrix }
}

/// The largest |aᵢⱼ − bᵢⱼ| (infinity when the shapes differ).
func maxDifference(_ a: DenseMatrix, _ b: DenseMatrix) -> Double {
    guard a.shape == b.shape else { return .infinity }
    return maxAbsDifference(a.elements, b.elements)
}

/// `max |QᵀQ − I|` for a matrix whose columns should be orthonormal.
func orthonormalityError(_ q: DenseMatrix) -> Double {
    maxDifference(q.multiplied(by: q, transposingSelf: true), .identity(q.columns))
}
