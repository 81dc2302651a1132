// Probabilities from SVM decision values: Platt's sigmoid (fitted as Lin, Lin and Weng 2007 do, libsvm's
// sigmoid_train) and pairwise coupling of one-vs-one probabilities (Wu, Lin and Weng 2004, method 2).
import Foundation

enum PlattScaling {
    /// `P(y = +1 | f) = 1 / (1 + exp(A·f + B))`, fitted by Newton's method with a backtracking line search on
    /// the regularised targets `(N₊ + 1)/(N₊ + 2)` and `1/(N₋ + 2)`.
    static func fit(decisions f: [Double], positive: [Bool]) -> (a: Double, b: Double) {
        let prior1 = Double(positive.filter { $0 }.count), prior0 = Double(positive.count) - prior1
        let hiTarget = (prior1 + 1) / (prior1 + 2), loTarget = 1 / (prior0 + 2)
        let t = positive.map { $0 ? hiTarget : loTarget }
        let minStep = 1e-10, sigma = 1e-12, eps = 1e-5
        func objective(_ a: Double, _ b: Double) -> Double {
            var value = 0.0
            for i in f.indices {
                let z = f[i] * a + b
                value += z >= 0 ? t[i] * z + log1p(exp(-z)) : (t[i] - 1) * z + log1p(exp(z))
            }
            return value
        }
        var a = 0.0, b = log((prior0 + 1) / (prior1 + 1))
        var value = objective(a, b)
        for _ in 0..<100 {
            var h11 = sigma, h22 = sigma, h21 = 0.0, g1 = 0.0, g2 = 0.0
            for i in f.indices {
                let z = f[i] * a + b
                let (p, q) = z >= 0 ? (exp(-z) / (1 + exp(-z)), 1 / (1 + exp(-z))) : (1 / (1 + exp(z)), exp(z) / (1 + exp(z)))
                let d2 = p * q
                h11 += f[i] * f[i] * d2
                h22 += d2
                h21 += f[i] * d2
                let d1 = t[i] - p
                g1 += f[i] * d1
                g2 += d1
            }
            if abs(g1) < eps && abs(g2) < eps { break }
            let det = h11 * h22 - h21 * h21
            let dA = -(h22 * g1 - h21 * g2) / det, dB = -(-h21 * g1 + h11 * g2) / det
            let gd = g1 * dA + g2 * dB
            var step = 1.0
            while step >= minStep {
                let newA = a + step * dA, newB = b + step * dB
                let newValue = objective(newA, newB)
                if newValue < value + 0.0001 * step * gd {
                    a = newA; b = newB; value = newValue
                    break
                }
                step /= 2
            }
            if step < minStep { break }
        }
        return (a, b)
    }

    /// `P(y = +1)` for decision value `f`.
    static func probability(_ f: Double, a: Double, b: Double) -> Double {
        let z = f * a + b
        return z >= 0 ? exp(-z) / (1 + exp(-z)) : 1 / (1 + exp(z))
    }

    /// Class probabilities `p` from pairwise ones `r[i][j] ≈ P(i | i or j)` (`k × k`, row-major): the minimiser of
    /// Σᵢ Σ_{j≠i} (r_ji pᵢ − r_ij pⱼ)² on the simplex, by the fixed-point iteration of Wu, Lin and Weng.
    static func couple(_ r: [Double], classes k: Int) -> [Double] {
        var p = [Double](repeating: 1 / Double(k), count: k)
        var q = [Double](repeating: 0, count: k * k)
        var qp = [Double](repeating: 0, count: k)
        for t in 0..<k {
            for j in 0..<k where j != t {
                q[t * k + t] += r[j * k + t] * r[j * k + t]
                q[t * k + j] = -r[j * k + t] * r[t * k + j]
            }
        }
        let eps = 0.005 / Double(k)
        for _ in 0..<max(100, k) {
            var pqp = 0.0
            for t in 0..<k {
                qp[t] = 0
                for j in 0..<k { qp[t] += q[t * k + j] * p[j] }
                pqp += p[t] * qp[t]
            }
            var maxError = 0.0
            for t in 0..<k { maxError = max(maxError, abs(qp[t] - pqp)) }
            if maxError < eps { break }
            for t in 0..<k {
                let diff = (-qp[t] + pqp) / q[t * k + t]
                p[t] += diff
                pqp = (pqp + diff * (diff * q[t * k + t] + 2 * qp[t])) / (1 + diff) / (1 + diff)
                for j in 0..<k {
                    qp[j] = (qp[j] + diff * q[t * k + j]) / (1 + diff)
                    p[j] /= 1 + diff
                }
            }
        }
        return p
    }
}
