// Embedding lookup tables.
import Tensors

/// A lookup table `weight[numEmbeddings, dim]` indexed by integer tensors of any shape (`nn.Embedding`),
/// initialised N(0, 1). The `paddingIndex` row starts at zero and receives no gradient.
public final class Embedding: Layer {
    public let weight: Parameter
    public let paddingIndex: Int?

    public init(_ numEmbeddings: Int, _ dimension: Int, paddingIndex: Int? = nil, dtype: DType = .float32) {
        precondition(numEmbeddings > 0 && dimension > 0, "Embedding: sizes must be positive")
        if let p = paddingIndex { precondition(p >= -numEmbeddings && p < numEmbeddings, "Embedding: padding index \(p) out of range") }
        let pad = paddingIndex.map { $0 < 0 ? $0 + numEmbeddings : $0 }
        var w = Initializer.normal([numEmbeddings, dimension], dtype: dtype)
        if let pad {
            if dtype == .float64 {
                w.withUnsafeMutableBufferPointer(as: Double.self) { p in for j in 0..<dimension { p[pad * dimension + j] = 0 } }
            } else {
                w.withUnsafeMutableBufferPointer(as: Float.self) { p in for j in 0..<dimension { p[pad * dimension + j] = 0 } }
            }
        }
        weight = Parameter(w)
        self.paddingIndex = pad
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.dtype.isInteger && input.dtype != .bool, "Embedding: indices must be integers, got \(input.dtype)")
        let dim = weight.shape[1], rowCount = weight.shape[0]
        // indexSelect wraps negative indices (−1 is the last row); nn.Embedding raises for any id outside
        // 0..<numEmbeddings, so check here rather than silently return the wrong row.
        for id in input.integers where id < 0 || id >= rowCount {
            preconditionFailure("Embedding: index \(id) out of range 0..<\(rowCount)")
        }
        let rows = weight.value.indexSelect(axis: 0, indices: input.reshaped([input.count]))
        var out = rows
        if let pad = paddingIndex {
            // Same values, but no gradient reaches the padding row.
            let keep = (input.reshaped([input.count, 1]) .!= Double(pad)).expanded(to: [input.count, dim])
            out = Tensor.where(keep, rows, rows.detached())
        }
        return out.reshaped(input.shape + [dim])
    }
}
