// A BERT architecture as Hugging Face's `config.json` describes it (transformers' `BertConfig`).
import Foundation
import Tensors

/// The hyper-parameters of a BERT encoder, decoded from a Hugging Face `config.json`.
///
/// Keys follow `transformers.BertConfig`; absent optional keys take its defaults. ``validate(path:)`` rejects
/// values this encoder cannot run (any `hidden_act` other than `gelu`, `gelu_new` and `relu`; any
/// `position_embedding_type` other than `absolute`; sizes that do not divide).
public struct BertConfig: Codable, Equatable, Sendable {
    public var vocabSize: Int
    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var intermediateSize: Int
    /// `gelu` (exact erf GELU), `gelu_new` (tanh approximation) or `relu`.
    public var hiddenAct: String
    public var maxPositionEmbeddings: Int
    public var typeVocabSize: Int
    public var layerNormEps: Double
    public var padTokenId: Int
    /// Only `absolute` is supported.
    public var positionEmbeddingType: String

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size", hiddenSize = "hidden_size", numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads", intermediateSize = "intermediate_size"
        case hiddenAct = "hidden_act", maxPositionEmbeddings = "max_position_embeddings"
        case typeVocabSize = "type_vocab_size", layerNormEps = "layer_norm_eps", padTokenId = "pad_token_id"
        case positionEmbeddingType = "position_embedding_type"
    }

    public init(vocabSize: Int, hiddenSize: Int, numHiddenLayers: Int, numAttentionHeads: Int, intermediateSize: Int,
                hiddenAct: String = "gelu", maxPositionEmbeddings: Int = 512, typeVocabSize: Int = 2,
                layerNormEps: Double = 1e-12, padTokenId: Int = 0, positionEmbeddingType: String = "absolute") {
        self.vocabSize = vocabSize
        self.hiddenSize = hiddenSize
        self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads
        self.intermediateSize = intermediateSize
        self.hiddenAct = hiddenAct
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.typeVocabSize = typeVocabSize
        self.layerNormEps = layerNormEps
        self.padTokenId = padTokenId
        self.positionEmbeddingType = positionEmbeddingType
    }

    public init(from decoder: any Decoder) throws {
        // transformers.BertConfig defaults for the keys a config may leave out.
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            vocabSize: try c.decodeIfPresent(Int.self, forKey: .vocabSize) ?? 30522,
            hiddenSize: try c.decodeIfPresent(Int.self, forKey: .hiddenSize) ?? 768,
            numHiddenLayers: try c.decodeIfPresent(Int.self, forKey: .numHiddenLayers) ?? 12,
            numAttentionHeads: try c.decodeIfPresent(Int.self, forKey: .numAttentionHeads) ?? 12,
            intermediateSize: try c.decodeIfPresent(Int.self, forKey: .intermediateSize) ?? 3072,
            hiddenAct: try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? "gelu",
            maxPositionEmbeddings: try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 512,
            typeVocabSize: try c.decodeIfPresent(Int.self, forKey: .typeVocabSize) ?? 2,
            layerNormEps: try c.decodeIfPresent(Double.self, forKey: .layerNormEps) ?? 1e-12,
            padTokenId: try c.decodeIfPresent(Int.self, forKey: .padTokenId) ?? 0,
            positionEmbeddingType: try c.decodeIfPresent(String.self, forKey: .positionEmbeddingType) ?? "absolute")
    }

    /// The width of one attention head.
    public var headDim: Int { hiddenSize / numAttentionHeads }

    /// Reads and validates `config.json`.
    /// - Throws: ``LanguageError/fileNotFound(path:what:)``, ``LanguageError/malformedFile(path:detail:)`` for JSON
    ///   that does not decode (the key and the reason), ``LanguageError/invalidConfig(path:key:detail:)`` and
    ///   ``LanguageError/unsupportedComponent(path:component:kind:supported:)`` from ``validate(path:)``.
    public static func load(contentsOf url: URL) throws(LanguageError) -> BertConfig {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw .fileNotFound(path: url.path, what: "BERT config.json")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .malformedFile(path: url.path, detail: "cannot read: \(error.localizedDescription)")
        }
        let config: BertConfig
        do { config = try JSONDecoder().decode(BertConfig.self, from: data) } catch {
            throw .malformedFile(path: url.path, detail: describeDecodingError(error))
        }
        try config.validate(path: url.path)
        return config
    }

    /// Checks that this encoder can run the configuration.
    public func validate(path: String = "config.json") throws(LanguageError) {
        let positive: [(String, Int)] = [
            ("vocab_size", vocabSize), ("hidden_size", hiddenSize), ("num_hidden_layers", numHiddenLayers),
            ("num_attention_heads", numAttentionHeads), ("intermediate_size", intermediateSize),
            ("max_position_embeddings", maxPositionEmbeddings), ("type_vocab_size", typeVocabSize),
        ]
        for (key, value) in positive where value <= 0 {
            throw .invalidConfig(path: path, key: key, detail: "must be positive, found \(value)")
        }
        // Bounds so that no product of sizes can overflow or ask for absurd memory.
        for (key, value) in positive where value > 1 << 24 {
            throw .invalidConfig(path: path, key: key, detail: "is implausibly large (\(value))")
        }
        if hiddenSize % numAttentionHeads != 0 {
            throw .invalidConfig(path: path, key: "num_attention_heads",
                                 detail: "must divide hidden_size \(hiddenSize), found \(numAttentionHeads)")
        }
        if !(layerNormEps > 0 && layerNormEps.isFinite) {
            throw .invalidConfig(path: path, key: "layer_norm_eps", detail: "must be a positive number, found \(layerNormEps)")
        }
        if padTokenId < 0 || padTokenId >= vocabSize {
            throw .invalidConfig(path: path, key: "pad_token_id", detail: "must be in 0..<\(vocabSize), found \(padTokenId)")
        }
        guard BertActivation(configName: hiddenAct) != nil else {
            throw .unsupportedComponent(path: path, component: "hidden_act", kind: hiddenAct,
                                        supported: BertActivation.supportedNames)
        }
        guard positionEmbeddingType == "absolute" else {
            throw .unsupportedComponent(path: path, component: "position_embedding_type", kind: positionEmbeddingType,
                                        supported: ["absolute"])
        }
    }
}

/// The feed-forward activations a BERT config may name.
enum BertActivation {
    case geluErf, geluTanh, relu

    static let supportedNames = ["gelu", "gelu_new", "gelu_pytorch_tanh", "relu"]

    init?(configName: String) {
        switch configName {
        case "gelu": self = .geluErf
        case "gelu_new", "gelu_pytorch_tanh": self = .geluTanh
        case "relu": self = .relu
        default: return nil
        }
    }
}
