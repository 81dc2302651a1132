// Tensor-level entry points to the Float64 linear algebra: rank-2 Float32/Float64 in, Float64 out.

extension Tensor {
    /// The right-hand side `b` (rank 1 or 2) as a matrix, and whether it was a vector.
    private static func rightHandSide(_ b: Tensor) throws(LinearAlgebraError) -> (DenseMatrix, Bool) {
        switch b.rank {
        case 1:
            let m = try DenseMatrix(b.reshaped([b.shape[0], 1]))
            return (m, true)
        case 2: return (try DenseMatrix(b), false)
        default: throw .shapeMismatch(expected: "a rank-1 or rank-2 right-hand side", found: b.shape)
        }
    }

    private static func output(_ x: DenseMatrix, vector: Bool) -> Tensor {
        vector ? Tensor(x.elements, shape: [x.rows]) : x.tensor
    }

    /// The lower Cholesky factor `L` with `self = L Lᵀ` (Float64). See ``Cholesky``.
    public func cholesky(maxJitter: Double = 0) throws(LinearAlgebraError) -> Tensor {
        try Cholesky(DenseMatrix(self), maxJitter: maxJitter).lower.tensor
    }

    /// `X` with `self · X = b` for symmetric positive-definite `self` (`b` rank 1 or 2).
    public func choleskySolve(_ b: Tensor) throws(LinearAlgebraError) -> Tensor {
        let (rhs, vector) = try Self.rightHandSide(b)
        return Self.output(try Cholesky(DenseMatrix(self)).solve(rhs), vector: vector)
    }

    /// `X` with `self · X = b` for square `self`, by LU with partial pivoting (`numpy.linalg.solve`).
    public func solve(_ b: Tensor) throws(LinearAlgebraError) -> Tensor {
        let (rhs, vector) = try Self.rightHandSide(b)
        return Self.output(try LUDecomposition(DenseMatrix(self)).solve(rhs), vector: vector)
    }

    /// The determinant of a square matrix, by LU.
    public func determinant() throws(LinearAlgebraError) -> Double {
        try LUDecomposition(DenseMatrix(self)).determinant
    }

    /// The inverse of a square matrix, by LU.
    public func inverse() throws(LinearAlgebraError) -> Tensor {
        try LUDecomposition(DenseMatrix(self)).inverse().tensor
    }

    /// `(Q, R)` by Householder reflections. See ``QRDecomposition``.
    public func qr(mode: QRDecomposition.Mode = .reduced) throws(LinearAlgebraError) -> (q: Tensor, r: Tensor) {
        let f = try QRDecomposition(DenseMatrix(self), mode: mode)
        return (f.q.tensor, f.r.tensor)
    }

    /// Eigenvalues (ascending) and eigenvectors (columns) of a symmetric matrix, like `numpy.linalg.eigh`.
    /// See ``SymmetricEigendecomposition`` for the sign convention.
    public func eigh() throws(LinearAlgebraError) -> (values: Tensor, vectors: Tensor) {
        let e = try SymmetricEigendecomposition(DenseMatrix(self))
        return (Tensor(e.values), e.vectors.tensor)
    }

    /// The thin SVD `(U, S, Vᵀ)`, singular values descending, like `numpy.linalg.svd(full_matrices=False)`.
    public func svd() throws(LinearAlgebraError) -> (u: Tensor, s: Tensor, vt: Tensor) {
        let d = try SingularValueDecomposition(DenseMatrix(self))
        return (d.u.tensor, Tensor(d.singularValues), d.vt.tensor)
    }

    /// The Moore–Penrose pseudo-inverse (`numpy.linalg.pinv`).
    public func pseudoInverse(rcond: Double? = nil) throws(LinearAlgebraError) -> Tensor {
        try DenseMatrix(self).pseudoInverse(rcond: rcond).tensor
    }

    /// `numpy.linalg.lstsq(self, b)`: solution, residuals, rank and singular values (`b` rank 1 or 2).
    public func lstsq(_ b: Tensor, rcond: Double? = nil) throws(LinearAlgebraError)
        -> (solution: Tensor, residuals: Tensor, rank: Int, singularValues: Tensor)
    {
        let (rhs, vector) = try Self.rightHandSide(b)
        let l = try LeastSquares(DenseMatrix(self), rhs, rcond: rcond)
        return (Self.output(l.solution, vector: vector), Tensor(l.residuals), l.rank, Tensor(l.singularValues))
    }
}
