// The recurrence of an RNN, LSTM or GRU layer over a whole sequence, as one differentiable op.
//
// Recording every gate's sigmoid, product and sum as its own graph node costs an allocation and a node per
// small op per time step, which dominates the run time of a recurrent layer on a CPU. Like cuDNN and PyTorch's
// fused kernels, this op takes the input projection of every time step at once (one large GEMM done by the
// caller with `Tensor.linear`), runs the recurrence with one [B, H] × [H, G·H] GEMM plus one fused gate loop
// per step, and back-propagates through time in its own pullback: one GEMM per step for the carried hidden
// gradient, and a single GEMM over all steps for the hidden-to-hidden weight gradient.
import Kernels

/// The cell of a recurrent layer, with PyTorch's gate layout in the stacked weights.
public enum RecurrentCell: Sendable, Equatable {
    /// `h' = tanh(W_ih x + b_ih + W_hh h + b_hh)`.
    case rnnTanh
    /// `h' = relu(W_ih x + b_ih + W_hh h + b_hh)`.
    case rnnReLU
    /// Gates stacked as input, forget, cell (g), output: `c' = f ⊙ c + i ⊙ g`, `h' = o ⊙ tanh(c')`.
    case lstm
    /// Gates stacked as reset, update, new: `n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))`,
    /// `h' = (1 − z) ⊙ n + z ⊙ h`.
    case gru

    /// How many `hidden`-sized blocks the stacked weights hold.
    public var gateCount: Int {
        switch self {
        case .rnnTanh, .rnnReLU: 1
        case .lstm: 4
        case .gru: 3
        }
    }
}

extension Tensor {
    /// Runs a recurrent cell over a time-major sequence and returns every step's hidden state.
    ///
    /// - Parameters:
    ///   - inputProjection: `[T, B, G·H]`, the input term `x_t · W_ihᵀ + b_ih` of every step (G = ``RecurrentCell/gateCount``).
    ///   - hiddenWeight: `W_hh`, `[G·H, H]`.
    ///   - inputBias: `b_ih`, `[G·H]`, when the projection does not include it. Adding it here rather than in
    ///     the projection's GEMM saves that op's bias-gradient reduction; the recurrence sums the gate gradients
    ///     it already holds.
    ///   - hiddenBias: `b_hh`, `[G·H]` (nil for none). It is kept apart from `b_ih` because the GRU's new gate
    ///     multiplies it by the reset gate.
    ///   - initialHidden: `h_0`, `[B, H]`.
    ///   - initialCell: `c_0`, `[B, H]`, for the LSTM only.
    ///   - reverse: runs from the last step to the first (the backward direction of a bidirectional layer); the
    ///     output stays in input order.
    /// - Returns: `output` `[T, B, H]` (the hidden state after each step) and, for the LSTM, the final cell
    ///   state `[B, H]`. Both are differentiable with respect to every input.
    public static func recurrence(
        _ cell: RecurrentCell, inputProjection: Tensor, hiddenWeight: Tensor, inputBias: Tensor? = nil, hiddenBias: Tensor? = nil,
        initialHidden: Tensor, initialCell: Tensor? = nil, reverse: Bool = false
    ) -> (output: Tensor, finalCell: Tensor?) {
        let x = inputProjection, dtype = x.dtype
        precondition(dtype.isComputeFloat, "recurrence: dtype \(dtype) is not float32 or float64")
        precondition(x.rank == 3, "recurrence: input projection must be [T, B, G·H], got \(x.shape)")
        let steps = x.shape[0], batch = x.shape[1], hidden = initialHidden.rank == 2 ? initialHidden.shape[1] : -1
        let gates = cell.gateCount * hidden
        precondition(initialHidden.shape == [batch, hidden] && x.shape[2] == gates,
                     "recurrence(\(cell)): input projection \(x.shape) and initial hidden \(initialHidden.shape) do not match [T, B, \(cell.gateCount)·H] and [B, H]")
        precondition(hiddenWeight.shape == [gates, hidden], "recurrence(\(cell)): hidden weight \(hiddenWeight.shape), expected [\(gates), \(hidden)]")
        for bias in [inputBias, hiddenBias].compactMap({ $0 }) {
            precondition(bias.shape == [gates], "recurrence(\(cell)): bias \(bias.shape), expected [\(gates)]")
        }
        precondition((initialCell != nil) == (cell == .lstm), "recurrence(\(cell)): an initial cell state is required for the LSTM only")
        if let initialCell { precondition(initialCell.shape == [batch, hidden], "recurrence: initial cell \(initialCell.shape), expected [\(batch), \(hidden)]") }
        for t in [hiddenWeight, initialHidden] + [inputBias, hiddenBias, initialCell].compactMap({ $0 }) {
            precondition(t.dtype == dtype, "recurrence: dtypes differ (\(dtype) and \(t.dtype))")
        }

        let sequence = RecurrentSequence(
            cell: cell, steps: steps, batch: batch, hidden: hidden, reverse: reverse,
            x: x.detached().materialized(), weight: hiddenWeight.detached().materialized(),
            inputBias: inputBias?.detached().materialized(), bias: hiddenBias?.detached().materialized(), h0: initialHidden.detached().materialized(),
            c0: initialCell?.detached().materialized())
        if dtype == .float32 { sequence.forward(Float.self) } else { sequence.forward(Double.self) }

        let inputs = [inputProjection, hiddenWeight] + [inputBias, hiddenBias, initialHidden, initialCell].compactMap { $0 }
        let output = record(.recurrence, sequence.output, inputs: inputs) { g in
            sequence.backward(outputGradient: g, finalCellGradient: nil)
        }
        guard cell == .lstm else { return (output, nil) }
        // The final cell state is its own node; by linearity its pullback is the same pass through time seeded
        // only with dc_T, and it runs only when a loss uses c_n.
        let lastTime = reverse ? 0 : steps - 1
        let finalCell = steps == 0 ? initialCell!.detached() : sequence.cells[lastTime].contiguous().detached()
        let cellNode = record(.recurrence, finalCell, inputs: inputs) { g in
            sequence.backward(outputGradient: nil, finalCellGradient: g)
        }
        return (output, steps == 0 ? initialCell! : cellNode)
    }
}

/// The forward state of one recurrence, kept alive by the pullbacks for back-propagation through time.
private final class RecurrentSequence: @unchecked Sendable {
    // Written once by `forward`, read only afterwards (pullbacks may run on any thread, never concurrently
    // with `forward`), which is why the unchecked conformance is sound.
    let cell: RecurrentCell
    let steps: Int, batch: Int, hidden: Int, reverse: Bool
    let x: Tensor, weight: Tensor, inputBias: Tensor?, bias: Tensor?, h0: Tensor, c0: Tensor?
    /// The bias added to the input term: b_ih + b_hh for the RNN and LSTM, b_ih alone for the GRU (whose b_hh
    /// sits inside the hidden term).
    let inputTermBias: Tensor?
    /// `[T, B, H]`: the hidden state after each step.
    let output: Tensor
    /// Activated gates `[T, B, G·H]` (for the GRU, the new gate holds n).
    let activations: Tensor
    /// LSTM: cell states `[T, B, H]`; GRU: the hidden term `W_hh h + b_hh` `[T, B, 3H]`; otherwise unused.
    let cells: Tensor
    /// LSTM: tanh of each cell state `[T, B, H]`.
    let cellTanh: Tensor

    init(cell: RecurrentCell, steps: Int, batch: Int, hidden: Int, reverse: Bool,
         x: Tensor, weight: Tensor, inputBias: Tensor?, bias: Tensor?, h0: Tensor, c0: Tensor?) {
        self.cell = cell
        self.steps = steps
        self.batch = batch
        self.hidden = hidden
        self.reverse = reverse
        self.x = x
        self.weight = weight
        self.inputBias = inputBias
        self.bias = bias
        if cell == .gru {
            inputTermBias = inputBias
        } else if let inputBias, let bias {
            inputTermBias = withoutGradients { inputBias + bias }
        } else {
            inputTermBias = inputBias ?? bias
        }
        self.h0 = h0
        self.c0 = c0
        let g = cell.gateCount * hidden
        output = Tensor(uninitialized: [steps, batch, hidden], dtype: x.dtype)
        activations = Tensor(uninitialized: cell == .rnnTanh || cell == .rnnReLU ? [0] : [steps, batch, g], dtype: x.dtype)
        switch cell {
        case .lstm: cells = Tensor(uninitialized: [steps, batch, hidden], dtype: x.dtype)
        case .gru: cells = Tensor(uninitialized: [steps, batch, g], dtype: x.dtype)
        default: cells = Tensor(uninitialized: [0], dtype: x.dtype)
        }
        cellTanh = Tensor(uninitialized: cell == .lstm ? [steps, batch, hidden] : [0], dtype: x.dtype)
    }

    /// The time index processed at step `s`.
    @inline(__always) func time(_ s: Int) -> Int { reverse ? steps - 1 - s : s }

    /// Batch rows are independent through the whole recurrence, so each thread runs every time step on its own
    /// slice of the batch: no synchronisation per step, where splitting each small step GEMM would need two.
    private func rowChunks(_ body: @escaping @Sendable (Range<Int>, _ threadedGemm: Bool) -> Void) {
        let work = cell.gateCount * hidden * hidden
        // Below ~8 rows per thread the per-thread GEMMs get too thin to pay for the second thread.
        let minimumRows = Swift.max(8, (1 << 17) / Swift.max(work, 1))
        if batch < 2 * minimumRows || steps * batch * work < 1 << 20 {
            body(0..<batch, batch * work >= 1 << 18)
        } else {
            parallelChunks(batch, minimumPerThread: minimumRows) { body($0, false) }
        }
    }

    func forward<T: TensorFloat>(_: T.Type) {
        // W_hhᵀ once, contiguous [H, G·H]: the step GEMMs then read it in place instead of packing it every step.
        let weightT = weight.transposed().materialized()
        withExtendedLifetime(weightT) {
            let pwT = SendablePointer(UnsafePointer(weightT.basePointer(T.self) + weightT.offset))
            rowChunks { rows, threaded in self.forward(T.self, rows: rows, weightT: UnsafePointer(pwT.raw), threadedGemm: threaded) }
        }
    }

    private func forward<T: TensorFloat>(_: T.Type, rows: Range<Int>, weightT pwT: UnsafePointer<T>, threadedGemm: Bool) {
        let h = hidden, b = rows.count, g = cell.gateCount * hidden, r0 = rows.lowerBound
        let px = x.basePointer(T.self) + x.offset
        let pb: UnsafePointer<T>? = bias.map { UnsafePointer($0.basePointer(T.self) + $0.offset) }
        let pxb: UnsafePointer<T>? = inputTermBias.map { UnsafePointer($0.basePointer(T.self) + $0.offset) }
        let ph0 = UnsafePointer(h0.basePointer(T.self) + h0.offset + r0 * h)
        let pc0 = c0.map { UnsafePointer($0.basePointer(T.self) + $0.offset + r0 * h) }
        let out = output.basePointer(T.self), act = activations.basePointer(T.self)
        let cs = cells.basePointer(T.self), tc = cellTanh.basePointer(T.self)
        /// First row of this slice at time t, in rows of the [T, B, ·] buffers.
        func row(_ t: Int) -> Int { t * batch + r0 }
        for s in 0..<steps {
            let t = time(s)
            let hPrev = s == 0 ? ph0 : UnsafePointer(out + row(time(s - 1)) * h)
            let xt = px + row(t) * g, ht = out + row(t) * h
            switch cell {
            case .rnnTanh, .rnnReLU:
                // pre = x_t + b_hh + h·W_hhᵀ, accumulated in place in the output, then activated there.
                preactivate(xt, pxb, hPrev, pwT, into: ht, rows: b, threadedGemm)
                if cell == .rnnTanh {
                    RecurrentMath.apply(.tanh, ht, count: b * h)
                } else {
                    for i in 0..<(b * h) where !(ht[i] > 0) { ht[i] = ht[i].isNaN ? ht[i] : 0 }
                }
            case .lstm:
                let a = act + row(t) * g, ct = cs + row(t) * h, tct = tc + row(t) * h
                let cPrev = s == 0 ? pc0! : UnsafePointer(cs + row(time(s - 1)) * h)
                preactivate(xt, pxb, hPrev, pwT, into: a, rows: b, threadedGemm)
                for r in 0..<b {
                    let gates = a + r * g
                    RecurrentMath.apply(.sigmoid, gates, count: 2 * h)
                    RecurrentMath.apply(.tanh, gates + 2 * h, count: h)
                    RecurrentMath.apply(.sigmoid, gates + 3 * h, count: h)
                    for j in 0..<h {
                        ct[r * h + j] = gates[h + j] * cPrev[r * h + j] + gates[j] * gates[2 * h + j]
                    }
                }
                tct.update(from: ct, count: b * h)
                RecurrentMath.apply(.tanh, tct, count: b * h)
                for r in 0..<b {
                    let o = a + r * g + 3 * h
                    for j in 0..<h { ht[r * h + j] = o[j] * tct[r * h + j] }
                }
            case .gru:
                // The hidden term is kept whole: its new-gate part is multiplied by r, and backward needs it.
                let a = act + row(t) * g, hh = cs + row(t) * g
                if let pb {
                    for r in 0..<b { (hh + r * g).update(from: pb, count: g) }
                }
                gemm(m: b, n: g, k: h, a: hPrev, lda: h, b: pwT, ldb: g, beta: pb == nil ? 0 : 1,
                     c: hh, ldc: g, multithreaded: threadedGemm)
                for r in 0..<b {
                    let gates = a + r * g, xr = xt + r * g, hr = hh + r * g
                    if let pxb {
                        for j in 0..<(2 * h) { gates[j] = xr[j] + pxb[j] + hr[j] }
                    } else {
                        for j in 0..<(2 * h) { gates[j] = xr[j] + hr[j] }
                    }
                    RecurrentMath.apply(.sigmoid, gates, count: 2 * h)
                    for j in 0..<h { gates[2 * h + j] = xr[2 * h + j] + (pxb?[2 * h + j] ?? 0) + gates[j] * hr[2 * h + j] }
                    RecurrentMath.apply(.tanh, gates + 2 * h, count: h)
                    for j in 0..<h {
                        let z = gates[h + j], n = gates[2 * h + j]
                        ht[r * h + j] = n + z * (hPrev[r * h + j] - n)
                    }
                }
            }
        }
    }

    /// `dest = x_t + b_hh + h_prev · W_hhᵀ` for one step's `rows` (each G·H wide).
    private func preactivate<T: TensorFloat>(
        _ xt: UnsafeMutablePointer<T>, _ pb: UnsafePointer<T>?, _ hPrev: UnsafePointer<T>, _ pwT: UnsafePointer<T>,
        into dest: UnsafeMutablePointer<T>, rows b: Int, _ threadedGemm: Bool
    ) {
        let h = hidden, g = cell.gateCount * hidden
        if let pb {
            for r in 0..<b {
                let d = dest + r * g, x = xt + r * g
                for j in 0..<g { d[j] = x[j] + pb[j] }
            }
        } else {
            dest.update(from: xt, count: b * g)
        }
        gemm(m: b, n: g, k: h, a: hPrev, lda: h, b: pwT, ldb: g, beta: 1, c: dest, ldc: g, multithreaded: threadedGemm)
    }

    /// Back-propagation through time: gradients for (x, W_hh, b_ih?, b_hh?, h_0, c_0?) in `record`'s input order.
    func backward(outputGradient: Tensor?, finalCellGradient: Tensor?) -> [Tensor?] {
        let dtype = x.dtype
        let dOut = outputGradient.map { $0.to(dtype).materialized() }
        let dcN = finalCellGradient.map { $0.to(dtype).materialized() }
        let g = cell.gateCount * hidden
        let dX = Tensor(uninitialized: [steps, batch, g], dtype: dtype)
        // Gradient of the hidden term W_hh h + b_hh; the same as dX except for the GRU's new gate.
        let dHH = cell == .gru ? Tensor(uninitialized: [steps, batch, g], dtype: dtype) : dX
        let dW = Tensor(zeroed: [g, hidden], dtype: dtype)
        let dB = Tensor(zeroed: [g], dtype: dtype)
        // b_ih's gradient is the input term's; it differs from b_hh's only for the GRU.
        let dBi = cell == .gru ? Tensor(zeroed: [g], dtype: dtype) : dB
        let dH0 = Tensor(zeroed: [batch, hidden], dtype: dtype)
        let dC0 = Tensor(zeroed: [batch, hidden], dtype: dtype)
        let buffers = BackwardBuffers(dOut: dOut, dcN: dcN, dX: dX, dHH: dHH, dH0: dH0, dC0: dC0)
        if dtype == .float32 {
            rowChunks { rows, threaded in self.backward(Float.self, rows: rows, buffers, threadedGemm: threaded) }
            weightGradients(Float.self, dHH, dW, dB)
            if cell == .gru && inputBias != nil { columnSums(Float.self, dX, into: dBi) }
        } else {
            rowChunks { rows, threaded in self.backward(Double.self, rows: rows, buffers, threadedGemm: threaded) }
            weightGradients(Double.self, dHH, dW, dB)
            if cell == .gru && inputBias != nil { columnSums(Double.self, dX, into: dBi) }
        }
        var grads: [Tensor?] = [dX, dW]
        if inputBias != nil { grads.append(dBi) }
        if bias != nil { grads.append(dB) }
        grads.append(dH0)
        if cell == .lstm { grads.append(dC0) }
        return grads
    }

    /// The tensors one backward pass reads and writes; each row slice touches only its own rows.
    private struct BackwardBuffers: Sendable {
        let dOut: Tensor?, dcN: Tensor?, dX: Tensor, dHH: Tensor, dH0: Tensor, dC0: Tensor
    }

    private func backward<T: TensorFloat>(_: T.Type, rows: Range<Int>, _ buffers: BackwardBuffers, threadedGemm: Bool) {
        let h = hidden, b = rows.count, g = cell.gateCount * hidden, r0 = rows.lowerBound
        let pw = UnsafePointer(weight.basePointer(T.self) + weight.offset)
        let ph0 = UnsafePointer(h0.basePointer(T.self) + h0.offset + r0 * h)
        let pc0 = c0.map { UnsafePointer($0.basePointer(T.self) + $0.offset + r0 * h) }
        let out = UnsafePointer(output.basePointer(T.self)), act = UnsafePointer(activations.basePointer(T.self))
        let cs = UnsafePointer(cells.basePointer(T.self)), tc = UnsafePointer(cellTanh.basePointer(T.self))
        let pdo: UnsafePointer<T>? = buffers.dOut.map { UnsafePointer($0.basePointer(T.self) + $0.offset) }
        let dx = buffers.dX.basePointer(T.self), dhh = buffers.dHH.basePointer(T.self)
        // The carried gradients dL/dh_t (from later steps) and dL/dc_t; they end as dh_0 and dc_0.
        let dh = buffers.dH0.basePointer(T.self) + r0 * h, dc = buffers.dC0.basePointer(T.self) + r0 * h
        if let dcN = buffers.dcN { dc.update(from: dcN.basePointer(T.self) + dcN.offset + r0 * h, count: b * h) }
        func row(_ t: Int) -> Int { t * batch + r0 }
        // Without an output gradient the upstream term reads zeros: no optional in the inner loops.
        let zeros = UnsafeMutablePointer<T>.allocate(capacity: b * h)
        defer { zeros.deallocate() }
        zeros.initialize(repeating: 0, count: b * h)
        for s in stride(from: steps - 1, through: 0, by: -1) {
            let t = time(s)
            let hPrev = s == 0 ? ph0 : out + row(time(s - 1)) * h
            let ht = out + row(t) * h, dxt = dx + row(t) * g, dht = dhh + row(t) * g
            let upstream = pdo.map { $0 + row(t) * h } ?? UnsafePointer(zeros)
            switch cell {
            case .rnnTanh, .rnnReLU:
                for i in 0..<(b * h) {
                    let d = dh[i] + upstream[i]
                    dxt[i] = cell == .rnnTanh ? d * (1 - ht[i] * ht[i]) : (ht[i] > 0 ? d : 0)
                }
            case .lstm:
                let a = act + row(t) * g, tct = tc + row(t) * h
                let cPrev = s == 0 ? pc0! : cs + row(time(s - 1)) * h
                if T.self == Float.self {
                    func f(_ p: UnsafePointer<T>) -> UnsafePointer<Float> { UnsafeRawPointer(p).assumingMemoryBound(to: Float.self) }
                    func m(_ p: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<Float> {
                        UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
                    }
                    RecurrentKernels.lstmBackwardStep(gates: f(a), cellTanh: f(tct), previousCell: f(cPrev), hiddenGradient: f(dh),
                                                      upstream: f(upstream), cellGradient: m(dc), gateGradients: m(dxt), rows: b, hidden: h)
                } else {
                    for r in 0..<b {
                        let gates = a + r * g, drow = dxt + r * g
                        for j in 0..<h {
                            let k = r * h + j
                            let i = gates[j], f = gates[h + j], gg = gates[2 * h + j], o = gates[3 * h + j], tcv = tct[k]
                            let dhv = dh[k] + upstream[k]
                            let dcv = dc[k] + dhv * o * (1 - tcv * tcv)
                            drow[j] = dcv * gg * i * (1 - i)
                            drow[h + j] = dcv * cPrev[k] * f * (1 - f)
                            drow[2 * h + j] = dcv * i * (1 - gg * gg)
                            drow[3 * h + j] = dhv * tcv * o * (1 - o)
                            dc[k] = dcv * f
                        }
                    }
                }
            case .gru:
                let a = act + row(t) * g, hh = cs + row(t) * g
                for r in 0..<b {
                    let gates = a + r * g, hr = hh + r * g, dxr = dxt + r * g, dhr = dht + r * g
                    for j in 0..<h {
                        let k = r * h + j
                        let rv = gates[j], z = gates[h + j], n = gates[2 * h + j]
                        let dhv = dh[k] + upstream[k]
                        let dn = dhv * (1 - z) * (1 - n * n)
                        let dz = dhv * (hPrev[k] - n) * z * (1 - z)
                        let dr = dn * hr[2 * h + j] * rv * (1 - rv)
                        dxr[j] = dr; dxr[h + j] = dz; dxr[2 * h + j] = dn
                        dhr[j] = dr; dhr[h + j] = dz; dhr[2 * h + j] = dn * rv
                        dh[k] = dhv * z  // the direct path h → h'; the GEMM below adds the path through W_hh
                    }
                }
            }
            gemm(m: b, n: h, k: g, a: UnsafePointer(dht), lda: g, b: pw, ldb: h, beta: cell == .gru ? 1 : 0,
                 c: dh, ldc: h, multithreaded: threadedGemm)
        }
    }

    /// dW_hh = Σ_t dHH_tᵀ · h_{t−1} and db_hh = Σ_t dHH_t over the whole batch, after every slice has finished.
    private func weightGradients<T: TensorFloat>(_: T.Type, _ dHH: Tensor, _ dW: Tensor, _ dB: Tensor) {
        guard steps > 0 else { return }
        let h = hidden, b = batch, g = cell.gateCount * hidden
        let out = UnsafePointer(output.basePointer(T.self)), ph0 = UnsafePointer(h0.basePointer(T.self) + h0.offset)
        let dhh = UnsafePointer(dHH.basePointer(T.self)), pdw = dW.basePointer(T.self)
        // The steps after the first pair with the output shifted by one step: one GEMM over (T−1)·B rows.
        if steps > 1 {
            let dRows = reverse ? dhh : dhh + b * g   // dHH at the times that have a predecessor in the output
            let hRows = reverse ? out + b * h : out   // that predecessor
            gemm(transA: true, m: g, n: h, k: (steps - 1) * b, a: dRows, lda: g, b: hRows, ldb: h,
                 c: pdw, ldc: h, multithreaded: true)
        }
        // The first step pairs with h_0.
        gemm(transA: true, m: g, n: h, k: b, a: dhh + time(0) * b * g, lda: g, b: ph0, ldb: h, beta: 1, c: pdw, ldc: h)
        columnSums(T.self, dHH, into: dB)
    }

    /// `into[j] += Σ_rows m[row, j]` for a contiguous `[T, B, G·H]` gradient.
    private func columnSums<T: TensorFloat>(_: T.Type, _ m: Tensor, into sums: Tensor) {
        let g = cell.gateCount * hidden
        let p = UnsafePointer(m.basePointer(T.self)), out = sums.basePointer(T.self)
        for r in 0..<(steps * batch) {
            let d = p + r * g
            for j in 0..<g { out[j] += d[j] }
        }
    }
}

/// Activations over contiguous runs: the vectorised C kernels for Float32, scalar loops for Float64.
enum RecurrentMath {
    @inline(__always)
    static func apply<T: TensorFloat>(_ f: VectorKernels.Map, _ p: UnsafeMutablePointer<T>, count: Int) {
        if T.self == Float.self {
            // A row of gates is far below VectorKernels' threading threshold, so this stays on the caller's thread.
            let q = UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
            VectorKernels.map(f, q, q, count: count)
            return
        }
        for i in 0..<count {
            p[i] = f == .sigmoid ? UnaryOp.sigmoid(p[i]) : T.tanh(p[i])
        }
    }
}
