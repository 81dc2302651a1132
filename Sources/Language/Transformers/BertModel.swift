// BERT as a trainable NeuralNetworks module tree, with Hugging Face's state-dict names, for fine-tuning.
//
// The module tree mirrors transformers' BertModel (embeddings, encoder.layer.N.attention.self.query, …,
// *.LayerNorm), so `stateDict()` and `loadStateDict` speak checkpoint names directly. It runs on Tensors with the
// autodiff tape (and dropout in training mode); for inference, ``BertEncoder/init(model:)`` turns its weights into
// the fast packed path.
import Foundation
import NeuralNetworks
import Tensors

/// A trainable BERT encoder (Hugging Face `BertModel` without the pooler).
///
/// ```swift
/// let model = try BertModel(directory: folder)          // config.json + model.safetensors
/// let hidden = model(inputIds: ids, attentionMask: mask) // [batch, length, hidden]
/// let fast = try BertEncoder(model: model)              // after fine-tuning: the packed inference path
/// ```
public final class BertModel: Module {
    public let config: BertConfig
    public let embeddings: Embeddings
    public let encoder: Encoder

    public var namedChildren: [(name: String, child: ModuleChild)] {
        [("embeddings", .module(embeddings)), ("encoder", .module(encoder))]
    }

    /// A freshly initialised model (NeuralNetworks' default initialisers, seeded by the initialisation scope).
    public init(config: BertConfig, hiddenDropout: Double = 0.1, attentionDropout: Double = 0.1) throws(LanguageError) {
        try config.validate()
        self.config = config
        embeddings = Embeddings(config, dropout: hiddenDropout)
        encoder = Encoder(config, hiddenDropout: hiddenDropout, attentionDropout: attentionDropout)
    }

    /// Loads `config.json` and `model.safetensors` (names with or without the `bert.` prefix) into a new model,
    /// with the checks and errors of ``BertEncoder/init(directory:)``.
    public convenience init(directory: URL, hiddenDropout: Double = 0.1, attentionDropout: Double = 0.1) throws(LanguageError) {
        let config = try BertConfig.load(contentsOf: directory.appendingPathComponent("config.json"))
        try self.init(config: config, hiddenDropout: hiddenDropout, attentionDropout: attentionDropout)
        let reader = try SafetensorsTensorReader(url: directory.appendingPathComponent("model.safetensors"))
        try reader.validatePositionIds()
        var state: [String: Tensor] = [:]
        for (name, tensor) in stateDict() { state[name] = try reader.tensor(name, tensor.shape) }
        do { try loadStateDict(state) } catch {
            throw .malformedFile(path: reader.path, detail: "cannot load the weights: \(error)")
        }
    }

    /// `last_hidden_state` `[batch, length, hidden]` for integer `inputIds` `[batch, length]`; `tokenTypeIds`
    /// defaults to zeros and `attentionMask` (1 = token, 0 = padding) to all ones. Positions are 0 ..< length.
    public func callAsFunction(inputIds: Tensor, tokenTypeIds: Tensor? = nil, attentionMask: Tensor? = nil) -> Tensor {
        precondition(inputIds.rank == 2 && inputIds.dtype.isInteger, "BertModel: inputIds must be an integer [batch, length] tensor, got \(inputIds.dtype) \(inputIds.shape)")
        let b = inputIds.shape[0], l = inputIds.shape[1]
        // Additive mask [batch, 1, 1, length]: 0 for tokens, the most negative float for padding (as transformers).
        var bias: Tensor?
        if let attentionMask {
            precondition(attentionMask.shape == inputIds.shape, "BertModel: attentionMask \(attentionMask.shape) must match inputIds \(inputIds.shape)")
            let keep = attentionMask.to(.float32).scalars
            bias = Tensor(keep.map { $0 != 0 ? Float(0) : -Float.greatestFiniteMagnitude }, shape: [b, 1, 1, l])
        }
        let x = embeddings(inputIds: inputIds, tokenTypeIds: tokenTypeIds ?? Tensor.zeros([b, l], dtype: inputIds.dtype))
        return encoder(x, attentionBias: bias)
    }

    /// `embeddings`: word + position + token type, LayerNorm, dropout.
    public final class Embeddings: Module {
        public let wordEmbeddings: NeuralNetworks.Embedding
        public let positionEmbeddings: NeuralNetworks.Embedding
        public let tokenTypeEmbeddings: NeuralNetworks.Embedding
        public let layerNorm: LayerNorm
        public let dropout: Dropout

        init(_ c: BertConfig, dropout p: Double) {
            wordEmbeddings = Embedding(c.vocabSize, c.hiddenSize, paddingIndex: c.padTokenId)
            positionEmbeddings = Embedding(c.maxPositionEmbeddings, c.hiddenSize)
            tokenTypeEmbeddings = Embedding(c.typeVocabSize, c.hiddenSize)
            layerNorm = LayerNorm([c.hiddenSize], epsilon: c.layerNormEps)
            dropout = Dropout(probability: p)
        }

        public var namedChildren: [(name: String, child: ModuleChild)] {
            [("word_embeddings", .module(wordEmbeddings)), ("position_embeddings", .module(positionEmbeddings)),
             ("token_type_embeddings", .module(tokenTypeEmbeddings)), ("LayerNorm", .module(layerNorm)),
             ("dropout", .module(dropout))]
        }

        func callAsFunction(inputIds: Tensor, tokenTypeIds: Tensor) -> Tensor {
            let l = inputIds.shape[1]
            let positions = Tensor((0..<l).map { Int64($0) }, shape: [1, l])
            return dropout(layerNorm(wordEmbeddings(inputIds) + positionEmbeddings(positions) + tokenTypeEmbeddings(tokenTypeIds)))
        }
    }

    /// `encoder`: the stack of layers (`encoder.layer.N`).
    public final class Encoder: Module {
        public let layer: [EncoderLayer]

        init(_ c: BertConfig, hiddenDropout: Double, attentionDropout: Double) {
            layer = (0..<c.numHiddenLayers).map { _ in EncoderLayer(c, hiddenDropout: hiddenDropout, attentionDropout: attentionDropout) }
        }

        func callAsFunction(_ x: Tensor, attentionBias: Tensor?) -> Tensor {
            layer.reduce(x) { h, l in l(h, attentionBias: attentionBias) }
        }
    }

    /// One post-norm layer: `attention` (self-attention + output), `intermediate`, `output`.
    public final class EncoderLayer: Module {
        public let attention: Attention
        public let intermediate: Intermediate
        public let output: DenseNorm

        init(_ c: BertConfig, hiddenDropout: Double, attentionDropout: Double) {
            attention = Attention(c, hiddenDropout: hiddenDropout, attentionDropout: attentionDropout)
            intermediate = Intermediate(c)
            output = DenseNorm(c.intermediateSize, c.hiddenSize, epsilon: c.layerNormEps, dropout: hiddenDropout)
        }

        func callAsFunction(_ x: Tensor, attentionBias: Tensor?) -> Tensor {
            let a = attention(x, attentionBias: attentionBias)
            return output(intermediate(a), residual: a)
        }
    }

    /// `attention`: `self` (query, key, value) and `output` (dense + LayerNorm with the residual).
    public final class Attention: Module {
        public let selfAttention: SelfAttention
        public let output: DenseNorm

        init(_ c: BertConfig, hiddenDropout: Double, attentionDropout: Double) {
            selfAttention = SelfAttention(c, dropout: attentionDropout)
            output = DenseNorm(c.hiddenSize, c.hiddenSize, epsilon: c.layerNormEps, dropout: hiddenDropout)
        }

        public var namedChildren: [(name: String, child: ModuleChild)] {
            [("self", .module(selfAttention)), ("output", .module(output))]
        }

        func callAsFunction(_ x: Tensor, attentionBias: Tensor?) -> Tensor {
            output(selfAttention(x, attentionBias: attentionBias), residual: x)
        }
    }

    /// `attention.self`: multi-head scaled dot-product attention with dropout on the probabilities.
    public final class SelfAttention: Module {
        public let query: Linear
        public let key: Linear
        public let value: Linear
        public let dropout: Dropout
        let heads: Int

        init(_ c: BertConfig, dropout p: Double) {
            query = Linear(c.hiddenSize, c.hiddenSize)
            key = Linear(c.hiddenSize, c.hiddenSize)
            value = Linear(c.hiddenSize, c.hiddenSize)
            dropout = Dropout(probability: p)
            heads = c.numAttentionHeads
        }

        func callAsFunction(_ x: Tensor, attentionBias: Tensor?) -> Tensor {
            let b = x.shape[0], l = x.shape[1], h = x.shape[2], d = h / heads
            func split(_ t: Tensor) -> Tensor { t.reshaped([b, l, heads, d]).permuted([0, 2, 1, 3]) }
            let q = split(query(x) * (1 / Double(d).squareRoot())), k = split(key(x)), v = split(value(x))
            var scores = q.matmul(k.transposed())
            if let attentionBias { scores = scores + attentionBias }
            let context = dropout(scores.softmax(axis: -1)).matmul(v)
            return context.permuted([0, 2, 1, 3]).reshaped([b, l, h])
        }
    }

    /// `intermediate`: dense + activation.
    public final class Intermediate: Module {
        public let dense: Linear
        let activation: BertActivation

        init(_ c: BertConfig) {
            dense = Linear(c.hiddenSize, c.intermediateSize)
            activation = BertActivation(configName: c.hiddenAct) ?? .geluErf
        }

        func callAsFunction(_ x: Tensor) -> Tensor {
            let y = dense(x)
            switch activation {
            case .geluErf: return y.gelu()
            case .geluTanh: return y.gelu(approximate: true)
            case .relu: return y.relu()
            }
        }
    }

    /// `attention.output` and `output`: `LayerNorm(dropout(dense(x)) + residual)`.
    public final class DenseNorm: Module {
        public let dense: Linear
        public let layerNorm: LayerNorm
        public let dropout: Dropout

        init(_ input: Int, _ output: Int, epsilon: Double, dropout p: Double) {
            dense = Linear(input, output)
            layerNorm = LayerNorm([output], epsilon: epsilon)
            dropout = Dropout(probability: p)
        }

        public var namedChildren: [(name: String, child: ModuleChild)] {
            [("dense", .module(dense)), ("LayerNorm", .module(layerNorm)), ("dropout", .module(dropout))]
        }

        func callAsFunction(_ x: Tensor, residual: Tensor) -> Tensor {
            layerNorm(dropout(dense(x)) + residual)
        }
    }
}

extension BertEncoder {
    /// The fast inference path with a ``BertModel``'s current weights (for example after fine-tuning).
    public convenience init(model: BertModel) throws(LanguageError) {
        let state = model.stateDict()
        try self.init(config: model.config) { name, shape throws(LanguageError) in
            guard let t = state[name] else { throw .missingTensor(name: name, path: "BertModel state dict") }
            guard t.shape == shape else { throw .tensorShapeMismatch(name: name, expected: shape, found: t.shape) }
            return (t.dtype == .float32 ? t : t.to(.float32)).scalars
        }
    }
}
