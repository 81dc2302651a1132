// Random tensors from a RandomGenerator: uniform, normal, Bernoulli, permutation, choice.
import RealModule

extension Tensor {
    /// Uniform values in `[low, high)`.
    public static func uniform(_ shape: [Int], low: Double = 0, high: Double = 1, dtype: DType = .float32,
                               using rng: inout RandomGenerator) -> Tensor {
        precondition(dtype.isComputeFloat, "uniform: dtype must be float32 or float64")
        let n = shape.reduce(1, *)
        var out = Tensor(uninitialized: shape, dtype: dtype)
        if dtype == .float32 {
            let words = rng.nextWords(n)
            let p = out.basePointer(Float.self)
            let (lo, span) = (Float(low), Float(high - low))
            for i in 0..<n {
                // Rounding can reach `high` for wide ranges; keep the interval half-open.
                let v = lo + span * RandomGenerator.unitFloat(words[i])
                p[i] = v < Float(high) ? v : Float(high).nextDown
            }
        } else {
            let words = rng.nextWords(2 * n)
            let p = out.basePointer(Double.self)
            for i in 0..<n { p[i] = low + (high - low) * RandomGenerator.unitDouble(words[2 * i], words[2 * i + 1]) }
        }
        out.node = nil
        return out
    }

    /// Normal values with `mean` and standard deviation `std` (Box–Muller on pairs of uniforms).
    public static func normal(_ shape: [Int], mean: Double = 0, std: Double = 1, dtype: DType = .float32,
                              using rng: inout RandomGenerator) -> Tensor {
        precondition(dtype.isComputeFloat, "normal: dtype must be float32 or float64")
        let n = shape.reduce(1, *)
        let pairs = (n + 1) / 2
        let words = rng.nextWords(4 * pairs)
        var values = [Double](repeating: 0, count: 2 * pairs)
        for i in 0..<pairs {
            // u1 in (0, 1] so the log is finite.
            let u1 = 1 - RandomGenerator.unitDouble(words[4 * i], words[4 * i + 1])
            let u2 = RandomGenerator.unitDouble(words[4 * i + 2], words[4 * i + 3])
            let r = (-2 * Double.log(u1)).squareRoot()
            values[2 * i] = r * Double.cos(2 * .pi * u2)
            values[2 * i + 1] = r * Double.sin(2 * .pi * u2)
        }
        var out = Tensor(uninitialized: shape, dtype: dtype)
        out.setElements { mean + std * values[$0] }
        return out
    }

    /// 1 with probability `p`, else 0, in `dtype`.
    public static func bernoulli(_ shape: [Int], probability p: Double, dtype: DType = .float32,
                                 using rng: inout RandomGenerator) -> Tensor {
        precondition(p >= 0 && p <= 1, "bernoulli: probability \(p) is outside [0, 1]")
        let u = uniform(shape, dtype: .float64, using: &rng)
        var out = Tensor(uninitialized: shape, dtype: dtype)
        let q = u.doubles
        out.setElements { q[$0] < p ? 1 : 0 }
        return out
    }

    /// 1 where a uniform draw falls below the matching element of `probabilities` (each in [0, 1]).
    public static func bernoulli(probabilities: Tensor, using rng: inout RandomGenerator) -> Tensor {
        let probs = probabilities.doubles
        precondition(probs.allSatisfy { $0 >= 0 && $0 <= 1 }, "bernoulli: probabilities must lie in [0, 1]")
        let u = uniform(probabilities.shape, dtype: .float64, using: &rng).doubles
        var out = Tensor(uninitialized: probabilities.shape, dtype: probabilities.dtype.isComputeFloat ? probabilities.dtype : .float32)
        out.setElements { u[$0] < probs[$0] ? 1 : 0 }
        return out
    }

    /// A random permutation of `0 ..< n` (Fisher–Yates), as Int64.
    public static func permutation(_ n: Int, using rng: inout RandomGenerator) -> Tensor {
        Tensor(randomPermutation(n, using: &rng).map(Int64.init))
    }

    static func randomPermutation(_ n: Int, using rng: inout RandomGenerator) -> [Int] {
        precondition(n >= 0, "permutation: n must be non-negative")
        var p = Array(0..<n)
        if n < 2 { return p }
        for i in stride(from: n - 1, through: 1, by: -1) { p.swapAt(i, rng.nextInt(below: i + 1)) }
        return p
    }

    /// `count` indices drawn from `0 ..< n`, uniformly or with `probabilities` (non-negative, any positive
    /// sum; normalised), with or without replacement, as Int64.
    public static func choice(_ n: Int, count: Int, replace: Bool = true, probabilities: [Double]? = nil,
                              using rng: inout RandomGenerator) -> Tensor {
        precondition(n > 0 && count >= 0, "choice: need n > 0 and count ≥ 0, got n=\(n), count=\(count)")
        precondition(replace || count <= n, "choice: cannot take \(count) of \(n) without replacement")
        if let w = probabilities {
            precondition(w.count == n && w.allSatisfy { $0 >= 0 && $0.isFinite } && w.reduce(0, +) > 0,
                         "choice: probabilities must be \(n) non-negative finite numbers with a positive sum")
        }
        var picks: [Int] = []
        if let w = probabilities {
            let total = w.reduce(0, +)
            if replace {
                var cdf: [Double] = []
                var acc = 0.0
                for v in w { acc += v / total; cdf.append(acc) }
                for _ in 0..<count {
                    let u = rng.nextDouble()
                    var lo = 0, hi = n - 1
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if cdf[mid] > u { hi = mid } else { lo = mid + 1 }
                    }
                    // Skip zero-probability entries that rounding could land on.
                    while w[lo] == 0 && lo > 0 { lo -= 1 }
                    picks.append(lo)
                }
            } else {
                precondition(w.filter { $0 > 0 }.count >= count, "choice: fewer than \(count) entries have positive probability")
                // Efraimidis–Spirakis: the `count` largest keys u^(1/w) form a weighted sample without replacement.
                let keys = (0..<n).map { i -> (Double, Int) in
                    let u = rng.nextDouble()
                    return (w[i] > 0 ? Double.log(Swift.max(u, .leastNonzeroMagnitude)) / w[i] : -.infinity, i)
                }
                picks = keys.sorted { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }.prefix(count).map(\.1)
            }
        } else if replace {
            for _ in 0..<count { picks.append(rng.nextInt(below: n)) }
        } else {
            picks = Array(randomPermutation(n, using: &rng).prefix(count))
        }
        return Tensor(picks.map(Int64.init))
    }
}
