// im2col / col2im: the layout change that turns a convolution into one matrix multiply per image and group.
import Kernels

/// The sizes of one 2-D convolution, from the point of view of the plane that is unfolded.
struct ConvGeometry: Sendable {
    let channels: Int, height: Int, width: Int
    let kernelH: Int, kernelW: Int
    let strideH: Int, strideW: Int
    let padH: Int, padW: Int
    let dilationH: Int, dilationW: Int
    let outH: Int, outW: Int

    /// Rows of the unfolded matrix: channels × kernel positions.
    var colRows: Int { channels * kernelH * kernelW }
    /// Columns of the unfolded matrix: output positions.
    var colCols: Int { outH * outW }

    /// Output size of a convolution along one dimension (PyTorch's formula).
    static func outputSize(_ input: Int, kernel: Int, stride: Int, padding: Int, dilation: Int) -> Int {
        (input + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1
    }

    /// Unfolds one image `x` (`channels × height × width`) into `col` (`colRows × colCols`, rows `rowStride`
    /// apart so several images can sit side by side); padding reads 0.
    func im2col<T: TensorFloat>(_ x: UnsafePointer<T>, _ col: UnsafeMutablePointer<T>, rowStride: Int? = nil) {
        let ld = rowStride ?? colCols
        let plane = height * width
        var row = 0
        for c in 0..<channels {
            let xc = x + c * plane
            for ki in 0..<kernelH {
                for kj in 0..<kernelW {
                    let dst = col + row * ld
                    let colOffset = kj * dilationW - padW
                    for oh in 0..<outH {
                        let ih = oh * strideH - padH + ki * dilationH
                        let d = dst + oh * outW
                        if ih < 0 || ih >= height {
                            d.update(repeating: 0, count: outW)
                            continue
                        }
                        let src = xc + ih * width
                        if strideW == 1 {
                            // Contiguous middle, zero borders.
                            let lo = Swift.max(0, -colOffset), hi = Swift.min(outW, width - colOffset)
                            if lo > 0 { d.update(repeating: 0, count: Swift.min(lo, outW)) }
                            if hi > lo { (d + lo).update(from: src + lo + colOffset, count: hi - lo) }
                            if hi < outW { (d + Swift.max(hi, 0)).update(repeating: 0, count: outW - Swift.max(hi, 0)) }
                        } else {
                            for ow in 0..<outW {
                                let iw = ow * strideW + colOffset
                                d[ow] = iw >= 0 && iw < width ? src[iw] : 0
                            }
                        }
                    }
                    row += 1
                }
            }
        }
    }

    /// Folds `col` back, adding into `x` (the adjoint of ``im2col(_:_:rowStride:)``); `x` must be zeroed by the caller.
    func col2im<T: TensorFloat>(_ col: UnsafePointer<T>, _ x: UnsafeMutablePointer<T>, rowStride: Int? = nil) {
        let ld = rowStride ?? colCols
        let plane = height * width
        var row = 0
        for c in 0..<channels {
            let xc = x + c * plane
            for ki in 0..<kernelH {
                for kj in 0..<kernelW {
                    let src = col + row * ld
                    let colOffset = kj * dilationW - padW
                    for oh in 0..<outH {
                        let ih = oh * strideH - padH + ki * dilationH
                        if ih < 0 || ih >= height { continue }
                        let dst = xc + ih * width
                        let s = src + oh * outW
                        if strideW == 1 {
                            let lo = Swift.max(0, -colOffset), hi = Swift.min(outW, width - colOffset)
                            if hi > lo { for ow in lo..<hi { dst[ow + colOffset] += s[ow] } }
                        } else {
                            for ow in 0..<outW {
                                let iw = ow * strideW + colOffset
                                if iw >= 0 && iw < width { dst[iw] += s[ow] }
                            }
                        }
                    }
                    row += 1
                }
            }
        }
    }
}

/// A GEMM for either compute type; single-threaded unless asked (convolutions parallelise over images instead).
@inline(__always)
func gemm<T: TensorFloat>(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
    a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int, beta: T = 0, c: UnsafeMutablePointer<T>, ldc: Int,
    multithreaded: Bool = false
) {
    if T.self == Float.self {
        MatrixMultiply.sgemm(
            transA: transA, transB: transB, m: m, n: n, k: k,
            a: UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), lda: lda,
            b: UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), ldb: ldb, beta: Float(beta),
            c: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), ldc: ldc, multithreaded: multithreaded)
    } else {
        MatrixMultiply.dgemm(
            transA: transA, transB: transB, m: m, n: n, k: k,
            a: UnsafeRawPointer(a).assumingMemoryBound(to: Double.self), lda: lda,
            b: UnsafeRawPointer(b).assumingMemoryBound(to: Double.self), ldb: ldb, beta: Double(beta),
            c: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Double.self), ldc: ldc, multithreaded: multithreaded)
    }
}
