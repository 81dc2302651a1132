import Foundation
import Kernels
import Tensors
import Testing
import TestSupport
@testable import ClassicML

@Suite("PCA")
struct PCATests {
    @Test func matchesScikitLearnOnDigits() throws {
        let reference = OtherFixtures.shared.pca
        let d = try referenceData("digits")
        let x = Tensor(d.x, shape: [d.rows, d.columns])
        let model = try PCA(components: 16).fit(x)
        let components = model.components.doubles
        #expect(components.count == reference.components.count)
        // Same sign convention as scikit-learn's svd_flip; compare up to sign anyway, row by row.
        for c in 0..<16 {
            let ours = components[(c * 64)..<((c + 1) * 64)], theirs = reference.components[(c * 64)..<((c + 1) * 64)]
            let same = zip(ours, theirs).map { abs($0 - $1) }.max()!, flipped = zip(ours, theirs).map { abs($0 + $1) }.max()!
            #expect(min(same, flipped) <= 1e-4, "component \(c): \(min(same, flipped))")
            #expect(same <= 1e-4, "component \(c) has the other sign")
        }
        for (a, b) in zip(model.explainedVariance, reference.explained_variance) { #expect(abs(a - b) <= 1e-8 * b) }
        for (a, b) in zip(model.explainedVarianceRatio, reference.explained_variance_ratio) { #expect(abs(a - b) <= 1e-8 * b) }
        for (a, b) in zip(model.singularValues, reference.singular_values) { #expect(abs(a - b) <= 1e-8 * b) }
        for (a, b) in zip(model.mean, reference.mean) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
    }

    @Test func allComponentsReconstructExactly() throws {
        let d = try referenceData("iris")
        let x = Tensor(d.x, shape: [d.rows, d.columns])
        let model = try PCA().fit(x)
        let back = try model.inverseTransform(try model.transform(x)).doubles
        #expect(zip(back, d.x).map { abs($0 - $1) }.max()! < 1e-10)
        #expect(abs(model.explainedVarianceRatio.reduce(0, +) - 1) < 1e-12)
        // Projections are uncorrelated with the explained variances on the diagonal.
        let z = try model.transform(x).doubles
        var v0 = 0.0, c01 = 0.0
        for i in 0..<d.rows {
            let a: Double = z[i * 4], b: Double = z[i * 4 + 1]
            v0 += a * a
            c01 += a * b
        }
        v0 /= Double(d.rows - 1)
        c01 /= Double(d.rows - 1)
        #expect(abs(v0 - model.explainedVariance[0]) < 1e-9 && abs(c01) < 1e-9)
    }

    /// Tall data goes through the one-pass shifted Gram matrix: a mean far larger than the spread (1e6 against
    /// ~10) loses nothing against the two-pass covariance, and the threads do not change the result.
    @Test func tallDataWithALargeMeanMatchesTheTwoPassCovariance() throws {
        let (rows, columns) = (3000, 6)
        var values = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            let t = Double((i * 7919) % 997) / 97
            for j in 0..<columns { values[i * columns + j] = 1e6 + Double(j) * 1e3 + t * Double(j + 1) + Double((i * (j + 3)) % 13) / 7 }
        }
        let x = Tensor(values, shape: [rows, columns])
        let model = try KernelThreads.with(2) { try PCA(components: 3).fit(x) }
        let serial = try KernelThreads.with(1) { try PCA(components: 3).fit(x) }
        #expect(model.components.doubles == serial.components.doubles && model.explainedVariance == serial.explainedVariance)
        var mean = [Double](repeating: 0, count: columns)
        for i in 0..<rows { for j in 0..<columns { mean[j] += values[i * columns + j] / Double(rows) } }
        var covariance = DenseMatrix(rows: columns, columns: columns)
        for i in 0..<rows {
            for a in 0..<columns {
                for b in 0..<columns {
                    covariance[a, b] += (values[i * columns + a] - mean[a]) * (values[i * columns + b] - mean[b]) / Double(rows - 1)
                }
            }
        }
        let eigen = try SymmetricEigendecomposition(covariance)
        for c in 0..<3 {
            let expected = eigen.values[columns - 1 - c]
            #expect(abs(model.explainedVariance[c] - expected) <= 1e-9 * eigen.values.last!, "component \(c)")
        }
        for j in 0..<columns { #expect(abs(model.mean[j] - mean[j]) <= 1e-9) }
    }

    @Test func nonFiniteInputIsReportedWhereItIs() {
        var values = (0..<(2000 * 5)).map { Double($0 % 17) }
        values[1500 * 5 + 3] = .nan
        #expect(throws: ClassicMLError.nonFinite(row: 1500, column: 3)) { _ = try PCA(components: 2).fit(Tensor(values, shape: [2000, 5])) }
        let model = try? PCA(components: 2).fit(Tensor((0..<(2000 * 5)).map { Double(($0 * 31) % 17) }, shape: [2000, 5]))
        values[1500 * 5 + 3] = .infinity
        #expect(throws: ClassicMLError.nonFinite(row: 1500, column: 3)) { _ = try model?.transform(Tensor(values, shape: [2000, 5])) }
    }

    @Test func conformance() throws {
        let d = try referenceData("wine")
        try checkEstimator(PCA(components: 3), x: Tensor(d.x, shape: [d.rows, d.columns]), y: nil) { m, x throws(ClassicMLError) in try m.transform(x) }
    }

    @Test func badInput() {
        #expect(throws: ClassicMLError.tooFewSamples(what: "PCA with 3 components (at most min(samples, features))", needed: 3, found: 2)) {
            _ = try PCA(components: 3).fit(Tensor([1.0, 2, 3, 4, 5, 6], shape: [2, 3]))
        }
        #expect(throws: ClassicMLError.featureCountMismatch(expected: 1, found: 2)) {
            _ = try PCA(components: 1).fit(Tensor([1.0, 2, 3, 4, 5, 7], shape: [3, 2])).inverseTransform(Tensor.ones([1, 2], dtype: .float64))
        }
    }
}
