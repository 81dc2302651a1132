// BERT inference: embeddings, then post-norm encoder layers, on sequences packed without padding.
//
// Why packed: attention only mixes tokens of one sequence, and every other op works token by token, so the
// batch is one [tokens, hidden] matrix holding only real tokens (a batch padded to its longest sequence wastes
// the padding's share of every GEMM). Each layer is two parallel phases over both cores:
//   1. per block of token rows: the previous layer's tail (attention output projection + bias + residual +
//      LayerNorm, FFN up + bias + GELU, FFN down + bias + residual + LayerNorm), then this layer's fused QKV
//      projection (one sgemm against the packed [hidden, 3·hidden] weights) + bias;
//   2. per (sequence, head): softmax(Q·Kᵀ)·V read straight out of the QKV matrix.
// The FFN's [rows, intermediate] activations live only in a per-thread block buffer (≤ 128 rows) that stays in
// cache. All buffers come from a workspace reused across calls; there are no Tensor objects and no autodiff tape.
import Foundation
import Kernels
import Synchronization

/// One sequence for ``BertEncoder``: token ids with their segment ids and absolute positions.
public struct BertInput: Equatable, Sendable {
    public var ids: [Int]
    public var typeIds: [Int]
    /// Position of each token (its index in the padded input, as Hugging Face assigns them); by default 0, 1, 2, ….
    public var positions: [Int]

    public init(ids: [Int], typeIds: [Int]? = nil, positions: [Int]? = nil) {
        self.ids = ids
        self.typeIds = typeIds ?? [Int](repeating: 0, count: ids.count)
        self.positions = positions ?? Array(0..<ids.count)
    }

    /// The real tokens of an ``Encoding`` (attention mask 1), keeping their positions in the padded sequence.
    public init(_ encoding: Encoding) {
        let kept = encoding.attentionMask.indices.filter { encoding.attentionMask[$0] != 0 }
        self.init(ids: kept.map { encoding.ids[$0] }, typeIds: kept.map { encoding.typeIds[$0] }, positions: kept)
    }
}

/// A pretrained BERT encoder (Hugging Face `BertModel`) for inference: `last_hidden_state` of real tokens.
///
/// ```swift
/// let encoder = try BertEncoder(directory: modelFolder)  // config.json + model.safetensors
/// let states = try encoder.lastHiddenStates([BertInput(ids: [101, 7592, 102])])  // [[[Float]]]: seq, token, hidden
/// ```
/// Thread-safe: concurrent calls use separate workspaces. Each call uses `KernelThreads.count` threads.
public final class BertEncoder: Sendable {
    public let config: BertConfig
    let weights: BertWeights
    let activation: BertActivation
    private let workspaces = Mutex<[BertWorkspace]>([])

    /// Builds the encoder from a validated configuration and a safetensors file (names as `BertModel`'s state
    /// dict, optionally prefixed `bert.`).
    /// - Throws: ``LanguageError`` — `fileNotFound`, `invalidWeightsFile` (the safetensors reader's verdict),
    ///   `missingTensor`, `tensorShapeMismatch`, `tensorDTypeMismatch`, or the config's own errors.
    public init(config: BertConfig, weightsURL: URL) throws(LanguageError) {
        try config.validate()
        self.config = config
        self.activation = BertActivation(configName: config.hiddenAct)!
        self.weights = try BertWeights.load(contentsOf: weightsURL, config: config)
    }

    /// Builds the encoder from parameters by Hugging Face name (`fetch(name, shape)` returns row-major values).
    init(config: BertConfig, fetch: (String, [Int]) throws(LanguageError) -> [Float]) throws(LanguageError) {
        try config.validate()
        self.config = config
        self.activation = BertActivation(configName: config.hiddenAct)!
        self.weights = try BertWeights.assemble(config: config, fetch: fetch)
    }

    /// Loads `config.json` and `model.safetensors` from a Hugging Face model folder.
    public convenience init(directory: URL) throws(LanguageError) {
        let config = try BertConfig.load(contentsOf: directory.appendingPathComponent("config.json"))
        try self.init(config: config, weightsURL: directory.appendingPathComponent("model.safetensors"))
    }

    /// The hidden width.
    public var hiddenSize: Int { config.hiddenSize }

    /// `last_hidden_state` of each sequence's tokens: `[sequence][token][hidden]`.
    public func lastHiddenStates(_ inputs: [BertInput]) throws(LanguageError) -> [[[Float]]] {
        try withHiddenStates(inputs) { hidden, ranges in
            ranges.map { r in r.map { t in Array(UnsafeBufferPointer(start: hidden + t * hiddenSize, count: hiddenSize)) } }
        }
    }

    /// Runs the encoder and hands `body` the packed hidden states: `[tokens, hidden]` row-major, the rows of
    /// sequence `s` at `ranges[s]`. The buffer is valid only inside `body`.
    /// - Throws: ``LanguageError/invalidArgument(_:)`` for an id, segment id or position outside the model's
    ///   tables, or mismatched array lengths.
    public func withHiddenStates<R>(
        _ inputs: [BertInput], _ body: (UnsafePointer<Float>, [Range<Int>]) -> R
    ) throws(LanguageError) -> R {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(inputs.count)
        var total = 0
        for (s, input) in inputs.enumerated() {
            try validate(input, index: s)
            ranges.append(total..<(total + input.ids.count))
            total += input.ids.count
        }
        let workspace = takeWorkspace()
        defer { returnWorkspace(workspace) }
        let threads = Swift.max(1, Swift.min(KernelThreads.count, total / 16))
        let maxLength = inputs.map(\.ids.count).max() ?? 0
        workspace.reserve(tokens: total, config: config, threads: threads, maxLength: maxLength)
        run(inputs, ranges: ranges, tokens: total, threads: threads, workspace: workspace)
        return body(UnsafePointer(workspace.hidden), ranges)
    }

    private func validate(_ input: BertInput, index s: Int) throws(LanguageError) {
        guard input.typeIds.count == input.ids.count, input.positions.count == input.ids.count else {
            throw .invalidArgument("sequence \(s): ids, typeIds and positions must have the same length "
                                   + "(\(input.ids.count), \(input.typeIds.count), \(input.positions.count))")
        }
        for (t, id) in input.ids.enumerated() where id < 0 || id >= config.vocabSize {
            throw .invalidArgument("sequence \(s), token \(t): id \(id) is outside the vocabulary 0..<\(config.vocabSize)")
        }
        for (t, id) in input.typeIds.enumerated() where id < 0 || id >= config.typeVocabSize {
            throw .invalidArgument("sequence \(s), token \(t): token type \(id) is outside 0..<\(config.typeVocabSize)")
        }
        for (t, p) in input.positions.enumerated() where p < 0 || p >= config.maxPositionEmbeddings {
            throw .invalidArgument("sequence \(s), token \(t): position \(p) is outside 0..<\(config.maxPositionEmbeddings) "
                                   + "(max_position_embeddings); truncate the input")
        }
    }

    // MARK: Workspaces

    private func takeWorkspace() -> BertWorkspace {
        workspaces.withLock { $0.popLast() } ?? BertWorkspace()
    }

    private func returnWorkspace(_ w: BertWorkspace) {
        workspaces.withLock { $0.append(w) }
    }

    // MARK: The forward pass

    /// Rows per GEMM block in phase 1: big enough to amortise packing the weights, small enough that the
    /// block's FFN activations (rows × intermediate floats) stay in L2.
    static let blockRows = 128

    private func run(_ inputs: [BertInput], ranges: [Range<Int>], tokens: Int, threads: Int, workspace w: BertWorkspace) {
        guard tokens > 0 else { return }
        let h = config.hiddenSize
        // Flatten ids, types and positions so the embedding phase can index tokens directly.
        var flat = [Int32](repeating: 0, count: 3 * tokens)
        for (s, input) in inputs.enumerated() {
            for (i, t) in ranges[s].enumerated() {
                flat[3 * t] = Int32(input.ids[i])
                flat[3 * t + 1] = Int32(input.typeIds[i])
                flat[3 * t + 2] = Int32(input.positions[i])
            }
        }
        let hidden = SendablePointer(w.hidden)
        let eps = Float(config.layerNormEps)
        let weights = self.weights
        flat.withUnsafeBufferPointer { fp in
            let f = SendablePointer(fp.baseAddress!)
            // Embeddings: LayerNorm(word + position + type), one fused kernel call per token.
            parallelChunks(tokens, minimumPerThread: 64) { r in
                for t in r {
                    let id = Int(f.raw[3 * t]), type = Int(f.raw[3 * t + 1]), pos = Int(f.raw[3 * t + 2])
                    TransformerKernels.layerNorm(
                        weights.wordEmbeddings.readOnly + id * h, ldx: h,
                        bias: weights.positionEmbeddings.readOnly + pos * h,
                        residual: weights.tokenTypeEmbeddings.readOnly + type * h, ldr: h,
                        gamma: weights.embeddingNormWeight.readOnly, beta: weights.embeddingNormBias.readOnly,
                        epsilon: eps, hidden.raw + t * h, ldy: h, rows: 1, cols: h)
                }
            }
        }
        // Attention tasks, (sequence, head) pairs, longest sequences first so the split balances better.
        let heads = config.numAttentionHeads
        let order = ranges.indices.filter { !ranges[$0].isEmpty }.sorted { ranges[$0].count > ranges[$1].count }
        let tasks = order.flatMap { s in (0..<heads).map { (s, $0) } }
        let layerCount = weights.layers.count
        for l in 0...layerCount {
            // Phase 1: the tail of layer l - 1, then the QKV projection of layer l, per row block.
            rowPhase(tokens: tokens, threads: threads, workspace: w) { r0, rows, scratch in
                if l > 0 { self.layerTail(weights.layers[l - 1], r0: r0, rows: rows, workspace: w, scratch: scratch) }
                if l < layerCount { self.qkvProjection(weights.layers[l], r0: r0, rows: rows, workspace: w) }
            }
            if l == layerCount { break }
            // Phase 2: attention per (sequence, head).
            let scratchPointers = w.threadScratch.map { SendablePointer($0.attention) }
            let qkv = SendablePointer(w.qkv), ctx = SendablePointer(w.context)
            let d = config.headDim
            let taskCount = tasks.count
            parallelChunks(threads) { tr in
                for t in tr {
                    let lo = taskCount * t / threads, hi = taskCount * (t + 1) / threads
                    let scratch = scratchPointers[t].raw
                    for k in lo..<hi {
                        let (s, head) = tasks[k]
                        let r = ranges[s]
                        let base = qkv.raw + r.lowerBound * 3 * h + head * d
                        TransformerKernels.attentionHead(
                            q: base, ldq: 3 * h, k: base + h, ldk: 3 * h, v: base + 2 * h, ldv: 3 * h,
                            out: ctx.raw + r.lowerBound * h + head * d, ldo: h, length: r.count, headDim: d,
                            scratch: scratch)
                    }
                }
            }
        }
    }

    /// Splits the token rows into one contiguous range per thread, and each range into blocks of at most
    /// ``blockRows`` rows; `body(firstRow, rowCount, threadScratch)`.
    private func rowPhase(tokens: Int, threads: Int, workspace w: BertWorkspace,
                          _ body: @Sendable (Int, Int, ThreadScratch) -> Void) {
        let scratch = w.threadScratch
        parallelChunks(threads) { tr in
            for t in tr {
                let lo = tokens * t / threads, hi = tokens * (t + 1) / threads
                guard lo < hi else { continue }
                let blocks = (hi - lo + Self.blockRows - 1) / Self.blockRows
                for b in 0..<blocks {
                    let r0 = lo + (hi - lo) * b / blocks, r1 = lo + (hi - lo) * (b + 1) / blocks
                    body(r0, r1 - r0, scratch[t])
                }
            }
        }
    }

    private func qkvProjection(_ L: BertLayerWeights, r0: Int, rows: Int, workspace w: BertWorkspace) {
        let h = config.hiddenSize
        let out = w.qkv + r0 * 3 * h
        MatrixMultiply.sgemm(m: rows, n: 3 * h, k: h, a: w.hidden + r0 * h, lda: h, b: L.qkv.readOnly, ldb: 3 * h,
                             c: out, ldc: 3 * h, multithreaded: false)
        TransformerKernels.biasActivation(out, ld: 3 * h, bias: L.qkvBias.readOnly, rows: rows, cols: 3 * h, activation: .none)
    }

    private func layerTail(_ L: BertLayerWeights, r0: Int, rows: Int, workspace w: BertWorkspace, scratch: ThreadScratch) {
        let h = config.hiddenSize, inter = config.intermediateSize
        let eps = Float(config.layerNormEps)
        let x = w.hidden + r0 * h
        // Attention output: x = LayerNorm(ctx·Wo + bo + x).
        MatrixMultiply.sgemm(m: rows, n: h, k: h, a: w.context + r0 * h, lda: h, b: L.attentionOut.readOnly, ldb: h,
                             c: scratch.projection, ldc: h, multithreaded: false)
        TransformerKernels.layerNorm(scratch.projection, ldx: h, bias: L.attentionOutBias.readOnly, residual: x, ldr: h,
                                     gamma: L.attentionNormWeight.readOnly, beta: L.attentionNormBias.readOnly,
                                     epsilon: eps, x, ldy: h, rows: rows, cols: h)
        // Feed-forward: x = LayerNorm(act(x·W1 + b1)·W2 + b2 + x).
        MatrixMultiply.sgemm(m: rows, n: inter, k: h, a: x, lda: h, b: L.intermediate.readOnly, ldb: inter,
                             c: scratch.intermediate, ldc: inter, multithreaded: false)
        TransformerKernels.biasActivation(scratch.intermediate, ld: inter, bias: L.intermediateBias.readOnly,
                                          rows: rows, cols: inter, activation: activation.kernel)
        MatrixMultiply.sgemm(m: rows, n: h, k: inter, a: scratch.intermediate, lda: inter, b: L.output.readOnly, ldb: h,
                             c: scratch.projection, ldc: h, multithreaded: false)
        TransformerKernels.layerNorm(scratch.projection, ldx: h, bias: L.outputBias.readOnly, residual: x, ldr: h,
                                     gamma: L.outputNormWeight.readOnly, beta: L.outputNormBias.readOnly,
                                     epsilon: eps, x, ldy: h, rows: rows, cols: h)
    }
}

extension BertActivation {
    var kernel: TransformerKernels.Activation {
        switch self {
        case .geluErf: .geluErf
        case .geluTanh: .geluTanh
        case .relu: .relu
        }
    }
}
