// The fused row kernels of transformer inference (CKernels/transformer_*.c), over raw buffers.
//
// Single-threaded, like the C kernels: callers (the BERT encoder in Language) split rows or (sequence, head)
// pairs across threads themselves, so a whole layer runs with two thread hand-offs instead of one per op.
import CKernels

/// LayerNorm with fused bias and residual, bias + activation, and one-head attention.
public enum TransformerKernels {
    /// Activations of ``biasActivation(_:ld:bias:rows:cols:activation:)``.
    public enum Activation: Sendable {
        case none, geluErf, geluTanh, relu

        var c: sl_activation {
            switch self {
            case .none: SL_ACT_NONE
            case .geluErf: SL_ACT_GELU_ERF
            case .geluTanh: SL_ACT_GELU_TANH
            case .relu: SL_ACT_RELU
            }
        }
    }

    /// `y[r] = LayerNorm(x[r] + bias + residual[r]) · gamma + beta` for `rows` rows of `cols` floats.
    ///
    /// `bias` and `residual` may be nil. `y` may be the same buffer as `x` or `residual` (same strides).
    /// Biased variance, computed around the mean in a second pass, as PyTorch's `layer_norm`.
    public static func layerNorm(
        _ x: UnsafePointer<Float>, ldx: Int, bias: UnsafePointer<Float>?, residual: UnsafePointer<Float>?, ldr: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float,
        _ y: UnsafeMutablePointer<Float>, ldy: Int, rows: Int, cols: Int, reference: Bool = false
    ) {
        if reference {
            sl_layernorm_residual_reference(x, ldx, bias, residual, ldr, gamma, beta, epsilon, y, ldy, rows, cols)
        } else {
            sl_layernorm_residual(x, ldx, bias, residual, ldr, gamma, beta, epsilon, y, ldy, rows, cols)
        }
    }

    /// `x[r] = activation(x[r] + bias)` in place for `rows` rows of `cols` floats (row stride `ld`).
    public static func biasActivation(
        _ x: UnsafeMutablePointer<Float>, ld: Int, bias: UnsafePointer<Float>?, rows: Int, cols: Int,
        activation: Activation, reference: Bool = false
    ) {
        if reference {
            sl_bias_activation_reference(x, ld, bias, rows, cols, activation.c)
        } else {
            sl_bias_activation(x, ld, bias, rows, cols, activation.c)
        }
    }

    /// Floats of scratch ``attentionHead(q:ldq:k:ldk:v:ldv:out:ldo:length:headDim:scratch:)`` needs.
    public static func attentionScratchCount(length: Int, headDim: Int) -> Int {
        (length + headDim) * ((length + 15) / 16 * 16)
    }

    /// `out = softmax(q·kᵀ)·v` for one sequence of `length` tokens and one head of width `headDim`, every key
    /// visible (pass only the sequence's real tokens), the 1/√d scale already folded into `q`.
    public static func attentionHead(
        q: UnsafePointer<Float>, ldq: Int, k: UnsafePointer<Float>, ldk: Int, v: UnsafePointer<Float>, ldv: Int,
        out: UnsafeMutablePointer<Float>, ldo: Int, length: Int, headDim: Int, scratch: UnsafeMutablePointer<Float>
    ) {
        sl_attention_head(q, ldq, k, ldk, v, ldv, out, ldo, length, headDim, scratch)
    }

    /// The naive double-precision attention: the oracle ``attentionHead(q:ldq:k:ldk:v:ldv:out:ldo:length:headDim:scratch:)`` is tested against.
    public static func attentionHeadReference(
        q: UnsafePointer<Float>, ldq: Int, k: UnsafePointer<Float>, ldk: Int, v: UnsafePointer<Float>, ldv: Int,
        out: UnsafeMutablePointer<Float>, ldo: Int, length: Int, headDim: Int
    ) {
        sl_attention_head_reference(q, ldq, k, ldk, v, ldv, out, ldo, length, headDim)
    }
}
