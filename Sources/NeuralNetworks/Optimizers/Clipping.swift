// Gradient clipping by global norm and by value (PyTorch's clip_grad_norm_ / clip_grad_value_).
import RealModule
import Tensors

public enum GradientClipping {
    /// Scales the gradients of `parameters` so their joint p-norm is at most `maxNorm` (scale `maxNorm/(norm + 1e-6)`,
    /// applied only when below 1, as PyTorch). `normType` may be `.infinity`. Returns the norm before clipping.
    @discardableResult
    public static func clipNorm(_ gradients: inout Gradients, parameters: [Parameter], maxNorm: Double,
                                normType: Double = 2) -> Double {
        let present = parameters.compactMap { p in gradients[p.value].map { (p, $0) } }
        var total = 0.0
        for (_, g) in present {
            if normType == .infinity {
                total = Swift.max(total, g.abs().max().item)
            } else {
                total += g.abs().pow(normType).sum().item
            }
        }
        if normType != .infinity { total = Double.pow(total, 1 / normType) }
        let scale = maxNorm / (total + 1e-6)
        // `!(scale >= 1)` so a NaN norm scales every gradient by NaN, as PyTorch's clamp(max: 1) then multiply does.
        if !(scale >= 1) {
            for (p, g) in present { gradients[p.value] = g * scale }
        }
        return total
    }

    /// Clamps every gradient element of `parameters` to `[−limit, limit]`.
    public static func clipValue(_ gradients: inout Gradients, parameters: [Parameter], limit: Double) {
        for p in parameters { if let g = gradients[p.value] { gradients[p.value] = g.clamped(min: -limit, max: limit) } }
    }
}
