// Nonconformity scores of classification conformal prediction and the prediction-set rule that goes with each.

/// How unusual a label is for a row of class probabilities: the larger the score, the less the label conforms.
///
/// Every score here is written as `before(y) + u·own(y)` over the classes sorted by decreasing probability
/// (ties broken by the lower class index), with `o` the 1-based rank of label `y`:
/// - ``lac``: `1 − p_y` (Sadinle, Lei & Wasserman 2019; "least ambiguous set-valued classifier"); `u` unused.
///   Sets `{y : 1 − p_y ≤ q̂}`, possibly empty.
/// - ``aps(randomized:)``: `before(y) = Σ_{j<o} p_(j)`, `own(y) = p_y` (Romano, Sesia & Candès 2020).
/// - ``raps(lambda:kReg:randomized:)``: `before(y) = Σ_{j<o} (p_(j) + λ·1[j > k_reg])`,
///   `own(y) = p_y + λ·1[o > k_reg]`, so at `u = 1` the score is `Σ_{j≤o} p_(j) + λ·max(0, o − k_reg)`
///   (Angelopoulos, Bates, Malik & Jordan 2021).
///
/// Randomised APS/RAPS draw one `u ~ U(0, 1)` per calibration row and per test row; sets are
/// `{y : before(y) + u·own(y) ≤ q̂}`, which may be empty, and coverage is then close to 1 − α from above
/// (exact up to 1/(n+1)). The deterministic versions use `u = 1` for calibration and, for the sets, the gentle
/// introduction's rule (Angelopoulos & Bates 2021, §2.1): take classes in order of decreasing probability up to
/// and including the first whose cumulative score reaches q̂, i.e. `{y : before(y) < q̂}` plus the top class.
/// Those sets are never empty and over-cover, most when the model is accurate.
///
/// MAPIE 1.6 always randomises its APS calibration score (`cumsum − U·p_y`, the same law with `u = 1 − U`) and
/// tunes RAPS's λ and k_reg on a held-out part; here randomisation is a choice and λ, k_reg are given. Its
/// randomised RAPS set rule divides by a different quantity than the paper; this follows the paper.
public enum ConformalScore: Codable, Sendable, Hashable {
    /// Least ambiguous set-valued classifier: `1 − p_true`.
    case lac
    /// Adaptive prediction sets: cumulative sorted probability through the true class.
    case aps(randomized: Bool)
    /// Regularised APS: APS plus `lambda·max(0, rank − kReg)`. `lambda ≥ 0`, `kReg ≥ 0`.
    case raps(lambda: Double, kReg: Int, randomized: Bool)

    /// Whether calibration and prediction draw a uniform per row.
    public var isRandomized: Bool {
        switch self {
        case .lac: false
        case let .aps(randomized), let .raps(_, _, randomized): randomized
        }
    }

    /// The score of `label` for one row of probabilities, with the randomisation `uniform` in [0, 1]
    /// (`1` gives the deterministic score; LAC ignores it).
    public func score(_ probabilities: [Double], label: Int, uniform: Double = 1) -> Double {
        if case .lac = self { return 1 - probabilities[label] }
        let parts = cumulativeParts(probabilities)
        return parts.before[label] + uniform * parts.own[label]
    }

    /// The prediction set of one row at threshold `threshold` as a mask over classes. Randomised scores use
    /// `uniform`; the deterministic APS/RAPS rule ignores it (see the type's documentation).
    public func predictionSet(_ probabilities: [Double], threshold: Double, uniform: Double = 1) -> [Bool] {
        predictionSet(probabilities, thresholds: Array(repeating: threshold, count: probabilities.count), uniform: uniform)
    }

    /// The prediction set with one threshold per class (class-conditional conformal prediction).
    func predictionSet(_ probabilities: [Double], thresholds: [Double], uniform: Double) -> [Bool] {
        if case .lac = self { return probabilities.indices.map { 1 - probabilities[$0] <= thresholds[$0] } }
        let parts = cumulativeParts(probabilities)
        if isRandomized {
            return probabilities.indices.map { parts.before[$0] + uniform * parts.own[$0] <= thresholds[$0] }
        }
        return probabilities.indices.map { parts.rank[$0] == 1 || parts.before[$0] < thresholds[$0] }
    }

    /// `before(y)`, `own(y)` and the 1-based rank of every class.
    private func cumulativeParts(_ p: [Double]) -> (before: [Double], own: [Double], rank: [Int]) {
        let (lambda, kReg): (Double, Int) = if case let .raps(l, k, _) = self { (l, k) } else { (0, 0) }
        let order = p.indices.sorted { p[$0] > p[$1] || (p[$0] == p[$1] && $0 < $1) }
        var before = [Double](repeating: 0, count: p.count), own = before
        var rank = [Int](repeating: 0, count: p.count)
        var running = 0.0
        for (position, c) in order.enumerated() {
            let o = position + 1
            let penalty = lambda > 0 && o > kReg ? lambda : 0
            before[c] = running
            own[c] = p[c] + penalty
            rank[c] = o
            running += own[c]
        }
        return (before, own, rank)
    }

    /// Checks λ and k_reg.
    func validate() throws(EvaluationError) {
        guard case let .raps(lambda, kReg, _) = self else { return }
        guard lambda.isFinite && lambda >= 0 else {
            throw .invalidArgument("RAPS lambda must be finite and ≥ 0, found \(lambda)")
        }
        guard kReg >= 0 else { throw .invalidArgument("RAPS kReg must be ≥ 0, found \(kReg)") }
    }
}
