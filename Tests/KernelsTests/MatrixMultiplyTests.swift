// Every GEMM path this CPU supports against the naive reference, on shapes that stress edges.
import Testing
import Kernels

/// Fills a buffer with deterministic values in [-1, 1).
private func pattern(_ n: Int, seed: UInt32) -> [Float] {
    var state = seed &* 2_654_435_761 | 1
    return (0..<n).map { _ in
        state ^= state << 13; state ^= state >> 17; state ^= state << 5
        return Float(state % 2000) / 1000 - 1
    }
}

struct GemmShape: Sendable, CustomTestStringConvertible {
    let m: Int, n: Int, k: Int, transA: Bool, transB: Bool, alpha: Float, beta: Float
    var testDescription: String { "\(m)x\(n)x\(k) tA=\(transA) tB=\(transB) α=\(alpha) β=\(beta)" }
}

let gemmShapes: [GemmShape] = {
    var shapes: [GemmShape] = []
    let sizes = [(1, 1, 1), (1, 7, 3), (5, 1, 9), (17, 33, 1), (31, 47, 65), (64, 64, 64), (65, 130, 257), (3, 300, 2), (128, 10, 32), (32, 10, 128), (41, 32, 200), (9, 31, 70), (0, 4, 4), (4, 4, 0)]
    for (i, (m, n, k)) in sizes.enumerated() {
        for ta in [false, true] {
            for tb in [false, true] {
                shapes.append(GemmShape(m: m, n: n, k: k, transA: ta, transB: tb, alpha: i % 2 == 0 ? 1 : 0.5, beta: i % 3 == 0 ? 0 : 0.75))
            }
        }
    }
    return shapes
}()

@Suite("GEMM kernels")
struct MatrixMultiplyTests {
    @Test("every supported path matches the reference", arguments: gemmShapes)
    func pathsMatchReference(_ s: GemmShape) {
        let lda = (s.transA ? s.m : s.k) + 3, ldb = (s.transB ? s.k : s.n) + 1, ldc = s.n + 2
        let a = pattern(max(1, (s.transA ? s.k : s.m) * lda), seed: 1)
        let b = pattern(max(1, (s.transB ? s.n : s.k) * ldb), seed: 2)
        let c0 = pattern(max(1, s.m * ldc), seed: 3)
        var expected = c0
        MatrixMultiply.sgemmReference(transA: s.transA, transB: s.transB, m: s.m, n: s.n, k: s.k, alpha: s.alpha,
                                      a: a, lda: lda, b: b, ldb: ldb, beta: s.beta, c: &expected, ldc: ldc)
        for path in KernelPath.supported {
            for threads in [1, 2] {
                var got = c0
                KernelPath.withPath(path) {
                    KernelThreads.with(threads) {
                        MatrixMultiply.sgemm(transA: s.transA, transB: s.transB, m: s.m, n: s.n, k: s.k, alpha: s.alpha,
                                             a: a, lda: lda, b: b, ldb: ldb, beta: s.beta, c: &got, ldc: ldc)
                    }
                }
                var worst: Float = 0
                for i in 0..<s.m {
                    for j in 0..<ldc {
                        let d = abs(got[i * ldc + j] - expected[i * ldc + j])
                        // Padding columns beyond n must be untouched.
                        if j >= s.n { #expect(got[i * ldc + j] == c0[i * ldc + j]) }
                        worst = max(worst, d / (1 + abs(expected[i * ldc + j])))
                    }
                }
                #expect(worst <= Float(s.k + 1) * 2e-6, "path \(path), \(threads) threads: worst relative error \(worst)")
            }
        }
    }

    @Test("beta = 0 ignores NaN already in C", arguments: [(8, 8, 8), (64, 128, 64), (100, 300, 700), (256, 10, 128), (33, 700, 5)])
    func betaZeroIgnoresC(_ shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        let a = pattern(m * k, seed: 4), b = pattern(k * n, seed: 5)
        for path in KernelPath.supported {
            for threads in [1, 2] {
                var c = [Float](repeating: .nan, count: m * n)
                KernelPath.withPath(path) {
                    KernelThreads.with(threads) {
                        MatrixMultiply.sgemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &c, ldc: n)
                    }
                }
                #expect(c.allSatisfy { $0.isFinite }, "path \(path), \(threads) threads")
            }
        }
    }

    @Test("every supported Float64 path matches the reference", arguments: gemmShapes + [
        GemmShape(m: 300, n: 310, k: 600, transA: false, transB: true, alpha: -2, beta: 0),
        GemmShape(m: 130, n: 2100, k: 40, transA: true, transB: false, alpha: 1, beta: 1),
        GemmShape(m: 4, n: 90, k: 33, transA: false, transB: true, alpha: 1, beta: 0.5),
    ])
    func dgemmPathsMatchReference(_ s: GemmShape) {
        let lda = (s.transA ? s.m : s.k) + 3, ldb = (s.transB ? s.k : s.n) + 1, ldc = s.n + 2
        let a = pattern(max(1, (s.transA ? s.k : s.m) * lda), seed: 11).map(Double.init)
        let b = pattern(max(1, (s.transB ? s.n : s.k) * ldb), seed: 12).map(Double.init)
        let c0 = pattern(max(1, s.m * ldc), seed: 13).map(Double.init)
        let alpha = Double(s.alpha), beta = Double(s.beta)
        var expected = c0
        MatrixMultiply.dgemmReference(transA: s.transA, transB: s.transB, m: s.m, n: s.n, k: s.k, alpha: alpha,
                                      a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &expected, ldc: ldc)
        var oneThread: [Double]?
        for path in KernelPath.supported {
            for threads in [1, 2] {
                var got = c0
                KernelPath.withPath(path) {
                    KernelThreads.with(threads) {
                        MatrixMultiply.dgemm(transA: s.transA, transB: s.transB, m: s.m, n: s.n, k: s.k, alpha: alpha,
                                             a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &got, ldc: ldc)
                    }
                }
                var worst = 0.0
                for i in 0..<s.m {
                    for j in 0..<ldc {
                        if j >= s.n { #expect(got[i * ldc + j] == c0[i * ldc + j], "padding column \(j) was written") }
                        worst = max(worst, abs(got[i * ldc + j] - expected[i * ldc + j]) / (1 + abs(expected[i * ldc + j])))
                    }
                }
                #expect(worst <= Double(s.k + 1) * 4e-16, "path \(path), \(threads) threads: worst relative error \(worst)")
                // The thread split never changes the summation order (bitwise the same as one thread).
                if threads == 1 { oneThread = got } else { #expect(got == oneThread, "path \(path): 2 threads differ from 1") }
            }
        }
    }

    @Test("every path's shifted Gram matrix and column sums match the naive sums", arguments: [
        (3000, 50), (100, 7), (2500, 64), (5000, 17), (1, 1), (40, 33),
    ])
    func shiftedGramMatchesReference(_ shape: (rows: Int, columns: Int)) {
        let (n, d) = shape, ldx = d + 3
        let x = pattern(n * ldx, seed: 21).map { Double($0) + 5 }
        let shift = (0..<d).map { Double($0 % 5) + 4.5 }
        var expected = [Double](repeating: 0, count: d * d), expectedSums = [Double](repeating: 0, count: d)
        for r in 0..<n {
            for i in 0..<d {
                expectedSums[i] += x[r * ldx + i] - shift[i]
                for j in 0..<d { expected[i * d + j] += (x[r * ldx + i] - shift[i]) * (x[r * ldx + j] - shift[j]) }
            }
        }
        var oneThread: [Double]?
        for path in KernelPath.supported {
            for threads in [1, 2] {
                var gram = [Double](repeating: .nan, count: d * d), sums = [Double](repeating: .nan, count: d)
                KernelPath.withPath(path) {
                    KernelThreads.with(threads) {
                        MatrixMultiply.shiftedGram(rows: n, columns: d, x: x, ldx: ldx, shift: shift, gram: &gram, sums: &sums)
                    }
                }
                let scale = Double(n) * 4
                let worst = zip(gram, expected).map { abs($0 - $1) / (1 + abs($1)) }.max()!
                #expect(worst <= Double(n + 1) * 4e-16, "path \(path), \(threads) threads: worst relative error \(worst)")
                #expect(zip(sums, expectedSums).allSatisfy { abs($0 - $1) <= 1e-12 * scale }, "path \(path): column sums")
                for i in 0..<d { for j in 0..<i { #expect(gram[i * d + j] == gram[j * d + i], "not symmetric at \(i), \(j)") } }
                // Fixed row blocks: the thread count never changes the result.
                if threads == 1 { oneThread = gram } else { #expect(gram == oneThread, "path \(path): 2 threads differ from 1") }
            }
        }
    }

    @Test("every path's narrow products (nearest centre, dots with few, Bᵀ·A) match the reference GEMM", arguments: [
        (300, 64, 10), (37, 50, 1), (100, 7, 17), (9, 3, 33), (513, 20, 16),
    ])
    func narrowProductsMatchReference(_ shape: (rows: Int, columns: Int, k: Int)) {
        let (n, d, k) = shape, ldx = d + 2, ldc = d + 1
        let x = pattern(n * ldx, seed: 31).map(Double.init), centres = pattern(k * ldc, seed: 32).map(Double.init)
        let norms = (0..<k).map { c in (0..<d).reduce(0.0) { $0 + centres[c * ldc + $1] * centres[c * ldc + $1] } }
        var dots = [Double](repeating: 0, count: n * k)
        MatrixMultiply.dgemmReference(transB: true, m: n, n: k, k: d, a: x, lda: ldx, b: centres, ldb: ldc, c: &dots, ldc: k)
        // Bᵀ·A with B = the dot products (n × k) and A = x (n × d): k × d.
        var product = [Double](repeating: 0, count: k * d)
        MatrixMultiply.dgemmReference(transA: true, m: k, n: d, k: n, a: dots, lda: k, b: x, ldb: ldx, c: &product, ldc: d)
        for path in KernelPath.supported {
            KernelPath.withPath(path) {
                var got = [Double](repeating: .nan, count: n * (k + 1))
                MatrixMultiply.dotsWithFew(rows: n, columns: d, x: x, ldx: ldx, centres: centres, ldc: ldc, k: k, dots: &got, ldd: k + 1)
                var worst = 0.0
                for i in 0..<n { for c in 0..<k { worst = max(worst, abs(got[i * (k + 1) + c] - dots[i * k + c]) / (1 + abs(dots[i * k + c]))) } }
                #expect(worst <= Double(d + 1) * 4e-16, "path \(path): dots worst relative error \(worst)")
                #expect((0..<n).allSatisfy { got[$0 * (k + 1) + k].isNaN }, "path \(path): padding column written")

                var labels = [Int](repeating: -1, count: n), keys = [Double](repeating: .nan, count: n)
                MatrixMultiply.nearestCentres(rows: n, columns: d, x: x, ldx: ldx, centres: centres, ldc: ldc, k: k,
                                              centreNorms: norms, labels: &labels, keys: &keys)
                for i in 0..<n {
                    let key = (0..<k).map { norms[$0] - 2 * dots[i * k + $0] }
                    let best = key.min()!
                    #expect(abs(keys[i] - best) <= 1e-9 * (1 + abs(best)), "path \(path): row \(i) key")
                    #expect(abs(key[labels[i]] - best) <= 1e-9 * (1 + abs(best)), "path \(path): row \(i) label \(labels[i])")
                }
                // The packed-rows kernel gives the same labels and keys bit for bit.
                let packed = MatrixMultiply.packRowBlocks(rows: n, columns: d, x: x, ldx: ldx)
                var packedLabels = [Int](repeating: -1, count: n), packedKeys = [Double](repeating: .nan, count: n)
                MatrixMultiply.nearestCentres(packedRows: n, columns: d, packed: packed, centres: centres, ldc: ldc, k: k,
                                              centreNorms: norms, labels: &packedLabels, keys: &packedKeys)
                #expect(packedLabels == labels && packedKeys == keys, "path \(path): packed rows differ")

                var tn = [Double](repeating: .nan, count: k * d)
                MatrixMultiply.transposedProductWithFew(k: n, m: d, a: x, lda: ldx, n: k, b: dots, ldb: k, c: &tn, ldc: d)
                let scale = product.map(abs).max()!
                let worstTN = zip(tn, product).map { abs($0 - $1) }.max()!
                #expect(worstTN <= Double(n + 1) * 4e-16 * scale, "path \(path): Bᵀ·A worst error \(worstTN)")
            }
        }
    }

    /// Small integers make many rows equally near several centres: both nearest-centre kernels must take the first
    /// of the equal keys in centre order, for every centre count's grouping (1 … 33 centres), row tails and blocks.
    @Test("the packed-rows nearest-centre kernel breaks ties as the unpacked one", arguments: [1, 2, 3, 5, 8, 10, 12, 13, 16, 25, 33])
    func packedNearestCentreTies(k: Int) {
        for (n, d) in [(1, 3), (17, 1), (100, 5), (257, 50)] {
            // pattern's values in [−1, 1) scaled and rounded: integers −3…3 and −2…2.
            let x = pattern(n * d, seed: UInt32(31 * k + n)).map { (Double($0) * 3.5).rounded(.down) }
            let centres = pattern(k * d, seed: UInt32(37 * k + n)).map { (Double($0) * 2.5).rounded(.down) }
            let norms = (0..<k).map { c in (0..<d).reduce(0.0) { $0 + centres[c * d + $1] * centres[c * d + $1] } }
            let packed = MatrixMultiply.packRowBlocks(rows: n, columns: d, x: x, ldx: d)
            for path in KernelPath.supported {
                KernelPath.withPath(path) {
                    var labels = [Int](repeating: -1, count: n), keys = [Double](repeating: .nan, count: n)
                    MatrixMultiply.nearestCentres(rows: n, columns: d, x: x, ldx: d, centres: centres, ldc: d, k: k,
                                                  centreNorms: norms, labels: &labels, keys: &keys)
                    var packedLabels = [Int](repeating: -1, count: n), packedKeys = [Double](repeating: .nan, count: n)
                    MatrixMultiply.nearestCentres(packedRows: n, columns: d, packed: packed, centres: centres, ldc: d, k: k,
                                                  centreNorms: norms, labels: &packedLabels, keys: &packedKeys)
                    #expect(packedLabels == labels && packedKeys == keys, "path \(path) k \(k) n \(n) d \(d)")
                }
            }
        }
    }

    @Test("packing no rows or no features gives an empty buffer, and searching it writes nothing")
    func packedNearestCentreEmpty() {
        #expect(MatrixMultiply.packRowBlocks(rows: 0, columns: 5, x: [Double](repeating: 1, count: 5), ldx: 5).isEmpty)
        #expect(MatrixMultiply.packRowBlocks(rows: 3, columns: 0, x: [0], ldx: 0).isEmpty)
        var labels = [-1], keys = [Double.nan]
        MatrixMultiply.nearestCentres(packedRows: 0, columns: 2, packed: [], centres: [1, 2], ldc: 2, k: 1, centreNorms: [5],
                                      labels: &labels, keys: &keys)
        #expect(labels == [-1] && keys[0].isNaN)
    }

    @Test("Float64 GEMM with beta = 0 ignores NaN already in C")
    func dgemmBetaZeroIgnoresC() {
        let (m, n, k) = (70, 90, 300)
        let a = pattern(m * k, seed: 6).map(Double.init), b = pattern(k * n, seed: 7).map(Double.init)
        for path in KernelPath.supported {
            var c = [Double](repeating: .nan, count: m * n)
            KernelPath.withPath(path) { MatrixMultiply.dgemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &c, ldc: n) }
            #expect(c.allSatisfy { $0.isFinite }, "path \(path)")
        }
    }

    @Test("results are bitwise identical run to run at a fixed thread count (N5)")
    func deterministic() {
        let (m, n, k) = (96, 200, 150)
        let a = pattern(m * k, seed: 8), b = pattern(k * n, seed: 9)
        var first = [Float](repeating: 0, count: m * n), second = first
        MatrixMultiply.sgemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &first, ldc: n)
        MatrixMultiply.sgemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &second, ldc: n)
        #expect(first == second)
    }
}
