import Testing
@testable import Kernels

@Suite("Convolution kernels")
struct ConvolutionKernelsTests {
    /// Values in [-1, 1) from a fixed integer sequence.
    static func values(_ count: Int, seed: Int) -> [Float] {
        (0..<count).map { Float(($0 &* 7919 &+ seed &* 104_729) % 2001) / 1000 - 1 }
    }

    /// (images, channels, height, width, outChannels, kernelH, kernelW): odd sizes, planes narrower than a 16- and
    /// 32-position panel, a 1×1 plane, kernels larger than the plane, 1×1 and non-square kernels, the CNN layers.
    static let shapes: [(Int, Int, Int, Int, Int, Int, Int)] = [
        (3, 5, 7, 9, 11, 3, 3), (2, 1, 28, 28, 32, 3, 3), (2, 32, 14, 14, 64, 3, 3), (1, 3, 1, 1, 5, 3, 3),
        (2, 2, 5, 3, 3, 5, 5), (1, 4, 17, 6, 9, 1, 1), (2, 3, 4, 33, 7, 3, 5), (1, 7, 6, 5, 1, 3, 1),
    ]

    @Test("forward matches the naive loop", arguments: shapes)
    func forward(_ s: (Int, Int, Int, Int, Int, Int, Int)) {
        let (n, c, h, w, o, kh, kw) = s
        let x = Self.values(n * c * h * w, seed: 1), wt = Self.values(o * c * kh * kw, seed: 2), b = Self.values(o, seed: 3)
        var y = [Float](repeating: .nan, count: n * o * h * w), ref = y
        for bias in [true, false] {
            let ran = ConvolutionKernels.forwardSame(x: x, weight: wt, bias: bias ? b : nil, y: &y, images: n, channels: c,
                                                     height: h, width: w, outChannels: o, kernelH: kh, kernelW: kw)
            #expect(ran == ConvolutionKernels.sameSupported(kernelH: kh, kernelW: kw))
            guard ran else { return }
            ConvolutionKernels.forwardSameReference(x: x, weight: wt, bias: bias ? b : nil, y: &ref, images: n, channels: c,
                                                    height: h, width: w, outChannels: o, kernelH: kh, kernelW: kw)
            let err = zip(y, ref).map { abs($0 - $1) }.max() ?? 0
            #expect(err < 1e-4, "max error \(err)")
        }
    }

    @Test("weight gradient matches the naive loop and accumulates", arguments: shapes)
    func weightGradient(_ s: (Int, Int, Int, Int, Int, Int, Int)) {
        let (n, c, h, w, o, kh, kw) = s
        let x = Self.values(n * c * h * w, seed: 4), g = Self.values(n * o * h * w, seed: 5)
        let start = Self.values(o * c * kh * kw, seed: 6)
        var dw = start, ref = start
        let ran = ConvolutionKernels.weightGradientSame(x: x, g: g, dw: &dw, images: n, channels: c, height: h, width: w,
                                                        outChannels: o, kernelH: kh, kernelW: kw)
        #expect(ran == ConvolutionKernels.sameSupported(kernelH: kh, kernelW: kw))
        guard ran else { #expect(dw == start); return }
        ConvolutionKernels.weightGradientSameReference(x: x, g: g, dw: &ref, images: n, channels: c, height: h, width: w,
                                                       outChannels: o, kernelH: kh, kernelW: kw)
        let err = zip(dw, ref).map { abs($0 - $1) }.max() ?? 0
        #expect(err < 2e-3, "max error \(err)")
    }

    @Test("even kernels are not supported")
    func evenKernel() {
        #expect(!ConvolutionKernels.sameSupported(kernelH: 2, kernelW: 3))
        #expect(!ConvolutionKernels.sameSupported(kernelH: 3, kernelW: 4))
    }
}
