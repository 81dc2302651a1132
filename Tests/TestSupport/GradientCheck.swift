// checkGradients: analytic gradients against central differences in Float64 (catalogue N1).
import Tensors

/// The outcome of one gradient check.
public struct GradientCheckResult: Sendable, CustomStringConvertible {
    /// Largest |analytic − numeric| / (atol + rtol·|numeric|) over all elements: ≤ 1 passes.
    public var worstRatio: Double
    /// Largest relative error |a − n| / max(|n|, 1e-3) over all elements, for reporting.
    public var maxRelativeError: Double
    /// Largest relative error of the Float32 analytic gradient against the Float64 one (scaled by the
    /// gradient's largest magnitude), when the function was also run in Float32.
    public var float32RelativeError: Double?
    public var passed: Bool { worstRatio <= 1 && (float32RelativeError ?? 0) < 1e-3 }
    public var description: String {
        "worst ratio \(worstRatio), max rel err \(maxRelativeError), f32 rel err \(float32RelativeError.map { "\($0)" } ?? "-")"
    }
}

/// Checks the gradient of `f` at `inputs` (any float dtype; converted to Float64) against central differences.
///
/// The output is reduced to a scalar with fixed pseudo-random weights, so one backward pass checks the whole
/// Jacobian–vector product. Bars are PyTorch's `gradcheck` defaults: eps 1e-6, atol 1e-5, rtol 1e-3.
/// With `checkFloat32`, the analytic gradient computed in Float32 is also compared with the Float64 one.
public func checkGradients(
    eps: Double = 1e-6, atol: Double = 1e-5, rtol: Double = 1e-3, checkFloat32: Bool = true,
    at inputs: [Tensor], _ f: ([Tensor]) -> Tensor
) -> GradientCheckResult {
    let x64 = inputs.map { $0.to(.float64).contiguous().detached() }
    // Fixed weights in [0.5, 1.5) so no output component is ignored.
    let probe = withoutGradients { f(x64) }
    var rng = RandomGenerator(seed: 1234)
    let weights = Tensor.uniform(probe.shape, low: 0.5, high: 1.5, dtype: .float64, using: &rng)
    func loss(_ xs: [Tensor]) -> Tensor { (f(xs) * weights.to(xs.first?.dtype ?? .float64)).sum() }

    let leaves = x64.map { $0.requiringGradient() }
    let grads = loss(leaves).backward()
    var worst = 0.0, maxRel = 0.0
    var analytic64: [[Double]] = []
    for (k, leaf) in leaves.enumerated() {
        let analytic = grads[leaf]?.doubles ?? [Double](repeating: 0, count: leaf.count)
        analytic64.append(analytic)
        var values = x64[k].doubles
        for i in 0..<values.count {
            let original = values[i]
            func evaluate(_ v: Double) -> Double {
                values[i] = v
                var xs = x64
                xs[k] = Tensor(values, shape: x64[k].shape)
                return withoutGradients { loss(xs) }.item
            }
            let numeric = (evaluate(original + eps) - evaluate(original - eps)) / (2 * eps)
            values[i] = original
            let diff = Swift.abs(analytic[i] - numeric)
            worst = Swift.max(worst, diff / (atol + rtol * Swift.abs(numeric)))
            maxRel = Swift.max(maxRel, diff / Swift.max(Swift.abs(numeric), 1e-3))
        }
    }
    var f32Error: Double? = nil
    if checkFloat32 {
        let leaves32 = x64.map { $0.to(.float32).requiringGradient() }
        let g32 = loss(leaves32).backward()
        var err = 0.0
        for (k, leaf) in leaves32.enumerated() {
            let a32 = g32[leaf]?.doubles ?? []
            let ref = analytic64[k]
            let scale = Swift.max(ref.map(Swift.abs).max() ?? 0, 1e-6)
            for (a, r) in zip(a32, ref) { err = Swift.max(err, Swift.abs(a - r) / scale) }
        }
        f32Error = err
    }
    return GradientCheckResult(worstRatio: worst, maxRelativeError: maxRel, float32RelativeError: f32Error)
}
