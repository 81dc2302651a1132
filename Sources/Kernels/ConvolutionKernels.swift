// The implicit-GEMM convolution of CKernels/conv_same.c over raw NCHW Float32 buffers, images spread over threads;
// 3×3 layers with enough channels go to the Winograd kernels (ConvolutionWinograd.swift).
import CKernels

/// Direct ("implicit GEMM") 2-D convolution for the shape most CNN layers have: stride 1, no dilation, one group,
/// an odd kernel padded by `(k − 1)/2` on each side, so the output plane is the input plane. The unfolded (im2col)
/// matrix is never written: the micro-kernel reads shifted rows of the image with masked vector loads.
public enum ConvolutionKernels {
    /// Whether the fast path exists on the active kernel path for this kernel size (AVX-512 today). When it is
    /// false the entry points below return `false` and write nothing; callers keep their im2col path.
    public static func sameSupported(kernelH: Int, kernelW: Int) -> Bool {
        sl_conv2d_same_supported(kernelH, kernelW) != 0
    }

    /// `y[img, o, :, :] = bias[o] + Σ_c w[o, c] ⋆ x[img, c]` with "same" zero padding, for `images` images of
    /// `channels × height × width`; `weight` is `[outChannels, channels, kernelH, kernelW]`, `bias` may be nil.
    /// Returns false (nothing written) when ``sameSupported(kernelH:kernelW:)`` is false. Layers for which
    /// ``usesWinograd(channels:outChannels:kernelH:kernelW:)`` holds run on
    /// ``forwardWinograd(x:weight:bias:y:images:channels:height:width:outChannels:)``.
    @discardableResult
    public static func forwardSame(
        x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, y: UnsafeMutablePointer<Float>,
        images: Int, channels: Int, height: Int, width: Int, outChannels: Int, kernelH: Int, kernelW: Int
    ) -> Bool {
        guard sameSupported(kernelH: kernelH, kernelW: kernelW) else { return false }
        if usesWinograd(channels: channels, outChannels: outChannels, kernelH: kernelH, kernelW: kernelW) {
            return forwardWinograd(x: x, weight: weight, bias: bias, y: y, images: images, channels: channels,
                                   height: height, width: width, outChannels: outChannels)
        }
        let px = SendablePointer(x), pw = SendablePointer(weight), py = SendablePointer(y)
        let pb = bias.map { SendablePointer($0) }
        let inPlane = channels * height * width, outPlane = outChannels * height * width
        let work = outChannels * channels * kernelH * kernelW * height * width
        parallelChunks(images, minimumPerThread: Swift.max(1, (1 << 18) / Swift.max(work, 1))) { r in
            _ = sl_conv2d_same_f32(px.raw + r.lowerBound * inPlane, pw.raw, pb?.raw, py.raw + r.lowerBound * outPlane,
                                   r.count, channels, height, width, outChannels, kernelH, kernelW)
        }
        return true
    }

    /// `dw[o, c, ki, kj] += Σ_img Σ_p g[img, o, p] · x[img, c, p + (ki − ph, kj − pw)]`: the weight gradient of
    /// ``forwardSame(x:weight:bias:y:images:channels:height:width:outChannels:kernelH:kernelW:)``, accumulated
    /// into `dw`. Each thread sums its share of the images into its own buffer; the buffers are added in thread
    /// order, so the result depends only on the shape and the thread count. Layers for which
    /// ``usesWinograd(channels:outChannels:kernelH:kernelW:)`` holds run on
    /// ``weightGradientWinograd(x:g:dw:images:channels:height:width:outChannels:)``.
    @discardableResult
    public static func weightGradientSame(
        x: UnsafePointer<Float>, g: UnsafePointer<Float>, dw: UnsafeMutablePointer<Float>,
        images: Int, channels: Int, height: Int, width: Int, outChannels: Int, kernelH: Int, kernelW: Int
    ) -> Bool {
        guard sameSupported(kernelH: kernelH, kernelW: kernelW) else { return false }
        if usesWinograd(channels: channels, outChannels: outChannels, kernelH: kernelH, kernelW: kernelW) {
            return weightGradientWinograd(x: x, g: g, dw: dw, images: images, channels: channels, height: height,
                                          width: width, outChannels: outChannels)
        }
        let inPlane = channels * height * width, outPlane = outChannels * height * width
        let px = SendablePointer(x), pg = SendablePointer(g)
        accumulateOverImageShares(images: images, weights: outChannels * channels * kernelH * kernelW, into: dw) { i0, i1, part in
            _ = sl_conv2d_same_wgrad_f32(px.raw + i0 * inPlane, pg.raw + i0 * outPlane, part, i1 - i0, channels, height, width,
                                         outChannels, kernelH, kernelW)
        }
        return true
    }

    /// Splits the images into one contiguous share per thread, lets `body(first, end, buffer)` sum its share's
    /// weight gradient into a zeroed buffer of `weights` floats, and adds the buffers to `dw` in thread order, so
    /// the result depends only on the shape and the thread count.
    static func accumulateOverImageShares(
        images: Int, weights: Int, into dw: UnsafeMutablePointer<Float>,
        _ body: @Sendable (_ first: Int, _ end: Int, _ buffer: UnsafeMutablePointer<Float>) -> Void
    ) {
        let threads = Swift.max(1, Swift.min(KernelThreads.count, images))
        let partial = UnsafeMutablePointer<Float>.allocate(capacity: threads * weights)
        defer { partial.deallocate() }
        partial.initialize(repeating: 0, count: threads * weights)
        let pp = SendablePointer(partial)
        parallelChunks(threads) { ts in
            for t in ts { body(images * t / threads, images * (t + 1) / threads, pp.raw + t * weights) }
        }
        for t in 0..<threads {
            let src = partial + t * weights
            for i in 0..<weights { dw[i] += src[i] }
        }
    }

    /// The naive loop of ``forwardSame(x:weight:bias:y:images:channels:height:width:outChannels:kernelH:kernelW:)``
    /// (double accumulation, any CPU): its test oracle.
    public static func forwardSameReference(
        x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, y: UnsafeMutablePointer<Float>,
        images: Int, channels: Int, height: Int, width: Int, outChannels: Int, kernelH: Int, kernelW: Int
    ) {
        sl_conv2d_same_f32_reference(x, weight, bias, y, images, channels, height, width, outChannels, kernelH, kernelW)
    }

    /// The naive loop of ``weightGradientSame(x:g:dw:images:channels:height:width:outChannels:kernelH:kernelW:)``:
    /// its test oracle.
    public static func weightGradientSameReference(
        x: UnsafePointer<Float>, g: UnsafePointer<Float>, dw: UnsafeMutablePointer<Float>,
        images: Int, channels: Int, height: Int, width: Int, outChannels: Int, kernelH: Int, kernelW: Int
    ) {
        sl_conv2d_same_wgrad_f32_reference(x, g, dw, images, channels, height, width, outChannels, kernelH, kernelW)
    }
}
