// The Winograd F(2×2, 3×3) convolution of CKernels/conv_winograd.c over raw NCHW Float32 buffers, images spread
// over threads; ``ConvolutionKernels/forwardSame(x:weight:bias:y:images:channels:height:width:outChannels:kernelH:kernelW:)``
// and the weight gradient beside it switch to it for 3×3 layers with enough channels.
import CKernels

extension ConvolutionKernels {
    /// Whether the Winograd kernels exist on the active kernel path (AVX-512 today; `SWIFTLEARN_KERNELS=generic`
    /// or any other path turns them off). When false the Winograd entry points return `false` and write nothing.
    public static var winogradSupported: Bool { sl_conv2d_winograd_supported() != 0 }

    /// Whether the "same" entry points run this layer on Winograd F(2×2, 3×3): a 3×3 kernel with at least 16 input
    /// and 16 output channels, on a path that has it. Winograd does 2.25× fewer multiply-adds than the implicit
    /// GEMM, but its kernels work on whole vectors of 16 channels on one side (output channels in the forward pass,
    /// input channels in the weight gradient). Measured on one core, batch 32, 14×14: with 8 output channels the
    /// forward pass is 1.4× slower than the implicit GEMM, with 8 or 12 input channels the weight gradient is
    /// 10–15 % slower; with 16 on both sides both passes are 1.2–1.3× faster, and 1.6–2× at 32→64 channels.
    public static func usesWinograd(channels: Int, outChannels: Int, kernelH: Int, kernelW: Int) -> Bool {
        kernelH == 3 && kernelW == 3 && channels >= 16 && outChannels >= 16 && winogradSupported
    }

    /// `y = conv(x, weight) + bias` for a 3×3 kernel with padding 1 (the output plane is the input plane), by
    /// Winograd F(2×2, 3×3), for `images` images of `channels × height × width`; `weight` is
    /// `[outChannels, channels, 3, 3]`, `bias` may be nil. Any channel counts and plane sizes. Returns false
    /// (nothing written) when ``winogradSupported`` is false.
    @discardableResult
    public static func forwardWinograd(
        x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, y: UnsafeMutablePointer<Float>,
        images: Int, channels: Int, height: Int, width: Int, outChannels: Int
    ) -> Bool {
        guard winogradSupported else { return false }
        let px = SendablePointer(x), pw = SendablePointer(weight), py = SendablePointer(y)
        let pb = bias.map { SendablePointer($0) }
        let inPlane = channels * height * width, outPlane = outChannels * height * width
        let work = outChannels * channels * 9 * height * width
        parallelChunks(images, minimumPerThread: Swift.max(1, (1 << 18) / Swift.max(work, 1))) { r in
            let xi = px.raw + r.lowerBound * inPlane, yi = py.raw + r.lowerBound * outPlane
            // 0 means its scratch buffers could not be allocated (nothing was written): the implicit GEMM needs none.
            if sl_conv2d_winograd_f32(xi, pw.raw, pb?.raw, yi, r.count, channels, height, width, outChannels) == 0 {
                _ = sl_conv2d_same_f32(xi, pw.raw, pb?.raw, yi, r.count, channels, height, width, outChannels, 3, 3)
            }
        }
        return true
    }

    /// The weight gradient of ``forwardWinograd(x:weight:bias:y:images:channels:height:width:outChannels:)``,
    /// accumulated into `dw` (`[outChannels, channels, 3, 3]`), computed in the Winograd domain. Each thread sums
    /// its share of the images into its own buffer; the buffers are added in thread order, so the result depends
    /// only on the shape and the thread count.
    @discardableResult
    public static func weightGradientWinograd(
        x: UnsafePointer<Float>, g: UnsafePointer<Float>, dw: UnsafeMutablePointer<Float>,
        images: Int, channels: Int, height: Int, width: Int, outChannels: Int
    ) -> Bool {
        guard winogradSupported else { return false }
        let inPlane = channels * height * width, outPlane = outChannels * height * width
        let px = SendablePointer(x), pg = SendablePointer(g)
        accumulateOverImageShares(images: images, weights: outChannels * channels * 9, into: dw) { i0, i1, part in
            let xi = px.raw + i0 * inPlane, gi = pg.raw + i0 * outPlane
            // The kernel returns 0 only when its scratch could not be allocated: that share takes the implicit GEMM.
            if sl_conv2d_winograd_wgrad_f32(xi, gi, part, i1 - i0, channels, height, width, outChannels) == 0 {
                _ = sl_conv2d_same_wgrad_f32(xi, gi, part, i1 - i0, channels, height, width, outChannels, 3, 3)
            }
        }
        return true
    }
}
