// Scaled dot-product attention and multi-head attention with PyTorch's nn.MultiheadAttention names and semantics.
import Tensors

/// Turns a mask into an additive bias of `dtype`: a Bool mask (true = may not attend) becomes 0 / −∞, a float
/// mask is already additive. This is `nn.MultiheadAttention`'s convention (note that
/// `F.scaled_dot_product_attention` uses the opposite Bool convention).
func additiveAttentionMask(_ mask: Tensor, dtype: DType) -> Tensor {
    if mask.dtype == .bool {
        return Tensor.zeros(mask.shape, dtype: dtype).maskedFill(mask, with: -.infinity)
    }
    return mask.to(dtype).detached()
}

/// `softmax(q·kᵀ·scale + mask) · v` over the last two axes, with the attention weights.
///
/// - Parameters:
///   - query: `[…, L, d]`; `key`: `[…, S, d]`; `value`: `[…, S, dᵥ]` (leading axes broadcast).
///   - mask: broadcastable to `[…, L, S]`. Bool: **true = may not attend** (the convention of
///     ``MultiheadAttention`` and `nn.MultiheadAttention`); float: added to the scores (−∞ blocks).
///   - isCausal: also blocks every key after the query's position (`j > i`).
///   - scale: defaults to `1/√d`.
///   - dropout: probability of zeroing an attention weight (the rest scaled by `1/(1−p)`), using `generator`.
/// - Returns: the output `[…, L, dᵥ]` and the weights `[…, L, S]` (after dropout, as PyTorch returns them).
///   A row whose keys are all blocked gives NaN, as in PyTorch.
public func scaledDotProductAttention(
    query: Tensor, key: Tensor, value: Tensor, mask: Tensor? = nil, isCausal: Bool = false, scale: Double? = nil,
    dropout: Double = 0, generator: inout RandomGenerator
) -> (output: Tensor, weights: Tensor) {
    precondition(query.rank >= 2 && key.rank >= 2 && value.rank >= 2,
                 "scaledDotProductAttention: query \(query.shape), key \(key.shape), value \(value.shape) need rank ≥ 2")
    let d = query.shape[query.rank - 1]
    precondition(key.shape[key.rank - 1] == d, "scaledDotProductAttention: query \(query.shape) and key \(key.shape) differ in the feature size")
    // Scaling q before the product (as PyTorch's attention does) touches L·d elements instead of L·S.
    var scores = (query * (scale ?? 1 / Double(d).squareRoot())).matmul(key.transposed())
    if let mask { scores = scores + additiveAttentionMask(mask, dtype: scores.dtype) }
    if isCausal {
        let l = scores.shape[scores.rank - 2], s = scores.shape[scores.rank - 1]
        scores = scores.maskedFill(causalMask(l, s), with: -.infinity)
    }
    var weights = scores.softmax(axis: -1)
    if dropout > 0 {
        weights = weights * Dropout.mask(shape: weights.shape, keep: 1 - dropout, dtype: weights.dtype, using: &generator)
    }
    return (weights.matmul(value), weights)
}

/// ``scaledDotProductAttention(query:key:value:mask:isCausal:scale:dropout:generator:)`` without dropout.
public func scaledDotProductAttention(
    query: Tensor, key: Tensor, value: Tensor, mask: Tensor? = nil, isCausal: Bool = false, scale: Double? = nil
) -> (output: Tensor, weights: Tensor) {
    var unused = RandomGenerator(seed: 0)
    return scaledDotProductAttention(query: query, key: key, value: value, mask: mask, isCausal: isCausal,
                                     scale: scale, generator: &unused)
}

/// The `[L, S]` Bool mask that is true above the diagonal (key after query): what
/// `nn.Transformer.generate_square_subsequent_mask` blocks.
public func causalMask(_ length: Int, _ keys: Int? = nil) -> Tensor {
    let s = keys ?? length
    var values = [Bool](repeating: false, count: length * s)
    for i in 0..<length { for j in 0..<s where j > i { values[i * s + j] = true } }
    return Tensor(values, shape: [length, s])
}

/// Multi-head attention (`nn.MultiheadAttention`): project query, key and value with the packed `in_proj_weight`
/// `[3E, E]` and `in_proj_bias`, attend per head, concatenate the heads and apply `out_proj` (a ``Linear``).
///
/// State-dict names are PyTorch's (`in_proj_weight`, `in_proj_bias`, `out_proj.weight`, `out_proj.bias`) and so is
/// the initialisation (Xavier-uniform `in_proj_weight`, zero biases, `out_proj.weight` as a Linear's). Inputs are
/// `[B, L, E]` with `batchFirst` (the default here) or `[L, B, E]`. Masks follow PyTorch: Bool true = masked out.
///
/// ```swift
/// let attention = MultiheadAttention(embedDim: 64, numHeads: 8)
/// let (y, weights) = attention(query: x, key: x, value: x, keyPaddingMask: padding, causal: true)
/// ```
public final class MultiheadAttention: Module, TrainingModeDependent, RandomStateful {
    public let inProjWeight: Parameter
    public let inProjBias: Parameter?
    public let outProj: Linear
    public let embedDim: Int
    public let numHeads: Int
    /// Dropout on the attention weights in training mode.
    public let dropout: Double
    public let batchFirst: Bool
    public var isTraining = true
    public var generator: RandomGenerator

    public init(embedDim: Int, numHeads: Int, dropout: Double = 0, bias: Bool = true, batchFirst: Bool = true,
                dtype: DType = .float32) {
        precondition(embedDim > 0 && numHeads > 0 && embedDim % numHeads == 0,
                     "MultiheadAttention: embedDim \(embedDim) must be a positive multiple of numHeads \(numHeads)")
        precondition(dropout >= 0 && dropout < 1, "MultiheadAttention: dropout \(dropout) is outside [0, 1)")
        self.embedDim = embedDim
        self.numHeads = numHeads
        self.dropout = dropout
        self.batchFirst = batchFirst
        // PyTorch's _reset_parameters: xavier_uniform_ on the packed [3E, E] weight (fan_in E, fan_out 3E).
        inProjWeight = Parameter(Initializer.xavierUniform([3 * embedDim, embedDim], fanIn: embedDim, fanOut: 3 * embedDim, dtype: dtype))
        inProjBias = bias ? Parameter(Tensor.zeros([3 * embedDim], dtype: dtype)) : nil
        outProj = Linear(embedDim, embedDim, bias: bias, dtype: dtype)
        if let b = outProj.bias { b.value = Tensor.zeros([embedDim], dtype: dtype) }
        generator = RandomGenerator(seed: Initializer.childSeed())
    }

    /// Attends from `query` to `key`/`value`.
    ///
    /// - Parameters:
    ///   - query: `[B, L, E]` (or `[L, B, E]` without `batchFirst`, or unbatched `[L, E]`); `key`, `value`: `[B, S, E]`.
    ///   - keyPaddingMask: `[B, S]`, Bool true (or a float added to the scores) for keys to ignore (padding).
    ///   - attentionMask: `[L, S]` or `[B·heads, L, S]`, Bool true = may not attend, or float additive.
    ///   - causal: also blocks keys after each query position.
    ///   - needWeights: whether to return the attention weights.
    ///   - averageWeights: average the weights over heads (`[B, L, S]`) or keep them per head (`[B, heads, L, S]`).
    /// - Returns: the output, shaped like `query`, and the weights (nil unless `needWeights`).
    public func callAsFunction(
        query: Tensor, key: Tensor, value: Tensor, keyPaddingMask: Tensor? = nil, attentionMask: Tensor? = nil,
        causal: Bool = false, needWeights: Bool = true, averageWeights: Bool = true
    ) -> (output: Tensor, weights: Tensor?) {
        let unbatched = query.rank == 2
        func batched(_ t: Tensor) -> Tensor { unbatched ? t.unsqueezed(axis: 0) : (batchFirst ? t : t.transposed(0, 1)) }
        let q = batched(query), k = batched(key), v = batched(value)
        precondition(q.rank == 3 && q.shape[2] == embedDim && k.shape[2] == embedDim && v.shape[2] == embedDim,
                     "MultiheadAttention(\(embedDim)): query \(query.shape), key \(key.shape), value \(value.shape) must end in \(embedDim)")
        precondition(k.shape[0] == q.shape[0] && v.shape[0] == q.shape[0] && k.shape[1] == v.shape[1],
                     "MultiheadAttention: batch or key length differ: query \(query.shape), key \(key.shape), value \(value.shape)")
        let (b, l, s) = (q.shape[0], q.shape[1], k.shape[1])
        let e = embedDim, heads = numHeads, d = e / heads
        let w = inProjWeight.value, bias = inProjBias?.value
        // One GEMM for all three projections when query, key and value are the same tensor (self-attention).
        let projected: [Tensor]
        if query.isSameTensor(as: key) && key.isSameTensor(as: value) {
            projected = Tensor.linear(q, weight: w, bias: bias).chunked(3, axis: 2)
        } else {
            projected = [q, k, v].enumerated().map { i, x in
                Tensor.linear(x, weight: w[(i * e)..<((i + 1) * e)], bias: bias?[(i * e)..<((i + 1) * e)])
            }
        }
        // [B, T, E] → [B, heads, T, d].
        func split(_ t: Tensor, _ length: Int) -> Tensor { t.reshaped([b, length, heads, d]).permuted([0, 2, 1, 3]) }
        var mask: Tensor? = nil
        if let attentionMask {
            var m = additiveAttentionMask(attentionMask, dtype: q.dtype)
            if m.rank == 3 { m = m.reshaped([b, heads, l, s]) }
            precondition(m.rank == 2 ? m.shape == [l, s] : m.shape == [b, heads, l, s],
                         "MultiheadAttention: attention mask \(attentionMask.shape), expected [\(l), \(s)] or [\(b * heads), \(l), \(s)]")
            mask = m
        }
        if let keyPaddingMask {
            let padding = unbatched ? keyPaddingMask.unsqueezed(axis: 0) : keyPaddingMask
            precondition(padding.shape == [b, s], "MultiheadAttention: key padding mask \(keyPaddingMask.shape), expected [\(b), \(s)]")
            let m = additiveAttentionMask(padding, dtype: q.dtype).reshaped([b, 1, 1, s])
            mask = mask.map { $0 + m } ?? m
        }
        let attended = scaledDotProductAttention(
            query: split(projected[0], l), key: split(projected[1], s), value: split(projected[2], s), mask: mask,
            isCausal: causal, dropout: isTraining ? dropout : 0, generator: &generator)
        var output = outProj(attended.output.permuted([0, 2, 1, 3]).reshaped([b, l, e]))
        output = unbatched ? output.squeezed(axes: [0]) : (batchFirst ? output : output.transposed(0, 1))
        guard needWeights else { return (output, nil) }
        var weights = averageWeights ? attended.weights.mean(axes: [1]) : attended.weights
        if unbatched { weights = weights.squeezed(axes: [0]) }
        return (output, weights)
    }

    /// Self-attention: `x` attends to itself, with one projection GEMM.
    public func callAsFunction(
        _ x: Tensor, keyPaddingMask: Tensor? = nil, attentionMask: Tensor? = nil, causal: Bool = false,
        needWeights: Bool = false, averageWeights: Bool = true
    ) -> (output: Tensor, weights: Tensor?) {
        callAsFunction(query: x, key: x, value: x, keyPaddingMask: keyPaddingMask, attentionMask: attentionMask,
                       causal: causal, needWeights: needWeights, averageWeights: averageWeights)
    }
}
