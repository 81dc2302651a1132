// Householder reduction to tridiagonal form and the implicit QL iteration with shifts (EISPACK tred2/tql2).
import Foundation

/// The eigendecomposition of a symmetric matrix through a tridiagonal reduction, the `O(n³)` method LAPACK's
/// `dsyev` uses: far fewer operations than cyclic Jacobi (one reduction of `4/3·n³`, then about `3n³` for the QL
/// rotations applied to the vectors), at an accuracy of a few ulps of `‖A‖`.
///
/// Works on `n × n` row-major storage holding the transpose of the accumulated transformation, so the QL
/// rotations touch two contiguous rows: on return, row `i` of `vectors` is the eigenvector of `values[i]`.
enum TridiagonalQL {
    /// Eigenvalues (unsorted) and eigenvectors as rows of the symmetric `a` (`n × n`, row-major, both triangles).
    /// Returns the number of QL iterations, or throws when an eigenvalue takes more than 30 of them.
    static func decompose(_ a: [Double], n: Int) throws(LinearAlgebraError) -> (values: [Double], vectors: [Double], iterations: Int) {
        var w = a, d = [Double](repeating: 0, count: n), e = [Double](repeating: 0, count: n)
        guard n > 0 else { return ([], [], 0) }
        var iterations = 0
        var failed = false
        w.withUnsafeMutableBufferPointer { wp in
            d.withUnsafeMutableBufferPointer { dp in
                e.withUnsafeMutableBufferPointer { ep in
                    // v(r, c) of the EISPACK code is wp[c * n + r]: its inner loops over r become contiguous.
                    tridiagonalize(wp.baseAddress!, dp.baseAddress!, ep.baseAddress!, n)
                    guard let count = diagonalize(wp.baseAddress!, dp.baseAddress!, ep.baseAddress!, n) else { failed = true; return }
                    iterations = count
                }
            }
        }
        if failed { throw .didNotConverge(iterations: 30 * n) }
        return (d, w, iterations)
    }

    /// tred2: on return d holds the diagonal, e[1...] the subdiagonal, and v the orthogonal transformation.
    private static func tridiagonalize(_ v: UnsafeMutablePointer<Double>, _ d: UnsafeMutablePointer<Double>, _ e: UnsafeMutablePointer<Double>, _ n: Int) {
        @inline(__always) func at(_ r: Int, _ c: Int) -> UnsafeMutablePointer<Double> { v + (c * n + r) }
        for j in 0..<n { d[j] = at(n - 1, j).pointee }
        for i in stride(from: n - 1, to: 0, by: -1) {
            var scale = 0.0, h = 0.0
            for k in 0..<i { scale += abs(d[k]) }
            if scale == 0 {
                e[i] = d[i - 1]
                for j in 0..<i {
                    d[j] = at(i - 1, j).pointee
                    at(i, j).pointee = 0
                    at(j, i).pointee = 0
                }
            } else {
                for k in 0..<i { d[k] /= scale; h += d[k] * d[k] }
                var f = d[i - 1]
                var g = h.squareRoot()
                if f > 0 { g = -g }
                e[i] = scale * g
                h -= f * g
                d[i - 1] = f - g
                for j in 0..<i { e[j] = 0 }
                for j in 0..<i {
                    f = d[j]
                    at(j, i).pointee = f
                    let column = v + j * n  // v(·, j)
                    g = e[j] + column[j] * f
                    if j + 1 <= i - 1 {
                        for k in (j + 1)...(i - 1) {
                            g += column[k] * d[k]
                            e[k] += column[k] * f
                        }
                    }
                    e[j] = g
                }
                f = 0
                for j in 0..<i { e[j] /= h; f += e[j] * d[j] }
                let hh = f / (h + h)
                for j in 0..<i { e[j] -= hh * d[j] }
                for j in 0..<i {
                    f = d[j]; g = e[j]
                    let column = v + j * n
                    for k in j...(i - 1) { column[k] -= f * e[k] + g * d[k] }
                    d[j] = column[i - 1]
                    column[i] = 0
                }
            }
            d[i] = h
        }
        // Accumulate the transformations.
        for i in 0..<(n - 1) {
            at(n - 1, i).pointee = at(i, i).pointee
            at(i, i).pointee = 1
            let h = d[i + 1]
            let next = v + (i + 1) * n  // v(·, i + 1)
            if h != 0 {
                for k in 0...i { d[k] = next[k] / h }
                for j in 0...i {
                    let column = v + j * n
                    var g = 0.0
                    for k in 0...i { g += next[k] * column[k] }
                    for k in 0...i { column[k] -= g * d[k] }
                }
            }
            for k in 0...i { next[k] = 0 }
        }
        for j in 0..<n { d[j] = at(n - 1, j).pointee; at(n - 1, j).pointee = 0 }
        at(n - 1, n - 1).pointee = 1
        e[0] = 0
    }

    /// tql2: the implicit QL iteration on the tridiagonal (d, e), applying each rotation to the rows of v.
    /// Returns the iteration count, nil when an eigenvalue does not converge in 30 iterations.
    private static func diagonalize(_ v: UnsafeMutablePointer<Double>, _ d: UnsafeMutablePointer<Double>, _ e: UnsafeMutablePointer<Double>, _ n: Int) -> Int? {
        for i in 1..<max(n, 1) { e[i - 1] = e[i] }
        e[n - 1] = 0
        var f = 0.0, largest = 0.0, total = 0
        let eps = Double.ulpOfOne
        for l in 0..<n {
            largest = max(largest, abs(d[l]) + abs(e[l]))
            var m = l
            while m < n - 1 && abs(e[m]) > eps * largest { m += 1 }
            if m > l {
                var iteration = 0
                repeat {
                    iteration += 1
                    if iteration > 30 { return nil }
                    var g = d[l]
                    var p = (d[l + 1] - g) / (2 * e[l])
                    var r = hypot(p, 1)
                    if p < 0 { r = -r }
                    d[l] = e[l] / (p + r)
                    d[l + 1] = e[l] * (p + r)
                    let dl1 = d[l + 1]
                    var h = g - d[l]
                    for i in (l + 2)..<max(n, l + 2) { d[i] -= h }
                    f += h
                    p = d[m]
                    var c = 1.0, c2 = 1.0, c3 = 1.0, s = 0.0, s2 = 0.0
                    let el1 = e[l + 1]
                    for i in stride(from: m - 1, through: l, by: -1) {
                        c3 = c2; c2 = c; s2 = s
                        g = c * e[i]
                        h = c * p
                        r = hypot(p, e[i])
                        e[i + 1] = s * r
                        s = e[i] / r
                        c = p / r
                        p = c * d[i] - s * g
                        d[i + 1] = h + s * (c * g + s * d[i])
                        let vi = v + i * n, vi1 = v + (i + 1) * n
                        for k in 0..<n {
                            let x = vi1[k], y = vi[k]
                            vi1[k] = s * y + c * x
                            vi[k] = c * y - s * x
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1
                    e[l] = s * p
                    d[l] = c * p
                } while abs(e[l]) > eps * largest
                total += iteration
            }
            d[l] += f
            e[l] = 0
        }
        return total
    }
}
