// Transformer encoder and decoder layers (nn.TransformerEncoderLayer / nn.TransformerDecoderLayer) and the
// encoder stack, with PyTorch's attribute names so state dicts load as is.
import Tensors

/// The feed-forward activation of a transformer layer.
public enum TransformerActivation: Sendable {
    case relu
    /// The exact (erf) GELU, PyTorch's `"gelu"`.
    case gelu

    func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .relu: x.relu()
        case .gelu: x.gelu()
        }
    }
}

/// One encoder layer: self-attention then a feed-forward block, each with a residual connection and LayerNorm,
/// after the block (post-norm, PyTorch's default) or before it (`normFirst`).
///
/// Names: `self_attn.*`, `linear1.*`, `linear2.*`, `norm1.*`, `norm2.*`. Inputs are `[B, L, dModel]` with
/// `batchFirst` (the default here) or `[L, B, dModel]`.
public final class TransformerEncoderLayer: Layer {
    public let selfAttn: MultiheadAttention
    public let linear1: Linear
    public let dropout: Dropout
    public let linear2: Linear
    public let norm1: LayerNorm
    public let norm2: LayerNorm
    public let dropout1: Dropout
    public let dropout2: Dropout
    public let activation: TransformerActivation
    public let normFirst: Bool

    public init(dModel: Int, numHeads: Int, dimFeedforward: Int = 2048, dropout: Double = 0.1,
                activation: TransformerActivation = .relu, layerNormEpsilon: Double = 1e-5, batchFirst: Bool = true,
                normFirst: Bool = false, bias: Bool = true, dtype: DType = .float32) {
        // Construction order is PyTorch's, so a seeded scope draws the weights in the same sequence of tensors.
        selfAttn = MultiheadAttention(embedDim: dModel, numHeads: numHeads, dropout: dropout, bias: bias,
                                      batchFirst: batchFirst, dtype: dtype)
        linear1 = Linear(dModel, dimFeedforward, bias: bias, dtype: dtype)
        self.dropout = Dropout(probability: dropout)
        linear2 = Linear(dimFeedforward, dModel, bias: bias, dtype: dtype)
        self.normFirst = normFirst
        norm1 = LayerNorm([dModel], epsilon: layerNormEpsilon, bias: bias, dtype: dtype)
        norm2 = LayerNorm([dModel], epsilon: layerNormEpsilon, bias: bias, dtype: dtype)
        dropout1 = Dropout(probability: dropout)
        dropout2 = Dropout(probability: dropout)
        self.activation = activation
    }

    /// - Parameters:
    ///   - mask: `[L, L]` (or `[B·heads, L, L]`) attention mask, Bool true = may not attend, or float additive.
    ///   - keyPaddingMask: `[B, L]`, true at padding positions.
    ///   - causal: each position attends only to itself and earlier ones.
    public func callAsFunction(_ src: Tensor, mask: Tensor? = nil, keyPaddingMask: Tensor? = nil, causal: Bool = false) -> Tensor {
        func attend(_ x: Tensor) -> Tensor {
            dropout1(selfAttn(x, keyPaddingMask: keyPaddingMask, attentionMask: mask, causal: causal).output)
        }
        func feedForward(_ x: Tensor) -> Tensor { dropout2(linear2(dropout(activation(linear1(x))))) }
        var x = src
        if normFirst {
            x = x + attend(norm1(x))
            x = x + feedForward(norm2(x))
        } else {
            x = norm1(x + attend(x))
            x = norm2(x + feedForward(x))
        }
        return x
    }

    public func callAsFunction(_ input: Tensor) -> Tensor { callAsFunction(input, mask: nil) }
}

/// One decoder layer: causal self-attention, attention over the encoder's `memory`, and a feed-forward block, each
/// with a residual connection and LayerNorm (post-norm by default, or `normFirst`).
///
/// Names: `self_attn.*`, `multihead_attn.*`, `linear1.*`, `linear2.*`, `norm1.*`, `norm2.*`, `norm3.*`.
public final class TransformerDecoderLayer: Module {
    public let selfAttn: MultiheadAttention
    public let multiheadAttn: MultiheadAttention
    public let linear1: Linear
    public let dropout: Dropout
    public let linear2: Linear
    public let norm1: LayerNorm
    public let norm2: LayerNorm
    public let norm3: LayerNorm
    public let dropout1: Dropout
    public let dropout2: Dropout
    public let dropout3: Dropout
    public let activation: TransformerActivation
    public let normFirst: Bool

    public init(dModel: Int, numHeads: Int, dimFeedforward: Int = 2048, dropout: Double = 0.1,
                activation: TransformerActivation = .relu, layerNormEpsilon: Double = 1e-5, batchFirst: Bool = true,
                normFirst: Bool = false, bias: Bool = true, dtype: DType = .float32) {
        selfAttn = MultiheadAttention(embedDim: dModel, numHeads: numHeads, dropout: dropout, bias: bias,
                                      batchFirst: batchFirst, dtype: dtype)
        multiheadAttn = MultiheadAttention(embedDim: dModel, numHeads: numHeads, dropout: dropout, bias: bias,
                                           batchFirst: batchFirst, dtype: dtype)
        linear1 = Linear(dModel, dimFeedforward, bias: bias, dtype: dtype)
        self.dropout = Dropout(probability: dropout)
        linear2 = Linear(dimFeedforward, dModel, bias: bias, dtype: dtype)
        self.normFirst = normFirst
        norm1 = LayerNorm([dModel], epsilon: layerNormEpsilon, bias: bias, dtype: dtype)
        norm2 = LayerNorm([dModel], epsilon: layerNormEpsilon, bias: bias, dtype: dtype)
        norm3 = LayerNorm([dModel], epsilon: layerNormEpsilon, bias: bias, dtype: dtype)
        dropout1 = Dropout(probability: dropout)
        dropout2 = Dropout(probability: dropout)
        dropout3 = Dropout(probability: dropout)
        self.activation = activation
    }

    /// - Parameters:
    ///   - tgt: the target sequence `[B, T, dModel]`; `memory`: the encoder output `[B, S, dModel]`.
    ///   - tgtMask: `[T, T]` self-attention mask (true = may not attend), e.g. ``causalMask(_:_:)``.
    ///   - memoryMask: `[T, S]` mask on the attention over memory.
    ///   - tgtKeyPaddingMask, memoryKeyPaddingMask: `[B, T]` / `[B, S]`, true at padding.
    ///   - tgtIsCausal: a causal self-attention mask without building one.
    public func callAsFunction(
        _ tgt: Tensor, memory: Tensor, tgtMask: Tensor? = nil, memoryMask: Tensor? = nil,
        tgtKeyPaddingMask: Tensor? = nil, memoryKeyPaddingMask: Tensor? = nil, tgtIsCausal: Bool = false
    ) -> Tensor {
        func selfAttend(_ x: Tensor) -> Tensor {
            dropout1(selfAttn(x, keyPaddingMask: tgtKeyPaddingMask, attentionMask: tgtMask, causal: tgtIsCausal).output)
        }
        func crossAttend(_ x: Tensor) -> Tensor {
            dropout2(multiheadAttn(query: x, key: memory, value: memory, keyPaddingMask: memoryKeyPaddingMask,
                                   attentionMask: memoryMask, needWeights: false).output)
        }
        func feedForward(_ x: Tensor) -> Tensor { dropout3(linear2(dropout(activation(linear1(x))))) }
        var x = tgt
        if normFirst {
            x = x + selfAttend(norm1(x))
            x = x + crossAttend(norm2(x))
            x = x + feedForward(norm3(x))
        } else {
            x = norm1(x + selfAttend(x))
            x = norm2(x + crossAttend(x))
            x = norm3(x + feedForward(x))
        }
        return x
    }
}

/// A stack of encoder layers (`nn.TransformerEncoder`), named `layers.0`, `layers.1`, …, with an optional final
/// `norm`.
///
/// PyTorch deep-copies one layer N times, so its layers start with identical weights; here each layer is built
/// by `makeLayer` and is initialised independently unless the closure returns copies.
public final class TransformerEncoder: Layer {
    public let layers: [TransformerEncoderLayer]
    public let norm: LayerNorm?

    public init(layers: [TransformerEncoderLayer], norm: LayerNorm? = nil) {
        precondition(!layers.isEmpty, "TransformerEncoder: needs at least one layer")
        self.layers = layers
        self.norm = norm
    }

    public convenience init(numLayers: Int, norm: LayerNorm? = nil, _ makeLayer: () -> TransformerEncoderLayer) {
        self.init(layers: (0..<numLayers).map { _ in makeLayer() }, norm: norm)
    }

    public var namedChildren: [(name: String, child: ModuleChild)] {
        var out: [(name: String, child: ModuleChild)] = layers.enumerated().map { ("layers.\($0.offset)", .module($0.element)) }
        if let norm { out.append(("norm", .module(norm))) }
        return out
    }

    /// Runs every layer with the same masks, then the final norm.
    public func callAsFunction(_ src: Tensor, mask: Tensor? = nil, keyPaddingMask: Tensor? = nil, causal: Bool = false) -> Tensor {
        var x = src
        for layer in layers { x = layer(x, mask: mask, keyPaddingMask: keyPaddingMask, causal: causal) }
        return norm.map { $0(x) } ?? x
    }

    public func callAsFunction(_ input: Tensor) -> Tensor { callAsFunction(input, mask: nil) }
}
