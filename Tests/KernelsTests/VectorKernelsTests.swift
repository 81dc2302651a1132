// Elementwise and reduction kernels, every supported path, against Float64 math.
import Foundation
import Testing
import Kernels

private let probe: [Float] = {
    var v: [Float] = [0, -0.0, 1, -1, 1e-8, -1e-8, 10, -10, 20, -20, 50, -50, 88, -88, 89, -104, 200, -200, 1e4, -1e4, .infinity, -.infinity]
    for i in 0..<2000 { v.append(Float(i - 1000) * 0.0137) }
    return v
}()

/// The map in Float64; at ±infinity, its limit (x·Φ(x) and x·σ(x) tend to 0 at −∞, not NaN).
private func reference(_ map: VectorKernels.Map, _ x: Double) -> Double {
    if x == -.infinity, [.geluTanh, .geluErf, .silu].contains(map) { return 0 }
    switch map {
    case .exp: return Foundation.exp(x)
    case .tanh: return Foundation.tanh(x)
    case .sigmoid: return 1 / (1 + Foundation.exp(-x))
    case .geluTanh: return 0.5 * x * (1 + Foundation.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))
    case .geluErf: return 0.5 * x * (1 + Foundation.erf(x / 2.0.squareRoot()))
    case .silu: return x / (1 + Foundation.exp(-x))
    }
}

@Suite("Vector kernels")
struct VectorKernelsTests {
    @Test("maps match Float64 math on every path", arguments: [VectorKernels.Map.exp, .tanh, .sigmoid, .geluTanh, .geluErf, .silu])
    func maps(_ map: VectorKernels.Map) {
        for path in KernelPath.supported {
            var y = [Float](repeating: 0, count: probe.count)
            KernelPath.withPath(path) { VectorKernels.map(map, probe, &y, count: probe.count) }
            for (x, got) in zip(probe, y) {
                let want = reference(map, Double(x))
                if want.isNaN { #expect(got.isNaN); continue }
                if want.isInfinite || abs(want) > Double(Float.greatestFiniteMagnitude) {
                    #expect(got == Float(want), "\(map) \(path) x=\(x)")
                    continue
                }
                let err = abs(Double(got) - want)
                #expect(err <= 4e-6 * abs(want) + 1e-7, "\(map) on \(path): x=\(x) got \(got) want \(want)")
            }
        }
    }

    @Test("binary ops and affine match scalar math on every path")
    func binaryAndAffine() {
        let x = (0..<1037).map { Float($0) * 0.5 - 100 }, y = (0..<1037).map { Float($0 % 17) + 1 }
        for path in KernelPath.supported {
            KernelPath.withPath(path) {
                for op in [VectorKernels.Binary.add, .sub, .mul, .div] {
                    var z = [Float](repeating: 0, count: x.count), zs = z
                    VectorKernels.binary(op, x, y, &z, count: x.count)
                    VectorKernels.binary(op, x, scalar: 3, &zs, count: x.count)
                    for i in x.indices {
                        let (e, es): (Float, Float) = switch op {
                        case .add: (x[i] + y[i], x[i] + 3)
                        case .sub: (x[i] - y[i], x[i] - 3)
                        case .mul: (x[i] * y[i], x[i] * 3)
                        case .div: (x[i] / y[i], x[i] / 3)
                        }
                        #expect(z[i] == e && abs(zs[i] - es) <= abs(es) * 1e-6, "\(op) \(path) at \(i)")
                    }
                }
                var a = [Float](repeating: 0, count: x.count)
                VectorKernels.affine(x, a: 2, b: -1, &a, count: x.count)
                #expect(zip(x, a).allSatisfy { abs($1 - (2 * $0 - 1)) <= 1e-5 * abs(2 * $0 - 1) + 1e-6 })
            }
        }
    }

    @Test("sum is accurate and identical across thread counts")
    func sum() {
        let n = 3_000_001
        let x = (0..<n).map { Float(($0 * 7919) % 1000) / 1000 }
        let exact = x.reduce(0.0) { $0 + Double($1) }
        for path in KernelPath.supported {
            KernelPath.withPath(path) {
                let one = KernelThreads.with(1) { ReductionKernels.sum(x, count: n) }
                let two = KernelThreads.with(2) { ReductionKernels.sum(x, count: n) }
                #expect(one == two, "\(path): thread count changed the sum")
                #expect(abs(Double(one) - exact) / exact < 1e-5, "\(path): \(one) vs \(exact)")
            }
        }
    }

    @Test("softmax rows are stable at ±1e4 and sum to one")
    func softmaxStable() {
        let rows: [[Float]] = [[1e4, 1e4 - 1, -1e4], [-1e4, -1e4, -1e4], [0, 0, 0], [3], [1, 2, 3]]
        for path in KernelPath.supported {
            KernelPath.withPath(path) {
                for row in rows {
                    var y = [Float](repeating: 0, count: row.count), l = y
                    ReductionKernels.softmaxRows(row, &y, rows: 1, cols: row.count, log: false)
                    ReductionKernels.softmaxRows(row, &l, rows: 1, cols: row.count, log: true)
                    let m = Double(row.max()!)
                    let lse = m + Foundation.log(row.reduce(0.0) { $0 + Foundation.exp(Double($1) - m) })
                    for (i, v) in row.enumerated() {
                        #expect(abs(Double(l[i]) - (Double(v) - lse)) < 1e-3, "\(path) log-softmax \(row)")
                        #expect(abs(Double(y[i]) - Foundation.exp(Double(v) - lse)) < 1e-6, "\(path) softmax \(row)")
                    }
                }
            }
        }
    }
}

@Suite("Float64 exp")
struct DoubleExpTests {
    @Test("every path is within 2 ulp of libm, with libm's values at the range edges")
    func matchesLibm() {
        var x = stride(from: -750.0, through: 712.0, by: 0.37).map { $0 }
        x += [0, -0.0, 1e-300, -1e-300, 0.5 * 0.6931471805599453, -0.5 * 0.6931471805599453, 708.0, -708.0, 709.0, 709.8, -745.2,
              .infinity, -.infinity, .nan, .greatestFiniteMagnitude, -.greatestFiniteMagnitude]
        for path in KernelPath.supported {
            var y = [Double](repeating: 0, count: x.count)
            KernelPath.withPath(path) { VectorKernels.exp(x, &y, count: x.count) }
            for (v, got) in zip(x, y) {
                let expected = Foundation.exp(v)
                if expected.isNaN { #expect(got.isNaN, "path \(path), x = \(v)"); continue }
                if expected == 0 || expected.isInfinite { #expect(got == expected, "path \(path), x = \(v)"); continue }
                #expect(abs(got - expected) <= 2 * expected.ulp, "path \(path), x = \(v): \(got) vs \(expected)")
            }
        }
    }
}
