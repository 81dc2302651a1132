// The running k-smallest selection against a full sort, with ties and blocks of every width.
import Testing
import Kernels

@Suite("k-smallest selection")
struct SelectionKernelsTests {
    @Test("merging column blocks keeps the k smallest per row, ties in index order", arguments: [1, 3, 5, 17])
    func matchesSort(k: Int) {
        let rows = 7, columns = 203
        // Small integers give many equal keys; the bias shifts each column.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(k)
        let values = (0..<(rows * columns)).map { _ -> Double in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double((state >> 33) % 23)
        }
        let bias = (0..<columns).map { Double($0 % 3) }
        var keys = [Double](repeating: 0, count: rows * k), indices = [Int](repeating: 0, count: rows * k)
        var filled = [Int](repeating: 0, count: rows)
        for width in [1, 9, 64] {
            for i in 0..<rows { filled[i] = 0 }
            var start = 0
            while start < columns {
                let w = min(width, columns - start)
                // The block is the columns start..<start+w of the full matrix (row stride `columns`).
                values.withUnsafeBufferPointer { v in
                    bias.withUnsafeBufferPointer { b in
                        SmallestSelection.merge(rows: rows, columns: w, block: v.baseAddress! + start, stride: columns, bias: b.baseAddress! + start,
                                                offset: start, k: k, keys: &keys, indices: &indices, filled: &filled)
                    }
                }
                start += w
            }
            for i in 0..<rows {
                var order: [Int] = Array(0..<columns)
                let key: (Int) -> Double = { j in values[i * columns + j] + bias[j] }
                order.sort { a, b in key(a) < key(b) || (key(a) == key(b) && a < b) }
                let expectedIndices = Array(order.prefix(k)), expectedKeys = expectedIndices.map(key)
                let gotIndices = Array(indices[(i * k)..<((i + 1) * k)]), gotKeys = Array(keys[(i * k)..<((i + 1) * k)])
                #expect(filled[i] == k)
                #expect(gotIndices == expectedIndices, "row \(i), blocks of \(width)")
                #expect(gotKeys == expectedKeys, "row \(i), blocks of \(width)")
            }
        }
    }
}
