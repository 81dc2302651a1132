// Matrix multiply over raw buffers: the multithreaded front of the C GEMM, and a Float64 GEMM.
//
// The C kernel (CKernels/gemm*.c) is single-threaded; here the output is split into disjoint column or row
// blocks, one per thread, on boundaries that depend only on the shape (deterministic results).
import CKernels

/// General matrix multiply on row-major buffers.
public enum MatrixMultiply {
    /// Below this many multiply-adds a second thread costs more than it saves.
    static let parallelThreshold = 1 << 17

    /// `C[m×n] = alpha · op(A) · op(B) + beta · C` in Float32, using every kernel thread.
    ///
    /// `op(A)` is `m×k`, stored `A[i*lda + p]`, or `A[p*lda + i]` when `transA`; likewise `op(B)` is `k×n`.
    /// When `beta == 0`, `C` is not read.
    public static func sgemm(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int, multithreaded: Bool = true
    ) {
        guard m > 0, n > 0 else { return }
        let threads = multithreaded ? KernelThreads.count : 1
        let work = m * n * max(k, 1)
        if threads <= 1 || work < parallelThreshold {
            sl_sgemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            return
        }
        let pa = SendablePointer(a), pb = SendablePointer(b), pc = SendablePointer(c)
        let ta: Int32 = transA ? 1 : 0, tb: Int32 = transB ? 1 : 0
        // Each thread packs all of the operand it does not split: a column split repeats the packing of A (m·k
        // values), a row split that of B (k·n). So split the longer side of C, unless the rows are too few to
        // balance. (1600×128 outputs, an LSTM's weight and input gradients: 230 → 300+ GFLOP/s by rows.)
        if n >= m || m < 32 * threads {
            // Split columns of C (and B) in multiples of 32 so each block keeps whole micro-kernel panels.
            let blocks = (n + 31) / 32
            parallelChunks(blocks) { r in
                let n0 = r.lowerBound * 32, n1 = min(n, r.upperBound * 32)
                let bOff = transB ? n0 * ldb : n0
                sl_sgemm(ta, tb, m, n1 - n0, k, alpha, pa.raw, lda, pb.raw + bOff, ldb, beta, pc.raw + n0, ldc)
            }
        } else {
            let blocks = (m + 15) / 16
            parallelChunks(blocks) { r in
                let m0 = r.lowerBound * 16, m1 = min(m, r.upperBound * 16)
                let aOff = transA ? m0 : m0 * lda
                sl_sgemm(ta, tb, m1 - m0, n, k, alpha, pa.raw + aOff, lda, pb.raw, ldb, beta, pc.raw + m0 * ldc, ldc)
            }
        }
    }

    /// The naive triple loop in Float32: the oracle every fast path is tested against.
    public static func sgemmReference(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        sl_sgemm_reference(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    /// `C = alpha · op(A) · op(B) + beta · C` in Float64 (linear algebra and the classical models), using every
    /// kernel thread for large products. Conventions as ``sgemm(transA:transB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:multithreaded:)``.
    ///
    /// The blocked, packed C kernel; the output is split into disjoint row or column blocks per thread, and each
    /// element sums over `k` in the same order whatever the split, so results do not depend on the thread count.
    public static func dgemm(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Double = 1,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int, multithreaded: Bool = true
    ) {
        guard m > 0, n > 0 else { return }
        let threads = multithreaded ? KernelThreads.count : 1
        let ta: Int32 = transA ? 1 : 0, tb: Int32 = transB ? 1 : 0
        if threads <= 1 || m * n * max(k, 1) < parallelThreshold {
            sl_dgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            return
        }
        let pa = SendablePointer(a), pb = SendablePointer(b), pc = SendablePointer(c)
        if m >= n || m >= 48 * threads {
            // Rows of C (and A) in multiples of 24, a whole number of micro-tiles on every path (8 and 6 rows).
            parallelChunks((m + 23) / 24) { r in
                let m0 = r.lowerBound * 24, m1 = min(m, r.upperBound * 24)
                let aOff = transA ? m0 : m0 * lda
                sl_dgemm(ta, tb, m1 - m0, n, k, alpha, pa.raw + aOff, lda, pb.raw, ldb, beta, pc.raw + m0 * ldc, ldc)
            }
        } else {
            parallelChunks((n + 15) / 16) { r in
                let n0 = r.lowerBound * 16, n1 = min(n, r.upperBound * 16)
                let bOff = transB ? n0 * ldb : n0
                sl_dgemm(ta, tb, m, n1 - n0, k, alpha, pa.raw, lda, pb.raw + bOff, ldb, beta, pc.raw + n0, ldc)
            }
        }
    }

    /// The naive triple loop in Float64: the oracle ``dgemm(transA:transB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:multithreaded:)`` is tested against.
    public static func dgemmReference(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Double = 1,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        sl_dgemm_reference(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }
}

extension MatrixMultiply {
    /// Rows per block of ``shiftedGram(rows:columns:x:ldx:shift:gram:sums:multithreaded:)``. The blocks are fixed by
    /// the row count alone and their partial sums are added in block order, so results do not depend on the threads.
    static let gramBlockRows = 1024

    /// The Gram matrix of the shifted rows of a tall, narrow Float64 matrix, and their column sums:
    /// `gram[i·d + j] = Σᵣ (x[r, i] − shift[i])·(x[r, j] − shift[j])` (the full symmetric `d × d` matrix) and
    /// `sums[j] = Σᵣ (x[r, j] − shift[j])`, over the `rows` rows of `x` (row stride `ldx`).
    ///
    /// With `shift` near the column means, `gram − rows·δδᵀ` (`δ = sums / rows`) is the centred Gram matrix
    /// `(X − μ)ᵀ(X − μ)` without a centred copy of `X` and without cancellation. One pass over `x`: each block of
    /// rows is packed (shifted) once and only the upper triangle is computed, then mirrored.
    public static func shiftedGram(
        rows n: Int, columns d: Int, x: UnsafePointer<Double>, ldx: Int, shift: UnsafePointer<Double>,
        gram: UnsafeMutablePointer<Double>, sums: UnsafeMutablePointer<Double>, multithreaded: Bool = true
    ) {
        guard d > 0 else { return }
        gram.initialize(repeating: 0, count: d * d)
        sums.initialize(repeating: 0, count: d)
        let block = gramBlockRows, blocks = (n + block - 1) / block
        if blocks <= 1 {
            sl_dgram_shifted(n, d, x, ldx, shift, gram, d, sums)
        } else {
            let share = d * d + d
            let partials = UnsafeMutablePointer<Double>.allocate(capacity: blocks * share)
            defer { partials.deallocate() }
            partials.initialize(repeating: 0, count: blocks * share)
            let px = SendablePointer(x), ps = SendablePointer(shift), pp = SendablePointer(partials)
            let body: @Sendable (Range<Int>) -> Void = { range in
                for b in range {
                    let r0 = b * block, g = pp.raw + b * share
                    sl_dgram_shifted(min(block, n - r0), d, px.raw + r0 * ldx, ldx, ps.raw, g, d, g + d * d)
                }
            }
            // A second thread pays off from about a million multiply-adds per thread.
            if multithreaded { parallelChunks(blocks, minimumPerThread: max(1, (1 << 20) / max(1, block * d * d / 2)), body) } else { body(0..<blocks) }
            for b in 0..<blocks {
                let g = partials + b * share
                for i in 0..<d { for j in i..<d { gram[i * d + j] += g[i * d + j] } }
                for j in 0..<d { sums[j] += g[d * d + j] }
            }
        }
        for i in 0..<d { for j in 0..<i { gram[i * d + j] = gram[j * d + i] } }
    }
}

extension MatrixMultiply {
    /// The nearest of `k` centres for each of the `rows` rows of `x` (the k-means assignment), single-threaded:
    /// `labels[i]` is the first `c` minimising `centreNorms[c] − 2·xᵢ·c_c` and `keys[i]` that minimum (add `‖xᵢ‖²`
    /// for the squared distance). `centres` is `[k, columns]` row-major (stride `ldc`), `centreNorms[c] = ‖c_c‖²`.
    ///
    /// The centres are packed once and each row of `x` is read in place into a register tile (no packing of `x`,
    /// no `rows × k` product written out); dot products sum over the columns in order, as ``dgemm(transA:transB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:multithreaded:)`` does.
    public static func nearestCentres(
        rows n: Int, columns d: Int, x: UnsafePointer<Double>, ldx: Int, centres: UnsafePointer<Double>, ldc: Int, k: Int,
        centreNorms: UnsafePointer<Double>, labels: UnsafeMutablePointer<Int>, keys: UnsafeMutablePointer<Double>
    ) {
        sl_dnearest(n, d, x, ldx, centres, ldc, k, centreNorms, labels, keys)
    }
}

extension MatrixMultiply {
    /// Rows per block of ``packRowBlocks(rows:columns:x:ldx:)``.
    public static let nearestBlockRows = 16

    /// The rows of `x` packed for ``nearestCentres(packedRows:columns:packed:centres:ldc:k:centreNorms:labels:keys:)``:
    /// blocks of ``nearestBlockRows`` rows, feature-major within a block, the last block zero-padded. Pack once
    /// and search many times (every Lloyd iteration of a k-means fit reads the same rows). Block `b` starts at
    /// `b · nearestBlockRows · columns`.
    public static func packRowBlocks(rows n: Int, columns d: Int, x: UnsafePointer<Double>, ldx: Int) -> [Double] {
        let count = (n + nearestBlockRows - 1) / nearestBlockRows * nearestBlockRows * d
        guard count > 0 else { return [] }
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            sl_dpack_row_blocks(n, d, x, ldx, buffer.baseAddress!)
            initialized = count
        }
    }

    /// ``nearestCentres(rows:columns:x:ldx:centres:ldc:k:centreNorms:labels:keys:)`` on `n` rows packed by
    /// ``packRowBlocks(rows:columns:x:ldx:)`` (`packed` at the start of a block), single-threaded: the same labels
    /// and keys bit for bit. The rows fill the vector lanes and the centres are taken in groups sized to `k`, so
    /// no lane is spent on padding (3–4× faster for 10 centres).
    public static func nearestCentres(
        packedRows n: Int, columns d: Int, packed: UnsafePointer<Double>, centres: UnsafePointer<Double>, ldc: Int, k: Int,
        centreNorms: UnsafePointer<Double>, labels: UnsafeMutablePointer<Int>, keys: UnsafeMutablePointer<Double>
    ) {
        sl_dnearest_packed(n, d, packed, centres, ldc, k, centreNorms, labels, keys)
    }
}

extension MatrixMultiply {
    /// `dots[i·ldd + c] = xᵢ·c_c` for the `rows` rows of `x` and a few centres (rows of `centres`, stride `ldc`),
    /// single-threaded, through the register tile of ``nearestCentres(rows:columns:x:ldx:centres:ldc:k:centreNorms:labels:keys:)``:
    /// `x` is read in place, never packed (k-means++ scores 2–4 candidates against every row per step).
    public static func dotsWithFew(
        rows n: Int, columns d: Int, x: UnsafePointer<Double>, ldx: Int, centres: UnsafePointer<Double>, ldc: Int, k: Int,
        dots: UnsafeMutablePointer<Double>, ldd: Int
    ) {
        sl_ddots_few(n, d, x, ldx, centres, ldc, k, dots, ldd)
    }
}

extension MatrixMultiply {
    /// `c[j·ldc + i] = Σ_p a[p·lda + i]·b[p·ldb + j]` for `i < m`, `j < n`: `C = Bᵀ·A` (`n × m`) for a `B` (`k × n`)
    /// of few columns, single-threaded. `A` (`k × m`, e.g. a block of data rows) is read in place, never packed;
    /// each entry sums over `p` in order (a linear model's weight-gradient share `Rᵀ·X`).
    public static func transposedProductWithFew(
        k: Int, m: Int, a: UnsafePointer<Double>, lda: Int, n: Int, b: UnsafePointer<Double>, ldb: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        sl_ddots_tn(k, m, a, lda, n, b, ldb, c, ldc)
    }
}
