// The Winograd F(2×2, 3×3) convolution against the naive loops of the "same" convolution, and its dispatch.
import Testing
@testable import Kernels

@Suite("Winograd convolution kernels")
struct ConvolutionWinogradTests {
    /// Values in [-1, 1) from a fixed integer sequence.
    static func values(_ count: Int, seed: Int) -> [Float] {
        (0..<count).map { Float(($0 &* 7919 &+ seed &* 104_729) % 2001) / 1000 - 1 }
    }

    /// The largest difference relative to the largest reference value.
    static func relativeError(_ got: [Float], _ want: [Float]) -> Float {
        let scale = want.map(abs).max() ?? 0
        let err = zip(got, want).map { abs($0 - $1) }.max() ?? 0
        return scale > 0 ? err / scale : err
    }

    /// (images, channels, height, width, outChannels): even and odd planes (a ragged last tile row and column), a
    /// 1×1 and a 2×1 plane, channel counts below, at and above a vector, the CNN layer and its input gradient.
    static let shapes: [(Int, Int, Int, Int, Int)] = [
        (1, 16, 14, 14, 16), (3, 5, 5, 7, 11), (1, 32, 14, 14, 64), (3, 17, 15, 15, 19), (3, 16, 1, 1, 16),
        (1, 3, 5, 7, 4), (3, 64, 14, 14, 32), (2, 20, 2, 1, 33), (1, 1, 9, 40, 1),
    ]

    @Test("forward matches the naive loop, with and without bias", arguments: shapes)
    func forward(_ s: (Int, Int, Int, Int, Int)) {
        let (n, c, h, w, o) = s
        let x = Self.values(n * c * h * w, seed: 1), wt = Self.values(o * c * 9, seed: 2), b = Self.values(o, seed: 3)
        for bias in [true, false] {
            var y = [Float](repeating: .nan, count: n * o * h * w), ref = y
            let ran = ConvolutionKernels.forwardWinograd(x: x, weight: wt, bias: bias ? b : nil, y: &y, images: n,
                                                         channels: c, height: h, width: w, outChannels: o)
            #expect(ran == ConvolutionKernels.winogradSupported)
            guard ran else { #expect(y.allSatisfy { $0.isNaN }); return }
            ConvolutionKernels.forwardSameReference(x: x, weight: wt, bias: bias ? b : nil, y: &ref, images: n, channels: c,
                                                    height: h, width: w, outChannels: o, kernelH: 3, kernelW: 3)
            let err = Self.relativeError(y, ref)
            #expect(err < 1e-4, "relative error \(err), bias \(bias)")
        }
    }

    @Test("weight gradient matches the naive loop and accumulates", arguments: shapes)
    func weightGradient(_ s: (Int, Int, Int, Int, Int)) {
        let (n, c, h, w, o) = s
        let x = Self.values(n * c * h * w, seed: 4), g = Self.values(n * o * h * w, seed: 5)
        let start = Self.values(o * c * 9, seed: 6)
        var dw = start, ref = start
        let ran = ConvolutionKernels.weightGradientWinograd(x: x, g: g, dw: &dw, images: n, channels: c, height: h,
                                                            width: w, outChannels: o)
        #expect(ran == ConvolutionKernels.winogradSupported)
        guard ran else { #expect(dw == start); return }
        ConvolutionKernels.weightGradientSameReference(x: x, g: g, dw: &ref, images: n, channels: c, height: h, width: w,
                                                       outChannels: o, kernelH: 3, kernelW: 3)
        let err = Self.relativeError(dw, ref)
        #expect(err < 1e-4, "relative error \(err)")
    }

    @Test("only 3×3 layers with at least 16 channels on each side use it, and only on a path that has it")
    func dispatch() {
        let on = ConvolutionKernels.winogradSupported
        #expect(ConvolutionKernels.usesWinograd(channels: 32, outChannels: 64, kernelH: 3, kernelW: 3) == on)
        #expect(ConvolutionKernels.usesWinograd(channels: 16, outChannels: 16, kernelH: 3, kernelW: 3) == on)
        #expect(!ConvolutionKernels.usesWinograd(channels: 15, outChannels: 64, kernelH: 3, kernelW: 3))
        #expect(!ConvolutionKernels.usesWinograd(channels: 32, outChannels: 8, kernelH: 3, kernelW: 3))
        #expect(!ConvolutionKernels.usesWinograd(channels: 32, outChannels: 64, kernelH: 5, kernelW: 5))
        #expect(!ConvolutionKernels.usesWinograd(channels: 32, outChannels: 64, kernelH: 3, kernelW: 1))
    }

    @Test("the generic kernel path turns it off and writes nothing")
    func genericPath() {
        let x = Self.values(2 * 16 * 6 * 6, seed: 7), wt = Self.values(16 * 16 * 9, seed: 8)
        var y = [Float](repeating: .nan, count: 2 * 16 * 6 * 6)
        var dw = [Float](repeating: 0, count: 16 * 16 * 9)
        KernelPath.withPath(.generic) {
            #expect(!ConvolutionKernels.winogradSupported)
            #expect(!ConvolutionKernels.usesWinograd(channels: 16, outChannels: 16, kernelH: 3, kernelW: 3))
            #expect(!ConvolutionKernels.forwardWinograd(x: x, weight: wt, bias: nil, y: &y, images: 2, channels: 16,
                                                        height: 6, width: 6, outChannels: 16))
            #expect(!ConvolutionKernels.weightGradientWinograd(x: x, g: x, dw: &dw, images: 2, channels: 16, height: 6,
                                                               width: 6, outChannels: 16))
        }
        #expect(y.allSatisfy { $0.isNaN })
        #expect(dw.allSatisfy { $0 == 0 })
    }

    @Test("the same-convolution entry points give the naive result on a Winograd-sized layer")
    func sameDispatch() {
        let (n, c, h, w, o) = (3, 24, 9, 10, 16)
        let x = Self.values(n * c * h * w, seed: 9), wt = Self.values(o * c * 9, seed: 10), b = Self.values(o, seed: 11)
        let g = Self.values(n * o * h * w, seed: 12)
        var y = [Float](repeating: .nan, count: n * o * h * w), ref = y
        var dw = [Float](repeating: 0, count: o * c * 9), dwRef = dw
        guard ConvolutionKernels.forwardSame(x: x, weight: wt, bias: b, y: &y, images: n, channels: c, height: h, width: w,
                                             outChannels: o, kernelH: 3, kernelW: 3) else { return }
        ConvolutionKernels.weightGradientSame(x: x, g: g, dw: &dw, images: n, channels: c, height: h, width: w,
                                              outChannels: o, kernelH: 3, kernelW: 3)
        ConvolutionKernels.forwardSameReference(x: x, weight: wt, bias: b, y: &ref, images: n, channels: c, height: h,
                                                width: w, outChannels: o, kernelH: 3, kernelW: 3)
        ConvolutionKernels.weightGradientSameReference(x: x, g: g, dw: &dwRef, images: n, channels: c, height: h, width: w,
                                                       outChannels: o, kernelH: 3, kernelW: 3)
        #expect(Self.relativeError(y, ref) < 1e-4)
        #expect(Self.relativeError(dw, dwRef) < 1e-4)
    }
}
