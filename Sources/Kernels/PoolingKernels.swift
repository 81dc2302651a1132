// Max pooling over raw NCHW float planes (the loop is CKernels/pooling.c), planes spread over threads.
import CKernels

public enum PoolingKernels {
    /// Max pooling without padding or dilation: `y[p, oh, ow]` is the maximum of the kh×kw window at
    /// (oh·sh, ow·sw) of plane p, and `winners` its offset within the plane. NaN wins.
    public static func maxPool2d(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, winners: UnsafeMutablePointer<Int32>, planes: Int,
        height h: Int, width w: Int, kernel: (Int, Int), stride: (Int, Int), outputHeight ho: Int, outputWidth wo: Int
    ) {
        let px = SendablePointer(x), py = SendablePointer(y), pw = SendablePointer(winners)
        parallelChunks(planes, minimumPerThread: Swift.max(1, 16384 / Swift.max(ho * wo, 1))) { r in
            sl_maxpool2d_f32(px.raw + r.lowerBound * h * w, py.raw + r.lowerBound * ho * wo, pw.raw + r.lowerBound * ho * wo,
                             r.count, h, w, kernel.0, kernel.1, stride.0, stride.1, ho, wo)
        }
    }
}
