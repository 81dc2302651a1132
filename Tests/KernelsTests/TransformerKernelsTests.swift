// The transformer row kernels (LayerNorm + bias + residual, bias + activation, one-head attention), every
// supported path, against their double-precision references.
import Foundation
import Kernels
import Testing

private func randomFloats(_ n: Int, seed: UInt64, scale: Float = 1) -> [Float] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<n).map { _ in
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return (Float(state % 2_000_001) / 1_000_000 - 1) * scale
    }
}

private func maxRelativeError(_ got: [Float], _ want: [Float]) -> Float {
    zip(got, want).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
}

@Suite("Transformer kernels")
struct TransformerKernelsTests {
    @Test("LayerNorm with bias and residual, in place and out of place, odd widths", arguments: [1, 7, 16, 33, 384])
    func layerNorm(_ n: Int) {
        let rows = 5, ld = n + 3
        let x = randomFloats(rows * ld, seed: 1, scale: 4), r = randomFloats(rows * ld, seed: 2, scale: 3)
        let bias = randomFloats(n, seed: 3), gamma = randomFloats(n, seed: 4), beta = randomFloats(n, seed: 5)
        var want = [Float](repeating: 0, count: rows * ld)
        TransformerKernels.layerNorm(x, ldx: ld, bias: bias, residual: r, ldr: ld, gamma: gamma, beta: beta, epsilon: 1e-12,
                                     &want, ldy: ld, rows: rows, cols: n, reference: true)
        for path in KernelPath.supported {
            var got = [Float](repeating: 0, count: rows * ld)
            KernelPath.withPath(path) {
                TransformerKernels.layerNorm(x, ldx: ld, bias: bias, residual: r, ldr: ld, gamma: gamma, beta: beta,
                                             epsilon: 1e-12, &got, ldy: ld, rows: rows, cols: n)
            }
            #expect(maxRelativeError(got, want) <= 2e-5, "path \(path), n \(n)")
            // In place over the residual, no bias.
            var inPlace = r
            var wantNoBias = [Float](repeating: 0, count: rows * ld)
            TransformerKernels.layerNorm(x, ldx: ld, bias: nil, residual: r, ldr: ld, gamma: gamma, beta: beta, epsilon: 1e-5,
                                         &wantNoBias, ldy: ld, rows: rows, cols: n, reference: true)
            inPlace.withUnsafeMutableBufferPointer { p in
                KernelPath.withPath(path) {
                    TransformerKernels.layerNorm(x, ldx: ld, bias: nil, residual: p.baseAddress, ldr: ld, gamma: gamma,
                                                 beta: beta, epsilon: 1e-5, p.baseAddress!, ldy: ld, rows: rows, cols: n)
                }
            }
            for row in 0..<rows {
                let s = row * ld
                #expect(maxRelativeError(Array(inPlace[s..<(s + n)]), Array(wantNoBias[s..<(s + n)])) <= 2e-5)
                #expect(inPlace[(s + n)..<(s + ld)] == r[(s + n)..<(s + ld)], "the row padding is not touched")
            }
        }
    }

    @Test("bias + activation matches the reference", arguments: [TransformerKernels.Activation.none, .geluErf, .geluTanh, .relu])
    func biasActivation(_ act: TransformerKernels.Activation) {
        let rows = 4, n = 37, ld = 40
        let x = randomFloats(rows * ld, seed: 7, scale: 6), bias = randomFloats(n, seed: 8)
        var want = x
        TransformerKernels.biasActivation(&want, ld: ld, bias: bias, rows: rows, cols: n, activation: act, reference: true)
        for path in KernelPath.supported {
            var got = x
            KernelPath.withPath(path) {
                TransformerKernels.biasActivation(&got, ld: ld, bias: bias, rows: rows, cols: n, activation: act)
            }
            #expect(maxRelativeError(got, want) <= 2e-6, "\(act) on \(path)")
        }
    }

    @Test("one-head attention on strided QKV rows matches the reference", arguments: [1, 3, 16, 19, 128])
    func attention(_ len: Int) {
        let d = 32, ld = 3 * 64 + 5
        let qkv = randomFloats(len * ld, seed: UInt64(len), scale: 2)
        var want = [Float](repeating: 0, count: len * d)
        qkv.withUnsafeBufferPointer { p in
            let b = p.baseAddress! + 7
            TransformerKernels.attentionHeadReference(q: b, ldq: ld, k: b + 64, ldk: ld, v: b + 128, ldv: ld,
                                                      out: &want, ldo: d, length: len, headDim: d)
        }
        for path in KernelPath.supported {
            var got = [Float](repeating: .nan, count: len * d)
            var scratch = [Float](repeating: 0, count: TransformerKernels.attentionScratchCount(length: len, headDim: d))
            qkv.withUnsafeBufferPointer { p in
                let b = p.baseAddress! + 7
                KernelPath.withPath(path) {
                    TransformerKernels.attentionHead(q: b, ldq: ld, k: b + 64, ldk: ld, v: b + 128, ldv: ld, out: &got,
                                                     ldo: d, length: len, headDim: d, scratch: &scratch)
                }
            }
            #expect(maxRelativeError(got, want) <= 1e-5, "len \(len) on \(path)")
        }
    }

    @Test("attention with a head width that is not a multiple of the vector width")
    func oddHeadWidth() {
        let len = 9, d = 20
        let q = randomFloats(len * d, seed: 11), k = randomFloats(len * d, seed: 12), v = randomFloats(len * d, seed: 13)
        var want = [Float](repeating: 0, count: len * d)
        TransformerKernels.attentionHeadReference(q: q, ldq: d, k: k, ldk: d, v: v, ldv: d, out: &want, ldo: d, length: len, headDim: d)
        for path in KernelPath.supported {
            var got = [Float](repeating: 0, count: len * d)
            var scratch = [Float](repeating: 0, count: TransformerKernels.attentionScratchCount(length: len, headDim: d))
            KernelPath.withPath(path) {
                TransformerKernels.attentionHead(q: q, ldq: d, k: k, ldk: d, v: v, ldv: d, out: &got, ldo: d, length: len,
                                                 headDim: d, scratch: &scratch)
            }
            #expect(maxRelativeError(got, want) <= 1e-5, "path \(path)")
        }
    }
}
