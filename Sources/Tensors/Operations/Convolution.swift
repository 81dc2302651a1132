// 2-D convolution and transposed convolution (NCHW), with both gradients; 1-D convolution on top of them.
//
// Per image and group: unfold (im2col) and one GEMM. Images are spread over threads; weight gradients are
// summed per thread chunk and the chunk sums added in a fixed order, so results are deterministic.
import Kernels

extension Tensor {
    /// Cross-correlation as PyTorch's `conv2d`: `x` is `[N, C, H, W]`, `weight` is `[O, C/groups, kH, kW]`,
    /// `bias` is `[O]`; the result is `[N, O, Ho, Wo]` with `Ho = (H + 2p − d(k−1) − 1)/s + 1`.
    public static func conv2d(
        _ x: Tensor, weight: Tensor, bias: Tensor? = nil, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
        dilation: (Int, Int) = (1, 1), groups: Int = 1
    ) -> Tensor {
        precondition(x.rank == 4 && weight.rank == 4, "conv2d: expected 4-D input and weight, got \(x.shape) and \(weight.shape)")
        precondition(x.dtype == weight.dtype && x.dtype.isComputeFloat, "conv2d: dtypes \(x.dtype) and \(weight.dtype) must match")
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, cg, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
        precondition(groups > 0 && c % groups == 0 && o % groups == 0 && cg == c / groups,
                     "conv2d: input \(x.shape) and weight \(weight.shape) do not match for groups=\(groups)")
        precondition(stride.0 > 0 && stride.1 > 0 && dilation.0 > 0 && dilation.1 > 0 && padding.0 >= 0 && padding.1 >= 0,
                     "conv2d: stride and dilation must be positive, padding non-negative")
        if let bias { precondition(bias.shape == [o], "conv2d: bias shape \(bias.shape), expected [\(o)]") }
        let ho = ConvGeometry.outputSize(h, kernel: kh, stride: stride.0, padding: padding.0, dilation: dilation.0)
        let wo = ConvGeometry.outputSize(w, kernel: kw, stride: stride.1, padding: padding.1, dilation: dilation.1)
        precondition(ho > 0 && wo > 0, "conv2d: input \(h)×\(w) is smaller than the dilated kernel \(kh)×\(kw)")
        let geo = ConvGeometry(channels: cg, height: h, width: w, kernelH: kh, kernelW: kw, strideH: stride.0, strideW: stride.1,
                               padH: padding.0, padW: padding.1, dilationH: dilation.0, dilationW: dilation.1, outH: ho, outW: wo)
        let xc = x.detached().materialized(), wc = weight.detached().materialized()
        let bc = bias?.detached().materialized()
        let out = Tensor(uninitialized: [n, o, ho, wo], dtype: x.dtype)
        // Stride 1, "same" padding, one group (most CNN layers): the implicit-GEMM kernel, no unfolded matrix.
        let same = x.dtype == .float32 && groups == 1 && stride == (1, 1) && dilation == (1, 1) && kh % 2 == 1 && kw % 2 == 1
            && padding == ((kh - 1) / 2, (kw - 1) / 2) && ConvolutionKernels.sameSupported(kernelH: kh, kernelW: kw)
        if same {
            convForwardSame(xc, wc, bc, out, n: n, c: c, h: h, w: w, o: o, kh: kh, kw: kw)
        } else if x.dtype == .float32 {
            convForward(Float.self, xc, wc, bc, out, geo, n: n, c: c, o: o, groups: groups)
        } else {
            convForward(Double.self, xc, wc, bc, out, geo, n: n, c: c, o: o, groups: groups)
        }
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        return record(.conv2d, out, inputs: inputs) { g in
            let gc = g.materialized()
            var dx: Tensor? = nil, dw: Tensor? = nil
            // With stride 1 and no dilation, the input gradient is itself a convolution of the output gradient
            // with the flipped, channel-swapped kernel: one well-shaped GEMM per block instead of GEMM + col2im.
            // Measured on the 32→64 layer of the digits CNN (og = 64): the col2im path, which shares the unfolded
            // block with the weight gradient, is 10–15 % faster; with few output channels the flipped kernel's GEMM
            // (K = og·kh·kw) stays better than col2im's (K = og).
            // The implicit-GEMM path runs the flipped-kernel convolution as fast as the forward one, for any og.
            let flipPath = (same || o / groups < 64) && stride == (1, 1) && dilation == (1, 1) && padding.0 <= kh - 1 && padding.1 <= kw - 1
            if x.requiresGradient && flipPath {
                let og = o / groups
                let flippedWeight = wc.reshaped([groups, og, cg, kh, kw]).permuted([0, 2, 1, 3, 4]).flipped(axes: [3, 4])
                    .materialized().reshaped([groups * cg, og, kh, kw])
                dx = conv2d(gc, weight: flippedWeight, padding: (kh - 1 - padding.0, kw - 1 - padding.1), groups: groups)
            }
            let needInput = x.requiresGradient && !flipPath
            if same && weight.requiresGradient {
                dw = convWeightGradientSame(xc, gc, weightShape: weight.shape, n: n, c: c, h: h, w: w, o: o, kh: kh, kw: kw)
            } else if needInput || weight.requiresGradient {
                let (gx, gw) = x.dtype == .float32
                    ? convBackward(Float.self, xc, wc, gc, geo, n: n, c: c, o: o, groups: groups,
                                   needInput: needInput, needWeight: weight.requiresGradient)
                    : convBackward(Double.self, xc, wc, gc, geo, n: n, c: c, o: o, groups: groups,
                                   needInput: needInput, needWeight: weight.requiresGradient)
                if needInput { dx = gx }
                dw = gw
            }
            var grads: [Tensor?] = [dx, dw]
            if let bias { grads.append(bias.requiresGradient ? channelSums(gc) : nil) }
            return grads
        }
    }

    /// The forward pass of a stride-1 "same" Float32 convolution on the implicit-GEMM kernel.
    private static func convForwardSame(
        _ x: Tensor, _ w: Tensor, _ b: Tensor?, _ out: Tensor, n: Int, c: Int, h: Int, w wd: Int, o: Int, kh: Int, kw: Int
    ) {
        let pb = b.map { $0.basePointer(Float.self) + $0.offset }
        ConvolutionKernels.forwardSame(
            x: x.basePointer(Float.self) + x.offset, weight: w.basePointer(Float.self) + w.offset, bias: pb,
            y: out.basePointer(Float.self), images: n, channels: c, height: h, width: wd, outChannels: o, kernelH: kh, kernelW: kw)
    }

    /// The weight gradient of a stride-1 "same" Float32 convolution on the implicit-GEMM kernel.
    private static func convWeightGradientSame(
        _ x: Tensor, _ g: Tensor, weightShape: [Int], n: Int, c: Int, h: Int, w wd: Int, o: Int, kh: Int, kw: Int
    ) -> Tensor {
        let dw = Tensor.zeros(weightShape, dtype: .float32)
        ConvolutionKernels.weightGradientSame(
            x: x.basePointer(Float.self) + x.offset, g: g.basePointer(Float.self) + g.offset, dw: dw.basePointer(Float.self),
            images: n, channels: c, height: h, width: wd, outChannels: o, kernelH: kh, kernelW: kw)
        return dw
    }

    /// Σ over batch and positions for each channel of a contiguous NCHW tensor: the bias gradient. Sums each
    /// (image, channel) row in place instead of moving the channel axis last (which would copy the whole tensor).
    static func channelSums(_ g: Tensor) -> Tensor {
        let (n, c) = (g.shape[0], g.shape[1])
        let l = g.shape[2] * g.shape[3]
        var sums = [Double](repeating: 0, count: c)
        if g.dtype == .float32 {
            let p = g.basePointer(Float.self) + g.offset
            for img in 0..<n {
                for ch in 0..<c { sums[ch] += Double(ReductionKernels.sum(p + (img * c + ch) * l, count: l)) }
            }
        } else {
            let p = g.basePointer(Double.self) + g.offset
            for img in 0..<n {
                for ch in 0..<c {
                    var acc = 0.0
                    for j in 0..<l { acc += p[(img * c + ch) * l + j] }
                    sums[ch] += acc
                }
            }
        }
        return Tensor(sums).to(g.dtype)
    }

    /// Images per GEMM: enough that the product has about 2,048 columns, where the kernel runs near its peak.
    static func imagesPerBlock(_ outputPositions: Int, images: Int) -> Int {
        Swift.max(1, Swift.min(images, 2048 / Swift.max(outputPositions, 1)))
    }

    /// Splits `n` images into per-thread chunks, and each chunk into blocks of at most `block` images.
    static func imageBlocks(_ n: Int, block: Int) -> [Range<Int>] {
        let threads = Swift.max(1, Swift.min(KernelThreads.count, n))
        var blocks: [Range<Int>] = []
        for t in 0..<threads {
            var start = n * t / threads
            let end = n * (t + 1) / threads
            while start < end {
                blocks.append(start..<Swift.min(end, start + block))
                start += block
            }
        }
        return blocks
    }

    private static func convForward<T: TensorFloat>(
        _: T.Type, _ x: Tensor, _ w: Tensor, _ b: Tensor?, _ out: Tensor, _ geo: ConvGeometry, n: Int, c: Int, o: Int, groups: Int
    ) {
        let px = SendablePointer(x.basePointer(T.self) + x.offset), pw = SendablePointer(w.basePointer(T.self) + w.offset)
        let pb = b.map { SendablePointer($0.basePointer(T.self) + $0.offset) }
        let po = SendablePointer(out.basePointer(T.self))
        let og = o / groups, plane = geo.height * geo.width, l = geo.colCols, ckk = geo.colRows
        let block = imagesPerBlock(l, images: n)
        let blocks = imageBlocks(n, block: block)
        // Each block: unfold its images side by side, one GEMM per group, then scatter rows into NCHW.
        parallelChunks(blocks.count) { chunk in
            // One scratch buffer: the unfolded block, then the block's [og, images·l] matrix.
            BufferPool.shared.withScratch(T.self, count: (ckk + og) * block * l) { col in
            let tmp = col + ckk * block * l
            for bi in chunk {
                let images = blocks[bi], width = images.count * l
                for gi in 0..<groups {
                    for (k, img) in images.enumerated() {
                        geo.im2col(px.raw + (img * c + gi * geo.channels) * plane, col + k * l, rowStride: width)
                    }
                    gemm(m: og, n: width, k: ckk, a: pw.raw + gi * og * ckk, lda: ckk, b: col, ldb: width, c: tmp, ldc: width)
                    for (k, img) in images.enumerated() {
                        for ch in 0..<og {
                            let dst = po.raw + (img * o + gi * og + ch) * l, src = tmp + ch * width + k * l
                            if let pb {
                                let bias = pb.raw[gi * og + ch]
                                for j in 0..<l { dst[j] = src[j] + bias }
                            } else {
                                dst.update(from: src, count: l)
                            }
                        }
                    }
                }
              }
          }
        }
    }

    private static func convBackward<T: TensorFloat>(
        _: T.Type, _ x: Tensor, _ w: Tensor, _ g: Tensor, _ geo: ConvGeometry, n: Int, c: Int, o: Int, groups: Int,
        needInput: Bool, needWeight: Bool
    ) -> (Tensor?, Tensor?) {
        let og = o / groups, plane = geo.height * geo.width, l = geo.colCols, ckk = geo.colRows
        let dx = needInput ? Tensor.zeros(x.shape, dtype: x.dtype) : nil
        let block = imagesPerBlock(l, images: n)
        let blocks = imageBlocks(n, block: block)
        // One weight-gradient accumulator per block; summed in block order afterwards (deterministic).
        let partial = needWeight ? Tensor.zeros([blocks.count] + w.shape, dtype: w.dtype) : nil
        let px = SendablePointer(x.basePointer(T.self) + x.offset), pw = SendablePointer(w.basePointer(T.self) + w.offset)
        let pg = SendablePointer(g.basePointer(T.self) + g.offset)
        let pdx = dx.map { SendablePointer($0.basePointer(T.self)) }
        let pdw = partial.map { SendablePointer($0.basePointer(T.self)) }
        let wCount = w.count
        parallelChunks(blocks.count) { chunk in
            // One scratch buffer: the unfolded block, then the block's [og, images·l] matrix.
            BufferPool.shared.withScratch(T.self, count: (ckk + og) * block * l) { col in
            let gathered = col + ckk * block * l
            for bi in chunk {
                let images = blocks[bi], width = images.count * l
                for gi in 0..<groups {
                    // G = the block's output gradients side by side: [og, images·l].
                    for (k, img) in images.enumerated() {
                        for ch in 0..<og {
                            (gathered + ch * width + k * l).update(from: pg.raw + (img * o + gi * og + ch) * l, count: l)
                        }
                    }
                    if let pdw {
                        for (k, img) in images.enumerated() {
                            geo.im2col(px.raw + (img * c + gi * geo.channels) * plane, col + k * l, rowStride: width)
                        }
                        if ckk >= og {
                            // dW_g += G · colᵀ
                            gemm(transB: true, m: og, n: ckk, k: width, a: gathered, lda: width, b: col, ldb: width, beta: 1,
                                 c: pdw.raw + bi * wCount + gi * og * ckk, ldc: ckk)
                        } else {
                            // Few kernel entries (e.g. one input channel): dW_gᵀ += col · Gᵀ keeps the GEMM's
                            // output wide; the block's partial is stored transposed and fixed up below.
                            gemm(transB: true, m: ckk, n: og, k: width, a: col, lda: width, b: gathered, ldb: width, beta: 1,
                                 c: pdw.raw + bi * wCount + gi * og * ckk, ldc: og)
                        }
                    }
                    if let pdx {
                        // dcol = W_gᵀ · G, folded back into each image of dx.
                        gemm(transA: true, m: ckk, n: width, k: og, a: pw.raw + gi * og * ckk, lda: ckk, b: gathered, ldb: width,
                             c: col, ldc: width)
                        for (k, img) in images.enumerated() {
                            geo.col2im(col + k * l, pdx.raw + (img * c + gi * geo.channels) * plane, rowStride: width)
                        }
                    }
                }
              }
          }
        }
        guard let partial else { return (dx, nil) }
        if ckk >= og { return (dx, partial.sum(axes: [0])) }
        // Partials were stored per group as [ckk, og]; bring them back to [og, ckk].
        let summed = partial.sum(axes: [0]).reshaped([groups, ckk, og]).permuted([0, 2, 1]).materialized()
        return (dx, summed.reshaped(w.shape))
    }

    /// Transposed convolution as PyTorch's `conv_transpose2d`: `x` is `[N, Cin, H, W]`, `weight` is
    /// `[Cin, Cout/groups, kH, kW]`; output size `(H − 1)s − 2p + d(k − 1) + outputPadding + 1`.
    public static func convTranspose2d(
        _ x: Tensor, weight: Tensor, bias: Tensor? = nil, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
        outputPadding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1
    ) -> Tensor {
        precondition(x.rank == 4 && weight.rank == 4, "convTranspose2d: expected 4-D input and weight, got \(x.shape) and \(weight.shape)")
        precondition(x.dtype == weight.dtype && x.dtype.isComputeFloat, "convTranspose2d: dtypes \(x.dtype) and \(weight.dtype) must match")
        let (n, cin, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (wcin, coutg, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
        precondition(groups > 0 && cin % groups == 0 && wcin == cin, "convTranspose2d: input \(x.shape) and weight \(weight.shape) do not match for groups=\(groups)")
        precondition(outputPadding.0 < Swift.max(stride.0, dilation.0) && outputPadding.1 < Swift.max(stride.1, dilation.1),
                     "convTranspose2d: output padding must be smaller than stride or dilation")
        let cout = coutg * groups, cing = cin / groups
        if let bias { precondition(bias.shape == [cout], "convTranspose2d: bias shape \(bias.shape), expected [\(cout)]") }
        let ho = (h - 1) * stride.0 - 2 * padding.0 + dilation.0 * (kh - 1) + outputPadding.0 + 1
        let wo = (w - 1) * stride.1 - 2 * padding.1 + dilation.1 * (kw - 1) + outputPadding.1 + 1
        precondition(ho > 0 && wo > 0, "convTranspose2d: output size \(ho)×\(wo) is not positive")
        // The unfolded plane is the OUTPUT; the "convolution output" grid is the input's H × W.
        let geo = ConvGeometry(channels: coutg, height: ho, width: wo, kernelH: kh, kernelW: kw, strideH: stride.0, strideW: stride.1,
                               padH: padding.0, padW: padding.1, dilationH: dilation.0, dilationW: dilation.1, outH: h, outW: w)
        let xc = x.detached().materialized(), wc = weight.detached().materialized()
        let out = Tensor.zeros([n, cout, ho, wo], dtype: x.dtype)
        if x.dtype == .float32 {
            convTransposeForward(Float.self, xc, wc, out, geo, n: n, cin: cin, cing: cing, cout: cout, groups: groups)
        } else {
            convTransposeForward(Double.self, xc, wc, out, geo, n: n, cin: cin, cing: cing, cout: cout, groups: groups)
        }
        var result = out
        if let bias { result = withoutGradients { out + bias.detached().reshaped([1, cout, 1, 1]) } }
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        return record(.convTranspose2d, result, inputs: inputs) { g in
            let gc = g.materialized()
            // Gradients are the convolution's forward (for x) and a weight product, per image and group.
            var dx: Tensor? = nil, dw: Tensor? = nil
            if x.requiresGradient {
                // The input gradient of a transposed convolution is the forward convolution with the same weight
                // ([Cin, Cout/g, kH, kW] read as a conv2d weight with Cin outputs).
                dx = conv2d(gc, weight: wc,
                            stride: stride, padding: padding, dilation: dilation, groups: groups)
                // With output padding ≥ stride (allowed when dilation > stride) that convolution has extra trailing
                // positions that match no input element; the gradient is its leading H × W.
                if let d = dx, d.shape != x.shape {
                    dx = d.narrowed(axis: 2, start: 0, length: h).narrowed(axis: 3, start: 0, length: w).contiguous()
                }
            }
            if weight.requiresGradient {
                dw = x.dtype == .float32
                    ? convTransposeWeightGrad(Float.self, xc, gc, geo, wShape: weight.shape, n: n, cin: cin, cing: cing, cout: cout, groups: groups)
                    : convTransposeWeightGrad(Double.self, xc, gc, geo, wShape: weight.shape, n: n, cin: cin, cing: cing, cout: cout, groups: groups)
            }
            var grads: [Tensor?] = [dx, dw]
            if let bias { grads.append(bias.requiresGradient ? channelSums(gc) : nil) }
            return grads
        }
    }

    private static func convTransposeForward<T: TensorFloat>(
        _: T.Type, _ x: Tensor, _ w: Tensor, _ out: Tensor, _ geo: ConvGeometry, n: Int, cin: Int, cing: Int, cout: Int, groups: Int
    ) {
        let hw = geo.colCols, ckk = geo.colRows, coutg = cout / groups, oplane = geo.height * geo.width
        let px = SendablePointer(x.basePointer(T.self) + x.offset), pw = SendablePointer(w.basePointer(T.self) + w.offset)
        let po = SendablePointer(out.basePointer(T.self))
        parallelChunks(n) { images in
            let col = UnsafeMutablePointer<T>.allocate(capacity: ckk * hw)
            defer { col.deallocate() }
            for img in images {
                for gi in 0..<groups {
                    // col = W_gᵀ · x_g: W_g is [cing, coutg·k·k].
                    gemm(transA: true, m: ckk, n: hw, k: cing, a: pw.raw + gi * cing * ckk, lda: ckk,
                         b: px.raw + (img * cin + gi * cing) * hw, ldb: hw, c: col, ldc: hw)
                    geo.col2im(col, po.raw + (img * cout + gi * coutg) * oplane)
                }
            }
        }
    }

    private static func convTransposeWeightGrad<T: TensorFloat>(
        _: T.Type, _ x: Tensor, _ g: Tensor, _ geo: ConvGeometry, wShape: [Int], n: Int, cin: Int, cing: Int, cout: Int, groups: Int
    ) -> Tensor {
        let hw = geo.colCols, ckk = geo.colRows, coutg = cout / groups, oplane = geo.height * geo.width
        let threads = Swift.max(1, Swift.min(KernelThreads.count, n))
        let partial = Tensor.zeros([threads] + wShape, dtype: x.dtype)
        let wCount = wShape.reduce(1, *)
        let px = SendablePointer(x.basePointer(T.self) + x.offset), pg = SendablePointer(g.basePointer(T.self) + g.offset)
        let pp = SendablePointer(partial.basePointer(T.self))
        parallelChunks(threads) { chunks in
            let col = UnsafeMutablePointer<T>.allocate(capacity: ckk * hw)
            defer { col.deallocate() }
            for t in chunks {
                for img in (n * t / threads)..<(n * (t + 1) / threads) {
                    for gi in 0..<groups {
                        geo.im2col(pg.raw + (img * cout + gi * coutg) * oplane, col)
                        // dW_g += x_g · colᵀ: [cing, hw] · [hw, ckk].
                        gemm(transB: true, m: cing, n: ckk, k: hw, a: px.raw + (img * cin + gi * cing) * hw, lda: hw,
                             b: col, ldb: hw, beta: 1, c: pp.raw + t * wCount + gi * cing * ckk, ldc: ckk)
                    }
                }
            }
        }
        return partial.sum(axes: [0])
    }

    /// 1-D convolution as PyTorch's `conv1d`: `x` is `[N, C, L]`, `weight` is `[O, C/groups, k]`.
    public static func conv1d(
        _ x: Tensor, weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1
    ) -> Tensor {
        precondition(x.rank == 3 && weight.rank == 3, "conv1d: expected 3-D input and weight, got \(x.shape) and \(weight.shape)")
        let y = conv2d(x.unsqueezed(axis: 2), weight: weight.unsqueezed(axis: 2), bias: bias, stride: (1, stride),
                       padding: (0, padding), dilation: (1, dilation), groups: groups)
        return y.squeezed(axes: [2])
    }
}
