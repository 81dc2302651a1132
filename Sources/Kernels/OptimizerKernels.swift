// Vectorised parameter updates for the optimizers (the loops live in CKernels/optimizer_template.h).
import CKernels

/// In-place optimizer updates over raw Float32 buffers.
public enum OptimizerKernels {
    /// One Adam/AdamW step: `p ← p·shrink`, `g ← grad + l2·p`, first and second moments, optional AMSGrad
    /// maximum, then `p ← p − step·m / (√v / bias2Root + eps)`. All buffers hold `count` elements and must
    /// not overlap. `oneMinusBeta1` and `oneMinusBeta2` are `1 − β` computed in Double and then rounded, as PyTorch's
    /// optimizer scalars are (`1.0f − 0.999f` is 1.3e-5 below `Float(1 − 0.999)`).
    public static func adamStep(
        parameters p: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>, firstMoment m: UnsafeMutablePointer<Float>,
        secondMoment v: UnsafeMutablePointer<Float>, maxSecondMoment vmax: UnsafeMutablePointer<Float>?, count: Int,
        l2: Float, shrink: Float, beta2: Float, oneMinusBeta1: Float, oneMinusBeta2: Float, stepSize: Float, bias2Root: Float,
        epsilon: Float
    ) {
        sl_adam_step(p, gradient, m, v, vmax, count, l2, shrink, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, bias2Root, epsilon)
    }
}
