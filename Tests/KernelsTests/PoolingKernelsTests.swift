import Testing
@testable import Kernels

@Suite("Pooling kernels")
struct PoolingKernelsTests {
    /// The C max-pool against a naive loop, for several window/stride shapes, with NaN and ties.
    @Test(arguments: [(2, 2, 2, 2), (3, 3, 2, 2), (2, 3, 1, 2), (3, 2, 3, 1), (2, 2, 1, 1)])
    func maxPoolMatchesNaiveLoop(_ k: (Int, Int, Int, Int)) {
        let (kh, kw, sh, sw) = k
        let planes = 3, h = 9, w = 11
        let ho = (h - kh) / sh + 1, wo = (w - kw) / sw + 1
        var x = (0..<(planes * h * w)).map { Float(($0 * 37) % 23) - 11 }
        x[5] = .nan
        x[h * w + 40] = .nan
        x[2 * h * w + 1] = .nan     // second element of a 2×2 window
        x[2 * h * w + w] = .nan     // and the third of the same window: the first NaN must win
        x[2 * h * w + 4] = 7; x[2 * h * w + 5] = 7; x[2 * h * w + w + 4] = 7  // ties keep the first
        var y = [Float](repeating: 0, count: planes * ho * wo), win = [Int32](repeating: -1, count: planes * ho * wo)
        x.withUnsafeBufferPointer { px in
            PoolingKernels.maxPool2d(px.baseAddress!, &y, winners: &win, planes: planes, height: h, width: w, kernel: (kh, kw),
                                     stride: (sh, sw), outputHeight: ho, outputWidth: wo)
        }
        for p in 0..<planes {
            for oh in 0..<ho {
                for ow in 0..<wo {
                    var best = -Float.infinity, index = -1
                    for i in 0..<kh {
                        for j in 0..<kw {
                            let o = (oh * sh + i) * w + ow * sw + j
                            let v = x[p * h * w + o]
                            if index < 0 || v > best || (v.isNaN && !best.isNaN) { best = v; index = o }
                        }
                    }
                    let o = (p * ho + oh) * wo + ow
                    #expect(win[o] == Int32(index))
                    #expect(y[o] == best || (y[o].isNaN && best.isNaN))
                }
            }
        }
    }
}
