// BERT's parameters, read from a Hugging Face `model.safetensors` by parameter name and laid out for inference:
// projections pretransposed to [in, out] (the layout sgemm streams best), Q, K and V packed side by side into one
// [hidden, 3·hidden] matrix so one GEMM produces all three, and the 1/√head_dim attention scale folded into Q.
import Foundation
import Tensors

/// An immutable float buffer owned by the model (allocated once at load, freed with the model).
final class WeightBuffer: @unchecked Sendable {  // immutable after init; shared read-only across threads
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(_ values: [Float]) {
        count = values.count
        pointer = .allocate(capacity: Swift.max(values.count, 1))
        values.withUnsafeBufferPointer { pointer.initialize(from: $0.baseAddress!, count: values.count) }
    }

    deinit { pointer.deallocate() }

    var readOnly: UnsafePointer<Float> { UnsafePointer(pointer) }
}

/// One encoder layer's parameters in the inference layout.
struct BertLayerWeights: Sendable {
    /// [hidden, 3·hidden]: columns 0..<h are Q (pre-scaled by 1/√d), h..<2h K, 2h..<3h V.
    let qkv: WeightBuffer
    let qkvBias: WeightBuffer
    /// [hidden, hidden] attention output projection, pretransposed.
    let attentionOut: WeightBuffer
    let attentionOutBias: WeightBuffer
    let attentionNormWeight: WeightBuffer
    let attentionNormBias: WeightBuffer
    /// [hidden, intermediate], pretransposed.
    let intermediate: WeightBuffer
    let intermediateBias: WeightBuffer
    /// [intermediate, hidden], pretransposed.
    let output: WeightBuffer
    let outputBias: WeightBuffer
    let outputNormWeight: WeightBuffer
    let outputNormBias: WeightBuffer
}

/// Every parameter of a BERT encoder (the pooler, which sentence embeddings do not use, is not loaded).
struct BertWeights: Sendable {
    let wordEmbeddings: WeightBuffer      // [vocab, hidden]
    let positionEmbeddings: WeightBuffer  // [max positions, hidden]
    let tokenTypeEmbeddings: WeightBuffer // [type vocab, hidden]
    let embeddingNormWeight: WeightBuffer
    let embeddingNormBias: WeightBuffer
    let layers: [BertLayerWeights]

    /// Reads the weights the configuration calls for from `url`, by Hugging Face name, with or without the
    /// `bert.` prefix of `BertFor…` checkpoints.
    static func load(contentsOf url: URL, config: BertConfig) throws(LanguageError) -> BertWeights {
        let reader = try SafetensorsTensorReader(url: url)
        try reader.validatePositionIds()
        return try assemble(config: config) { name, shape throws(LanguageError) in try reader.floats(name, shape) }
    }

    /// Lays out the parameters `fetch(name, shape)` returns (Hugging Face names, `[out, in]` weights as
    /// PyTorch stores them, row-major) for inference.
    static func assemble(
        config: BertConfig, fetch: (String, [Int]) throws(LanguageError) -> [Float]
    ) throws(LanguageError) -> BertWeights {
        let h = config.hiddenSize, inter = config.intermediateSize
        var layers: [BertLayerWeights] = []
        for l in 0..<config.numHiddenLayers {
            let p = "encoder.layer.\(l)."
            let scale = Float(1 / Double(config.headDim).squareRoot())
            let q = try fetch(p + "attention.self.query.weight", [h, h])
            let k = try fetch(p + "attention.self.key.weight", [h, h])
            let v = try fetch(p + "attention.self.value.weight", [h, h])
            let qb = try fetch(p + "attention.self.query.bias", [h])
            let kb = try fetch(p + "attention.self.key.bias", [h])
            let vb = try fetch(p + "attention.self.value.bias", [h])
            // Packed [in, 3·out]: qkv[i, j] = W_q[j, i]·scale, W_k[j - h, i], W_v[j - 2h, i].
            var packed = [Float](repeating: 0, count: h * 3 * h)
            for o in 0..<h {
                for i in 0..<h {
                    packed[i * 3 * h + o] = q[o * h + i] * scale
                    packed[i * 3 * h + h + o] = k[o * h + i]
                    packed[i * 3 * h + 2 * h + o] = v[o * h + i]
                }
            }
            layers.append(BertLayerWeights(
                qkv: WeightBuffer(packed),
                qkvBias: WeightBuffer(qb.map { $0 * scale } + kb + vb),
                attentionOut: WeightBuffer(transpose(try fetch(p + "attention.output.dense.weight", [h, h]), rows: h, cols: h)),
                attentionOutBias: WeightBuffer(try fetch(p + "attention.output.dense.bias", [h])),
                attentionNormWeight: WeightBuffer(try fetch(p + "attention.output.LayerNorm.weight", [h])),
                attentionNormBias: WeightBuffer(try fetch(p + "attention.output.LayerNorm.bias", [h])),
                intermediate: WeightBuffer(transpose(try fetch(p + "intermediate.dense.weight", [inter, h]), rows: inter, cols: h)),
                intermediateBias: WeightBuffer(try fetch(p + "intermediate.dense.bias", [inter])),
                output: WeightBuffer(transpose(try fetch(p + "output.dense.weight", [h, inter]), rows: h, cols: inter)),
                outputBias: WeightBuffer(try fetch(p + "output.dense.bias", [h])),
                outputNormWeight: WeightBuffer(try fetch(p + "output.LayerNorm.weight", [h])),
                outputNormBias: WeightBuffer(try fetch(p + "output.LayerNorm.bias", [h]))))
        }
        return BertWeights(
            wordEmbeddings: WeightBuffer(try fetch("embeddings.word_embeddings.weight", [config.vocabSize, h])),
            positionEmbeddings: WeightBuffer(try fetch("embeddings.position_embeddings.weight", [config.maxPositionEmbeddings, h])),
            tokenTypeEmbeddings: WeightBuffer(try fetch("embeddings.token_type_embeddings.weight", [config.typeVocabSize, h])),
            embeddingNormWeight: WeightBuffer(try fetch("embeddings.LayerNorm.weight", [h])),
            embeddingNormBias: WeightBuffer(try fetch("embeddings.LayerNorm.bias", [h])),
            layers: layers)
    }
}

/// `out[j, i] = a[i, j]` for a rows × cols row-major matrix.
func transpose(_ a: [Float], rows: Int, cols: Int) -> [Float] {
    var out = [Float](repeating: 0, count: a.count)
    for i in 0..<rows {
        for j in 0..<cols { out[j * rows + i] = a[i * cols + j] }
    }
    return out
}

/// Name lookup in a `model.safetensors` with the checkpoint's prefix, shape and dtype checks, and errors that
/// name the tensor.
struct SafetensorsTensorReader {
    let file: SafetensorsFile
    let path: String
    let prefix: String

    init(url: URL) throws(LanguageError) {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw .fileNotFound(path: url.path, what: "BERT weights (model.safetensors)")
        }
        do { file = try SafetensorsFile.read(contentsOf: url) } catch {
            throw .invalidWeightsFile(path: url.path, error: error)
        }
        path = url.path
        let anchor = "embeddings.word_embeddings.weight"
        if file.contains(anchor) {
            prefix = ""
        } else if file.contains("bert." + anchor) {
            prefix = "bert."
        } else {
            throw .missingTensor(name: anchor, path: path)
        }
    }

    /// A float tensor of exactly `shape` (F32, or F16 / BF16 widened to Float32), as its values.
    func floats(_ name: String, _ shape: [Int]) throws(LanguageError) -> [Float] {
        try tensor(name, shape).scalars
    }

    /// A float tensor of exactly `shape` (F32, or F16 / BF16 widened to Float32).
    func tensor(_ name: String, _ shape: [Int]) throws(LanguageError) -> Tensor {
        let full = prefix + name
        guard file.contains(full) else { throw .missingTensor(name: full, path: path) }
        let info: SafetensorsFile.TensorInfo
        let tensor: Tensor
        do {
            info = try file.info(full)
            guard info.shape == shape else { throw LanguageError.tensorShapeMismatch(name: full, expected: shape, found: info.shape) }
            guard [.f32, .f16, .bf16].contains(info.dtype) else {
                throw LanguageError.tensorDTypeMismatch(name: full, expected: "F32", found: info.dtype.rawValue)
            }
            tensor = try file.tensor(named: full)
        } catch let error as LanguageError {
            throw error
        } catch let error as SafetensorsError {
            throw .invalidWeightsFile(path: path, error: error)
        } catch {
            throw .malformedFile(path: path, detail: "tensor \"\(full)\": \(error)")
        }
        return tensor.dtype == .float32 ? tensor : tensor.to(.float32)
    }

    /// `embeddings.position_ids` (an I64 buffer in PyTorch checkpoints) is not used: absolute positions are
    /// always 0, 1, 2, … as transformers recreates them. It is checked only for being an integer tensor.
    func validatePositionIds() throws(LanguageError) {
        let full = prefix + "embeddings.position_ids"
        guard file.contains(full) else { return }
        let dtype: SafetensorsDType
        do { dtype = try file.info(full).dtype } catch { throw .invalidWeightsFile(path: path, error: error) }
        guard [.i64, .i32].contains(dtype) else {
            throw .tensorDTypeMismatch(name: full, expected: "I64", found: dtype.rawValue)
        }
    }
}
