// Vectorised parameter updates for the optimizers (the loops live in CKernels/optimizer_template.h).
import CKernels

/// In-place optimizer updates over raw Float32 buffers.
public enum OptimizerKernels {
    /// One Adam/AdamW step: `p ← p·shrink`, `g ← grad + l2·p`, first and second moments, optional AMSGrad
    /// maximum, then `p ← p − step·m / (√v / bias2Root + eps)`. All buffers hold `count` elements and must
    /// not overlap.
    public static func adamStep(
        parameters p: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>, firstMoment m: UnsafeMutablePointer<Float>,
        secondMoment v: UnsafeMutablePointer<Float>, maxSecondMoment vmax: UnsafeMutablePointer<Float>?, count: Int,
        l2: Float, shrink: Float, beta1: Float, beta2: Float, stepSize: Float, bias2Root: Float, epsilon: Float
    ) {
        sl_adam_step(p, gradient, m, v, vmax, count, l2, shrink, beta1, beta2, stepSize, bias2Root, epsilon)
    }
}
