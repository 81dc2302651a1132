// Scalers against scikit-learn's fitted attributes and transforms (1e-6).
import Testing
@testable import Datasets
import Tensors
import TestSupport

@Suite("Scalers")
struct ScalersTests {
    let wine: Tensor

    init() throws { wine = try BundledDataset.wine.load().features }

    @Test("StandardScaler on wine matches sklearn mean_, var_, scale_ and the transform")
    func standardWine() throws {
        let r = try ReferenceFixture.load().preprocessing.standard_wine
        let s = try StandardScaler().fit(wine)
        #expect(isClose(s.mean, r.mean.values, atol: 1e-9, rtol: 1e-12))
        #expect(isClose(s.variance, r.var.values, atol: 1e-9, rtol: 1e-10))
        #expect(isClose(s.scale, r.scale.values, atol: 1e-9, rtol: 1e-10))
        #expect(s.sampleCounts == [Int](repeating: 178, count: 13))
        let t = try s.transform(wine)
        #expect(t.dtype == .float32 && t.shape == [178, 13])
        #expect(maxAbsDifference(Array(t.doubles.prefix(130)), r.first_rows.values) < 1e-6)
        var sums = [Double](repeating: 0, count: 13)
        for (i, v) in t.doubles.enumerated() { sums[i % 13] += abs(v) }
        #expect(isClose(sums, r.column_abs_sums.values, atol: 1e-4, rtol: 1e-6))
        let back = try s.inverseTransform(t)
        #expect(isClose(back, wine, atol: 1e-3, rtol: 1e-6))
    }

    @Test("a constant column gets scale 1 and becomes zeros")
    func constantColumn() throws {
        let r = try ReferenceFixture.load().preprocessing.standard_constant
        let x = Tensor(r.input.values, shape: [4, 3])
        let s = try StandardScaler().fit(x)
        #expect(isClose(s.scale, r.scale.values, atol: 1e-12))
        #expect(s.scale[0] == 1)
        #expect(maxAbsDifference(try s.transform(x).doubles, r.transform.values) < 1e-12)
        let m = try MinMaxScaler().fit(x)
        #expect(maxAbsDifference(try m.transform(x).doubles, try ReferenceFixture.load().preprocessing.minmax_constant.transform.values) < 1e-12)
    }

    @Test("MinMaxScaler with range (-1, 2) on wine matches sklearn")
    func minMaxWine() throws {
        let r = try ReferenceFixture.load().preprocessing.minmax_wine
        let m = try MinMaxScaler(featureRange: -1...2).fit(wine)
        #expect(isClose(m.dataMin, r.data_min.values, atol: 0) && isClose(m.dataMax, r.data_max.values, atol: 0))
        #expect(isClose(m.scale, r.scale.values, atol: 1e-12) && isClose(m.offset, r.min.values, atol: 1e-9))
        let t = try m.transform(wine)
        #expect(maxAbsDifference(Array(t.doubles.prefix(130)), r.first_rows.values) < 1e-6)
        var sums = [Double](repeating: 0, count: 13)
        for (i, v) in t.doubles.enumerated() { sums[i % 13] += v }
        #expect(isClose(sums, r.column_sums.values, atol: 1e-4, rtol: 1e-6))
        let clipped = try MinMaxScaler(clip: true).fit(wine).transform(wine * 2)
        #expect(clipped.doubles.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test("NaN is ignored in fit and kept in transform; infinity and bad shapes throw")
    func missingAndErrors() throws {
        let x = Tensor([1, .nan, 3, 4, 5, .nan] as [Float], shape: [3, 2])
        let s = try StandardScaler().fit(x)
        #expect(s.mean == [3, 4] && s.sampleCounts == [3, 1])
        let t = try s.transform(x).scalars
        #expect(t[1].isNaN && t[5].isNaN && t[3] == 0)
        let inf = Tensor([1, 2, .infinity, 4] as [Float], shape: [2, 2])
        #expect(datasetError { _ = try StandardScaler().fit(inf) } == .infiniteValue(operation: "StandardScaler.fit", row: 1, column: 0))
        #expect(datasetError { _ = try s.transform(Tensor.zeros([2, 3])) }
            == .featureCountMismatch(operation: "StandardScaler.transform", expected: 2, found: 3))
        #expect(datasetError { _ = try MinMaxScaler().fit(Tensor.zeros([0, 3])) } == .emptyInput(operation: "MinMaxScaler.fit"))
        // Float64 in, Float64 out.
        #expect(try StandardScaler().fitTransform(Tensor([1.0, 2.0, 3.0], shape: [3, 1])).dtype == .float64)
    }
}
