// Selecting rows (axis 0) of a tensor of any dtype by copying bytes.
import Tensors

extension Tensor {
    /// The rows `indices` along axis 0, in that order, as a new contiguous tensor of the same dtype. Does not
    /// record a gradient (data, not parameters).
    public func rows(_ indices: [Int]) -> Tensor {
        precondition(rank >= 1, "rows: tensor of shape \(shape) has no axis 0")
        let n = shape[0]
        let rowBytes = shape.dropFirst().reduce(1, *) * dtype.byteSize
        var outShape = shape
        outShape[0] = indices.count
        var bytes = [UInt8](repeating: 0, count: indices.count * rowBytes)
        withUnsafeRawBytes { src in
            bytes.withUnsafeMutableBytes { dst in
                for (k, i) in indices.enumerated() {
                    precondition(i >= 0 && i < n, "rows: index \(i) is outside 0..<\(n)")
                    if rowBytes > 0 {
                        dst.baseAddress!.advanced(by: k * rowBytes)
                            .copyMemory(from: src.baseAddress!.advanced(by: i * rowBytes), byteCount: rowBytes)
                    }
                }
            }
        }
        return bytes.withUnsafeBytes { Tensor(rawBytes: $0, dtype: dtype, shape: outShape) }
    }
}
