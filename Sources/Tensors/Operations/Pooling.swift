// Max, average and adaptive-average pooling over NCHW planes, with their gradients; 1-D forms on top.
import Kernels

extension Tensor {
    /// Max pooling as PyTorch's `max_pool2d` (padding reads −∞). `stride` defaults to the kernel size.
    public func maxPool2d(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0),
                          dilation: (Int, Int) = (1, 1)) -> Tensor {
        let s = stride ?? kernel
        precondition(rank == 4 && dtype.isComputeFloat, "maxPool2d: expected a 4-D float tensor, got \(shape) \(dtype)")
        precondition(padding.0 * 2 <= kernel.0 && padding.1 * 2 <= kernel.1, "maxPool2d: padding must be at most half the kernel")
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let ho = ConvGeometry.outputSize(h, kernel: kernel.0, stride: s.0, padding: padding.0, dilation: dilation.0)
        let wo = ConvGeometry.outputSize(w, kernel: kernel.1, stride: s.1, padding: padding.1, dilation: dilation.1)
        precondition(ho > 0 && wo > 0, "maxPool2d: input \(h)×\(w) is smaller than the kernel")
        let src = detached().materialized()
        let out = Tensor(uninitialized: [n, c, ho, wo], dtype: dtype)
        // Winner positions (within each plane) route the gradient back.
        let winners = Tensor(uninitialized: [n * c * ho * wo], dtype: .int32)
        if dtype == .float32 {
            Tensor.maxPoolForward(Float.self, src, out, winners, planes: n * c, h: h, w: w, ho: ho, wo: wo, kernel: kernel, stride: s,
                                  padding: padding, dilation: dilation)
        } else {
            Tensor.maxPoolForward(Double.self, src, out, winners, planes: n * c, h: h, w: w, ho: ho, wo: wo, kernel: kernel, stride: s,
                                  padding: padding, dilation: dilation)
        }
        let inShape = shape
        return Tensor.record(.maxPool2d, out, inputs: [self]) { g in
            let gc = g.materialized()
            let dx = Tensor.zeros(inShape, dtype: g.dtype)
            let win = winners.basePointer(Int32.self)
            func scatter<T: TensorFloat>(_: T.Type) {
                let pg = gc.basePointer(T.self) + gc.offset, pd = dx.basePointer(T.self)
                for p in 0..<(n * c) {
                    for q in 0..<(ho * wo) {
                        let o = p * ho * wo + q
                        pd[p * h * w + Int(win[o])] += pg[o]
                    }
                }
            }
            if g.dtype == .float32 { scatter(Float.self) } else { scatter(Double.self) }
            return [dx]
        }
    }

    private static func maxPoolForward<T: TensorFloat>(
        _: T.Type, _ src: Tensor, _ out: Tensor, _ winners: Tensor, planes: Int, h: Int, w: Int, ho: Int, wo: Int,
        kernel: (Int, Int), stride s: (Int, Int), padding: (Int, Int), dilation: (Int, Int)
    ) {
        let ps = SendablePointer(src.basePointer(T.self) + src.offset), pv = SendablePointer(out.basePointer(T.self))
        let pw = SendablePointer(winners.basePointer(Int32.self))
        if padding == (0, 0) && dilation == (1, 1) {
            if T.self == Float.self {
                PoolingKernels.maxPool2d(UnsafeRawPointer(ps.raw).assumingMemoryBound(to: Float.self),
                                         UnsafeMutableRawPointer(pv.raw).assumingMemoryBound(to: Float.self), winners: pw.raw,
                                         planes: planes, height: h, width: w, kernel: kernel, stride: s, outputHeight: ho, outputWidth: wo)
            } else {
                maxPoolUnpadded(ps, pv, pw, planes: planes, h: h, w: w, ho: ho, wo: wo, kernel: kernel, stride: s)
            }
            return
        }
        parallelChunks(planes, minimumPerThread: Swift.max(1, 4096 / Swift.max(ho * wo, 1))) { range in
            for p in range {
                let plane = ps.raw + p * h * w
                for oh in 0..<ho {
                    for ow in 0..<wo {
                        var best = -T.infinity, bestIndex = -1
                        search: for ki in 0..<kernel.0 {
                            let ih = oh * s.0 - padding.0 + ki * dilation.0
                            if ih < 0 || ih >= h { continue }
                            for kj in 0..<kernel.1 {
                                let iw = ow * s.1 - padding.1 + kj * dilation.1
                                if iw < 0 || iw >= w { continue }
                                let v = plane[ih * w + iw]
                                if v > best || bestIndex < 0 { best = v; bestIndex = ih * w + iw }
                                // NaN wins and ends the search, as in PyTorch.
                                if v.isNaN { best = v; bestIndex = ih * w + iw; break search }
                            }
                        }
                        let o = (p * ho + oh) * wo + ow
                        pv.raw[o] = best
                        pw.raw[o] = Int32(bestIndex)
                    }
                }
            }
        }
    }

    /// Max pooling without padding or dilation (every window lies inside the plane): the running maximum is kept
    /// with selects rather than branches, which on real activations mispredict about half the time.
    private static func maxPoolUnpadded<T: TensorFloat>(
        _ ps: SendablePointer<T>, _ pv: SendablePointer<T>, _ pw: SendablePointer<Int32>, planes: Int, h: Int, w: Int,
        ho: Int, wo: Int, kernel: (Int, Int), stride s: (Int, Int)
    ) {
        parallelChunks(planes, minimumPerThread: Swift.max(1, 4096 / Swift.max(ho * wo, 1))) { range in
            for p in range {
                let plane = ps.raw + p * h * w
                for oh in 0..<ho {
                    for ow in 0..<wo {
                        let first = oh * s.0 * w + ow * s.1
                        var best = plane[first], bestIndex = first
                        for ki in 0..<kernel.0 {
                            for kj in 0..<kernel.1 {
                                let index = first + ki * w + kj
                                let v = plane[index]
                                // NaN wins (and stays), as in PyTorch.
                                let take = v > best || (v != v && best == best)
                                best = take ? v : best
                                bestIndex = take ? index : bestIndex
                            }
                        }
                        let o = (p * ho + oh) * wo + ow
                        pv.raw[o] = best
                        pw.raw[o] = Int32(bestIndex)
                    }
                }
            }
        }
    }

    /// Average pooling as PyTorch's `avg_pool2d`; padded zeros count in the divisor when `countIncludePad`.
    public func avgPool2d(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0),
                          countIncludePad: Bool = true) -> Tensor {
        let s = stride ?? kernel
        precondition(rank == 4 && dtype.isComputeFloat, "avgPool2d: expected a 4-D float tensor, got \(shape) \(dtype)")
        precondition(padding.0 * 2 <= kernel.0 && padding.1 * 2 <= kernel.1, "avgPool2d: padding must be at most half the kernel")
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let ho = ConvGeometry.outputSize(h, kernel: kernel.0, stride: s.0, padding: padding.0, dilation: 1)
        let wo = ConvGeometry.outputSize(w, kernel: kernel.1, stride: s.1, padding: padding.1, dilation: 1)
        precondition(ho > 0 && wo > 0, "avgPool2d: input \(h)×\(w) is smaller than the kernel")
        // Each output averages a window; the same windows route the gradient back.
        func window(_ oh: Int, _ ow: Int) -> (h0: Int, h1: Int, w0: Int, w1: Int, divisor: Double) {
            let hs = oh * s.0 - padding.0, ws = ow * s.1 - padding.1
            let he = Swift.min(hs + kernel.0, h + padding.0), we = Swift.min(ws + kernel.1, w + padding.1)
            let padded = Double((he - hs) * (we - ws))
            let h0 = Swift.max(hs, 0), w0 = Swift.max(ws, 0), h1 = Swift.min(he, h), w1 = Swift.min(we, w)
            return (h0, h1, w0, w1, countIncludePad ? padded : Double((h1 - h0) * (w1 - w0)))
        }
        return poolByWindows(op: .avgPool2d, n: n, c: c, h: h, w: w, ho: ho, wo: wo, window: window)
    }

    /// Adaptive average pooling to `outputSize` (PyTorch's bins: `floor(i·H/Ho) ..< ceil((i+1)·H/Ho)`).
    public func adaptiveAvgPool2d(outputSize: (Int, Int)) -> Tensor {
        precondition(rank == 4 && dtype.isComputeFloat, "adaptiveAvgPool2d: expected a 4-D float tensor, got \(shape) \(dtype)")
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let (ho, wo) = outputSize
        precondition(ho > 0 && wo > 0, "adaptiveAvgPool2d: output size must be positive")
        func window(_ oh: Int, _ ow: Int) -> (h0: Int, h1: Int, w0: Int, w1: Int, divisor: Double) {
            let h0 = oh * h / ho, h1 = ((oh + 1) * h + ho - 1) / ho
            let w0 = ow * w / wo, w1 = ((ow + 1) * w + wo - 1) / wo
            return (h0, h1, w0, w1, Double((h1 - h0) * (w1 - w0)))
        }
        return poolByWindows(op: .adaptiveAvgPool2d, n: n, c: c, h: h, w: w, ho: ho, wo: wo, window: window)
    }

    private func poolByWindows(
        op: OpKind, n: Int, c: Int, h: Int, w: Int, ho: Int, wo: Int,
        window: (Int, Int) -> (h0: Int, h1: Int, w0: Int, w1: Int, divisor: Double)
    ) -> Tensor {
        var windows: [(h0: Int, h1: Int, w0: Int, w1: Int, divisor: Double)] = []
        for oh in 0..<ho { for ow in 0..<wo { windows.append(window(oh, ow)) } }
        let src = detached().materialized()
        let out = Tensor(uninitialized: [n, c, ho, wo], dtype: dtype)
        let frozen = windows
        func forward<T: TensorFloat>(_: T.Type) {
            let ps = SendablePointer(src.basePointer(T.self) + src.offset), pv = SendablePointer(out.basePointer(T.self))
            parallelChunks(n * c, minimumPerThread: Swift.max(1, 4096 / Swift.max(h * w, 1))) { range in
                for p in range {
                    let plane = ps.raw + p * h * w
                    for (q, win) in frozen.enumerated() {
                        var acc: T = 0
                        for ih in win.h0..<Swift.max(win.h1, win.h0) {
                            for iw in win.w0..<Swift.max(win.w1, win.w0) { acc += plane[ih * w + iw] }
                        }
                        pv.raw[p * ho * wo + q] = acc / T(win.divisor)
                    }
                }
            }
        }
        if dtype == .float32 { forward(Float.self) } else { forward(Double.self) }
        let inShape = shape
        return Tensor.record(op, out, inputs: [self]) { g in
            let gc = g.materialized()
            let dx = Tensor.zeros(inShape, dtype: g.dtype)
            func backward<T: TensorFloat>(_: T.Type) {
                let pg = gc.basePointer(T.self) + gc.offset, pd = dx.basePointer(T.self)
                for p in 0..<(n * c) {
                    for (q, win) in frozen.enumerated() {
                        let share = pg[p * ho * wo + q] / T(win.divisor)
                        for ih in win.h0..<Swift.max(win.h1, win.h0) {
                            for iw in win.w0..<Swift.max(win.w1, win.w0) { pd[p * h * w + ih * w + iw] += share }
                        }
                    }
                }
            }
            if g.dtype == .float32 { backward(Float.self) } else { backward(Double.self) }
            return [dx]
        }
    }

    /// 1-D max pooling over `[N, C, L]`.
    public func maxPool1d(kernel: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
        precondition(rank == 3, "maxPool1d: expected [N, C, L], got \(shape)")
        return unsqueezed(axis: 2).maxPool2d(kernel: (1, kernel), stride: (1, stride ?? kernel), padding: (0, padding)).squeezed(axes: [2])
    }

    /// 1-D average pooling over `[N, C, L]`.
    public func avgPool1d(kernel: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
        precondition(rank == 3, "avgPool1d: expected [N, C, L], got \(shape)")
        return unsqueezed(axis: 2).avgPool2d(kernel: (1, kernel), stride: (1, stride ?? kernel), padding: (0, padding)).squeezed(axes: [2])
    }
}
