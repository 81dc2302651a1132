import CKernels
import Kernels
import Testing

@Suite struct VectorSearchKernelsTests {
    /// Deterministic pseudo-random floats in [-1, 1).
    static func values(_ n: Int, seed: UInt64) -> [Float] {
        var s = seed
        return (0..<n).map { _ in
            s = s &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int64(bitPattern: s >> 11) % 2_000_000) / 1_000_000 - 1
        }
    }

    @Test(arguments: [1, 7, 16, 33, 64, 384, 385])
    func rowDistancesMatchNaiveOnEveryPath(dimension d: Int) {
        let n = 9
        let base = Self.values(n * d, seed: 1), q = Self.values(d, seed: 2)
        let rows: [Int32] = [8, 0, 3, 3, 5]
        for isa in [SL_ISA_GENERIC, SL_ISA_AVX2, SL_ISA_AVX512, SL_ISA_NEON] where sl_cpu_supports(isa) != 0 {
            sl_set_thread_isa(Int32(isa.rawValue))
            defer { sl_set_thread_isa(-1) }
            var dots = [Float](repeating: 0, count: rows.count), l2 = dots
            RowDistances.dot(query: q, base: base, dimension: d, rows: rows, count: rows.count, into: &dots)
            RowDistances.squaredL2(query: q, base: base, dimension: d, rows: rows, count: rows.count, into: &l2)
            for (i, r) in rows.enumerated() {
                var dot: Double = 0, sq: Double = 0
                for j in 0..<d {
                    let x = Double(base[Int(r) * d + j]), y = Double(q[j])
                    dot += x * y
                    sq += (x - y) * (x - y)
                }
                #expect(abs(Double(dots[i]) - dot) <= 1e-4 * Double(d), "dot, \(sl_isa_name(isa).map { String(cString: $0) } ?? "")")
                #expect(abs(Double(l2[i]) - sq) <= 1e-4 * Double(d))
            }
            var all = [Float](repeating: 0, count: n)
            RowDistances.dot(query: q, base: base, dimension: d, rows: nil, count: n, into: &all)
            #expect(abs(all[3] - dots[2]) <= 1e-5 * Float(d))
        }
    }

    @Test func floatTopKMatchesSortingAcrossBlocks() {
        let rows = 5, cols = 300, k = 7
        let data = Self.values(rows * cols, seed: 3).map { ($0 * 20).rounded() / 20 }  // many ties
        let bias = Self.values(cols, seed: 4).map { ($0 * 4).rounded() / 4 }
        var keys = [Float](repeating: 0, count: rows * k), idx = [Int](repeating: -1, count: rows * k)
        var filled = [Int](repeating: 0, count: rows)
        for start in stride(from: 0, to: cols, by: 64) {  // blocks of 64 columns, the last one ragged
            let w = min(64, cols - start)
            var block = [Float](repeating: 0, count: rows * w)
            for i in 0..<rows { for j in 0..<w { block[i * w + j] = data[i * cols + start + j] } }
            let b = Array(bias[start..<(start + w)])
            SmallestSelectionFloat.merge(rows: rows, columns: w, block: block, stride: w, bias: b, offset: start, k: k,
                                         keys: &keys, indices: &idx, filled: &filled)
        }
        for i in 0..<rows {
            var pairs: [(Float, Int)] = []
            for j in 0..<cols { pairs.append((data[i * cols + j] + bias[j], j)) }
            pairs.sort { a, b in a.0 < b.0 || (a.0 == b.0 && a.1 < b.1) }
            let expectedIDs: [Int] = pairs.prefix(k).map { $0.1 }
            let expectedKeys: [Float] = pairs.prefix(k).map { $0.0 }
            let gotIDs = Array(idx[(i * k)..<((i + 1) * k)]), gotKeys = Array(keys[(i * k)..<((i + 1) * k)])
            #expect(filled[i] == k)
            #expect(gotIDs == expectedIDs)
            #expect(gotKeys == expectedKeys)
        }
    }

    @Test func floatTopKSkipsNaN() {
        let block: [Float] = [.nan, 3, .nan, 1, 2]
        var keys = [Float](repeating: 0, count: 4), idx = [Int](repeating: -1, count: 4), filled = [0]
        SmallestSelectionFloat.merge(rows: 1, columns: 5, block: block, stride: 5, bias: nil, offset: 10, k: 4,
                                     keys: &keys, indices: &idx, filled: &filled)
        #expect(filled[0] == 3)
        #expect(Array(idx.prefix(3)) == [13, 14, 11])
    }
}
