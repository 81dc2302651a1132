// The benchmark cases. Names match scripts/reference/bench_reference.py, which times the same work.
import Foundation
import SwiftLearn

/// What a case's figure counts.
enum Measure {
    case flops(Double)  // reported as GFLOP/s
    case images(Int)  // reported as images/s
    case bytes(Double)  // reported as GB/s (bytes read + written per call)
    case samples(Int)  // reported as samples/s
    case calls  // reported as fits/s (one fit + predict per call)

    var unit: String {
        switch self {
        case .flops: "GFLOP/s"
        case .images: "images/s"
        case .bytes: "GB/s"
        case .samples: "samples/s"
        case .calls: "fits/s"
        }
    }

    func rate(secondsPerCall s: Double) -> Double {
        switch self {
        case .flops(let f): f / s / 1e9
        case .images(let n): Double(n) / s
        case .bytes(let b): b / s / 1e9
        case .samples(let n): Double(n) / s
        case .calls: 1 / s
        }
    }
}

/// One case: how to set it up (outside the timing) and what a call does.
struct BenchCase {
    let name: String
    let measure: Measure
    let note: String
    /// The Python script under scripts/reference/ that times the same work.
    var referenceScript = "bench_reference.py"
    /// Filled by the timed call with a description of its output's quality (classical models: test accuracy…).
    var quality: QualityReport?
    let setUp: () -> () -> Void

    init(name: String, measure: Measure, note: String, referenceScript: String = "bench_reference.py",
         quality: QualityReport? = nil, setUp: @escaping () -> () -> Void) {
        self.name = name
        self.measure = measure
        self.note = note
        self.referenceScript = referenceScript
        self.quality = quality
        self.setUp = setUp
    }
}

/// Where a case's call leaves the quality of its last output (the benchmark runs on one thread at a time).
final class QualityReport: @unchecked Sendable {
    var text: String?
}

private func randomBuffer(_ n: Int, seed: UInt64) -> UnsafeMutablePointer<Float> {
    var rng = RandomGenerator(seed: seed)
    let t = Tensor.uniform([n], low: -1, high: 1, using: &rng).scalars
    let p = floatBuffer(n)
    p.update(from: t, count: n)
    return p
}

/// `n` floats from the allocator Tensor storage uses (huge pages from 4 MiB up, as NumPy does for the reference).
private func floatBuffer(_ n: Int) -> UnsafeMutablePointer<Float> {
    LargeBuffers.allocate(byteCount: n * MemoryLayout<Float>.stride, alignment: 64).bindMemory(to: Float.self, capacity: n)
}

private func gemmCase(_ name: String, m: Int, k: Int, n: Int, batch: Int = 1) -> BenchCase {
    BenchCase(name: name, measure: .flops(2 * Double(batch * m * n * k)), note: "C = A·B into a preallocated C") {
        let a = randomBuffer(batch * m * k, seed: 1), b = randomBuffer(batch * k * n, seed: 2)
        let c = floatBuffer(batch * m * n)
        if batch == 1 {
            return { MatrixMultiply.sgemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: c, ldc: n) }
        }
        // The batched product through the Tensor op (what an attention layer calls).
        var rng = RandomGenerator(seed: 3)
        let ta = Tensor.uniform([batch, m, k], using: &rng), tb = Tensor.uniform([batch, k, n], using: &rng)
        return { _ = ta.matmul(tb) }
    }
}

private func convCase(_ name: String, cin: Int, cout: Int, hw: Int, backward: Bool) -> BenchCase {
    let fwd = 2.0 * 64 * Double(cout * hw * hw * cin * 9)
    let flops = backward ? fwd * (cin == 1 ? 2 : 3) : fwd
    return BenchCase(name: name, measure: .images(64),
                     note: backward ? "forward + backward, batch 64, 3×3 pad 1 (\(String(format: "%.2f", flops / 1e9)) GFLOP/call)" : "forward, batch 64, 3×3 pad 1") {
        var rng = RandomGenerator(seed: 4)
        let x = Tensor.normal([64, cin, hw, hw], using: &rng)
        let w = Tensor.normal([cout, cin, 3, 3], std: 0.1, using: &rng), b = Tensor.zeros([cout])
        if !backward {
            return { _ = withoutGradients { Tensor.conv2d(x, weight: w, bias: b, padding: (1, 1)) } }
        }
        let g = Tensor.normal([64, cout, hw, hw], using: &rng)
        let xin = cin == 1 ? x : x.requiringGradient()
        let wg = w.requiringGradient(), bg = b.requiringGradient()
        return {
            let y = Tensor.conv2d(xin, weight: wg, bias: bg, padding: (1, 1))
            _ = y.backward(g)
        }
    }
}

private func vectorCase(_ name: String, count n: Int, bytesPerElement: Double, note: String,
                        _ body: @escaping (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> BenchCase {
    BenchCase(name: name, measure: .bytes(bytesPerElement * Double(n)), note: note) {
        let x = randomBuffer(n, seed: 5), y = floatBuffer(n)
        y.update(repeating: 0, count: n)
        return { body(x, y) }
    }
}

let million = 1 << 20

nonisolated(unsafe) let allCases: [BenchCase] = {  // built once at start-up, read-only after
    var cases = [
        gemmCase("sgemm-512", m: 512, k: 512, n: 512),
        gemmCase("sgemm-1024", m: 1024, k: 1024, n: 1024),
        gemmCase("sgemm-2048", m: 2048, k: 2048, n: 2048),
        gemmCase("sgemm-64x784x256", m: 64, k: 784, n: 256),
        gemmCase("sgemm-128x384x1536", m: 128, k: 384, n: 1536),
        gemmCase("sgemm-32x128x10", m: 32, k: 128, n: 10),
        gemmCase("bmm-16x128x64x128", m: 128, k: 64, n: 128, batch: 16),
        convCase("conv2d-1to32-28-fwdbwd", cin: 1, cout: 32, hw: 28, backward: true),
        convCase("conv2d-32to64-14-fwdbwd", cin: 32, cout: 64, hw: 14, backward: true),
        convCase("conv2d-1to32-28-fwd", cin: 1, cout: 32, hw: 28, backward: false),
        convCase("conv2d-32to64-14-fwd", cin: 32, cout: 64, hw: 14, backward: false),
    ]
    for (label, n) in [("1M", million), ("16M", 16 * million)] {
        cases.append(vectorCase("axpb-\(label)", count: n, bytesPerElement: 8, note: "y = a·x + b") { x, y in
            VectorKernels.affine(x, a: 1.5, b: 0.5, y, count: n)
        })
        cases.append(vectorCase("exp-\(label)", count: n, bytesPerElement: 8, note: "y = exp(x)") { x, y in
            VectorKernels.map(.exp, x, y, count: n)
        })
        cases.append(vectorCase("gelu-\(label)", count: n, bytesPerElement: 8, note: "y = gelu(x), exact (erf)") { x, y in
            VectorKernels.map(.geluErf, x, y, count: n)
        })
        cases.append(vectorCase("sum-\(label)", count: n, bytesPerElement: 4, note: "Σx") { x, _ in
            _ = ReductionKernels.sum(x, count: n)
        })
        cases.append(vectorCase("softmax-rows-\(label)", count: n, bytesPerElement: 8, note: "softmax of rows of 1024") { x, y in
            ReductionKernels.softmaxRows(x, y, rows: n / 1024, cols: 1024, log: false)
        })
    }
    if let (x, y) = try? digitsForMLP() { cases.append(mlpEpochCase(features: x, labels: y)) }
    cases.append(cnnStepCase())
    cases.append(lstmCase())
    cases.append(transformerCase())
    cases += classicCases()
    cases += embeddingCases()
    cases += tokenizerCases()
    cases += treeProfileCases()
    return cases
}()
