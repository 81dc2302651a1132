// Moore–Penrose pseudo-inverse through the SVD.

extension DenseMatrix {
    /// The Moore–Penrose pseudo-inverse `A⁺ = V · diag(1/σ) · Uᵀ`, dropping singular values `σ ≤ rcond · σ₁`
    /// (`numpy.linalg.pinv`).
    ///
    /// - Parameter rcond: the relative cutoff; the default is `max(m, n) · ε`, as `numpy.linalg.lstsq`.
    /// - Throws: ``LinearAlgebraError/nonFinite``, ``LinearAlgebraError/didNotConverge(iterations:)``.
    public func pseudoInverse(rcond: Double? = nil) throws(LinearAlgebraError) -> DenseMatrix {
        let svd = try SingularValueDecomposition(self)
        let k = svd.singularValues.count
        let cutoff = (rcond ?? Double(Swift.max(rows, columns)) * Double.ulpOfOne) * (svd.singularValues.first ?? 0)
        // V · diag(1/σ): scale the rows of Vᵀ, then (Vᵀ)ᵀ · Uᵀ.
        var scaled = svd.vt
        for i in 0..<k {
            let sigma = svd.singularValues[i]
            let f = sigma > cutoff ? 1 / sigma : 0
            for j in 0..<columns { scaled[i, j] *= f }
        }
        return scaled.multiplied(by: svd.u, transposingSelf: true, transposingOther: true)
    }
}
