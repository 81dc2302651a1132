// Forward and back substitution with a triangular matrix.

/// Solving `T · X = B` (or `Tᵀ · X = B`) when `T` is triangular.
public enum TriangularSolve {
    /// `X` with `op(T) · X = B`, where `op(T)` is `T` or its transpose and `T` is lower (`lower: true`) or upper
    /// triangular. Only the named triangle of `t` is read.
    ///
    /// - Throws: ``LinearAlgebraError/notSquare(shape:)``, ``LinearAlgebraError/shapeMismatch(expected:found:)`` when
    ///   `b` has the wrong number of rows, ``LinearAlgebraError/singular`` on a zero diagonal element,
    ///   ``LinearAlgebraError/nonFinite``.
    public static func solve(
        _ t: DenseMatrix, _ b: DenseMatrix, lower: Bool, transposed: Bool = false, unitDiagonal: Bool = false
    ) throws(LinearAlgebraError) -> DenseMatrix {
        try t.requireSquareFinite()
        try t.requireRightHandSide(b)
        let n = t.rows, k = b.columns
        if !unitDiagonal {
            for i in 0..<n where t[i, i] == 0 { throw .singular }
        }
        // Tᵀ lower is upper: the effective triangle decides the sweep direction.
        let effectiveLower = lower != transposed
        var x = b
        let order: [Int] = effectiveLower ? Array(0..<n) : Array((0..<n).reversed())
        for i in order {
            let range = effectiveLower ? 0..<i : (i + 1)..<n
            for p in range {
                let tip = transposed ? t[p, i] : t[i, p]
                if tip == 0 { continue }
                for j in 0..<k { x.elements[i * k + j] -= tip * x.elements[p * k + j] }
            }
            if !unitDiagonal {
                let d = t[i, i]
                for j in 0..<k { x.elements[i * k + j] /= d }
            }
        }
        return x
    }
}
