// One-vs-one multiclass SVMs: the pairs of classes, fitting them on all cores, the libsvm layout of the
// result (support vectors grouped by class, dual coefficients [classes − 1, supports]) and voting.
import Kernels

enum OneVsOne {
    /// The pairs (s, t), s < t, in libsvm's order.
    static func pairs(_ classes: Int) -> [(Int, Int)] {
        var result = [(Int, Int)]()
        for s in 0..<classes { for t in (s + 1)..<classes { result.append((s, t)) } }
        return result
    }

    /// One pair's solution, and its Platt sigmoid when probabilities were asked for.
    struct PairFit: Sendable {
        var solution: BinarySVMSolution
        var sigmoid: (a: Double, b: Double)?
    }

    /// `body(p, multithreaded)` for every pair `p`, several pairs at once on the kernel threads; with one pair,
    /// `multithreaded` is true and the pair's own kernel work uses the threads instead.
    static func map(_ count: Int, _ body: @escaping @Sendable (Int, Bool) -> PairFit) -> [PairFit] {
        if count == 1 { return [body(0, true)] }
        var results = [PairFit?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            let out = SendablePointer(buffer.baseAddress!)
            parallelChunks(count) { range in
                KernelThreads.with(1) { for p in range { out.raw[p] = body(p, false) } }
            }
        }
        return results.map { $0! }
    }

    /// The fitted one-vs-one model in libsvm's layout.
    struct Model: Codable, Equatable, Sendable {
        /// Training rows that are support vectors, grouped by class (class order), ascending within a class.
        var supportIndices: [Int]
        /// Support vectors per class.
        var supportCounts: [Int]
        /// `[classes − 1, supports]` row-major: for pair (s, t), a support vector of class s has its yα in row
        /// t − 1, one of class t in row s.
        var coefficients: [Double]
        /// ρ per pair.
        var rho: [Double]
        /// Platt's A and B per pair (empty without probabilities).
        var probabilityA: [Double]
        var probabilityB: [Double]
        var converged: Bool
    }

    static func assemble(_ fits: [PairFit], pairs: [(Int, Int)], members: [[Int]]) -> Model {
        let k = members.count
        var isSupport = [Bool](repeating: false, count: members.reduce(0) { $0 + $1.count })
        for (p, (s, t)) in pairs.enumerated() {
            for (v, i) in (members[s] + members[t]).enumerated() where fits[p].solution.coefficients[v] != 0 { isSupport[i] = true }
        }
        var supportIndices = [Int](), counts = [Int](repeating: 0, count: k)
        var position = [Int: Int]()
        for c in 0..<k {
            for i in members[c] where isSupport[i] {
                position[i] = supportIndices.count
                supportIndices.append(i)
                counts[c] += 1
            }
        }
        let n = supportIndices.count
        var coefficients = [Double](repeating: 0, count: (k - 1) * n)
        for (p, (s, t)) in pairs.enumerated() {
            let coef = fits[p].solution.coefficients
            for (v, i) in members[s].enumerated() { if let at = position[i] { coefficients[(t - 1) * n + at] = coef[v] } }
            for (v, i) in members[t].enumerated() { if let at = position[i] { coefficients[s * n + at] = coef[members[s].count + v] } }
        }
        return Model(supportIndices: supportIndices, supportCounts: counts, coefficients: coefficients,
                     rho: fits.map(\.solution.rho), probabilityA: fits.compactMap { $0.sigmoid?.a },
                     probabilityB: fits.compactMap { $0.sigmoid?.b }, converged: fits.allSatisfy(\.solution.converged))
    }

    /// `W[support, pair]`: the coefficient each support vector carries in each pair's decision (0 outside it),
    /// so that all pairs' decision values are one matrix product `K(x, SV) · W`.
    static func pairWeights(_ model: Model, classes k: Int) -> [Float] {
        let n = model.supportIndices.count, pairs = pairs(k)
        var start = [0]
        for c in model.supportCounts { start.append(start.last! + c) }
        var w = [Float](repeating: 0, count: n * pairs.count)
        for (p, (s, t)) in pairs.enumerated() {
            for v in start[s]..<start[s + 1] { w[v * pairs.count + p] = Float(model.coefficients[(t - 1) * n + v]) }
            for v in start[t]..<start[t + 1] { w[v * pairs.count + p] = Float(model.coefficients[s * n + v]) }
        }
        return w
    }

    /// libsvm's vote: each pair's winner gets a vote (s when its decision is > 0); the most votes win, the
    /// lowest class index on ties.
    static func vote(_ decisions: [Double], rows: Int, classes k: Int) -> [Int] {
        let pairs = pairs(k), m = pairs.count
        return (0..<rows).map { r in
            var votes = [Int](repeating: 0, count: k)
            for (p, (s, t)) in pairs.enumerated() { votes[decisions[r * m + p] > 0 ? s : t] += 1 }
            var best = 0
            for c in 1..<k where votes[c] > votes[best] { best = c }
            return best
        }
    }

    /// scikit-learn's one-vs-rest shape of one-vs-one decisions: votes plus the summed confidences squashed
    /// into (−1/3, 1/3), so the ranking follows the votes and confidences only break ties.
    static func ovrShape(_ decisions: [Double], rows: Int, classes k: Int) -> [Double] {
        let pairs = pairs(k), m = pairs.count
        var out = [Double](repeating: 0, count: rows * k)
        for r in 0..<rows {
            var votes = [Double](repeating: 0, count: k), confidence = [Double](repeating: 0, count: k)
            for (p, (s, t)) in pairs.enumerated() {
                let d = decisions[r * m + p]
                confidence[s] += d
                confidence[t] -= d
                if d >= 0 { votes[s] += 1 } else { votes[t] += 1 }  // scikit-learn: a 0 decision votes for s here
            }
            for c in 0..<k { out[r * k + c] = votes[c] + confidence[c] / (3 * (abs(confidence[c]) + 1)) }
        }
        return out
    }
}
