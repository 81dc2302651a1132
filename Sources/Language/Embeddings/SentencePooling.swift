// How sentence-transformers turns token vectors into one sentence vector (its `Pooling` module, configured by
// `1_Pooling/config.json`).
import Foundation

/// The pooling modes of a sentence-transformers `Pooling` module. When several are on, their vectors are
/// concatenated in sentence-transformers' order: CLS, max, mean, mean·√n.
public struct SentencePooling: Equatable, Sendable {
    public var clsToken: Bool
    public var maxTokens: Bool
    public var meanTokens: Bool
    /// Sum divided by √(token count).
    public var meanSqrtLenTokens: Bool

    public init(clsToken: Bool = false, maxTokens: Bool = false, meanTokens: Bool = true, meanSqrtLenTokens: Bool = false) {
        self.clsToken = clsToken
        self.maxTokens = maxTokens
        self.meanTokens = meanTokens
        self.meanSqrtLenTokens = meanSqrtLenTokens
    }

    /// Mean over the attention mask: all-MiniLM-L6-v2's pooling.
    public static let mean = SentencePooling()

    /// The number of concatenated vectors.
    public var modeCount: Int { [clsToken, maxTokens, meanTokens, meanSqrtLenTokens].filter { $0 }.count }

    /// Reads `1_Pooling/config.json`. Unknown keys are ignored; modes sentence-transformers has but this type
    /// does not (weighted mean, last token) throw if switched on.
    public static func load(contentsOf url: URL, hiddenSize: Int) throws(LanguageError) -> SentencePooling {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw .fileNotFound(path: url.path, what: "pooling config (1_Pooling/config.json)")
        }
        let object: [String: Any]
        do {
            guard let o = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
                throw LanguageError.malformedFile(path: url.path, detail: "expected a JSON object")
            }
            object = o
        } catch let error as LanguageError {
            throw error
        } catch {
            throw .malformedFile(path: url.path, detail: "invalid JSON: \(error.localizedDescription)")
        }
        func flag(_ key: String) throws(LanguageError) -> Bool {
            guard let value = object[key] else { return false }
            guard let b = value as? Bool else {
                throw .invalidConfig(path: url.path, key: key, detail: "must be true or false")
            }
            return b
        }
        for unsupported in ["pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken"] {
            guard try flag(unsupported) else { continue }
            throw .unsupportedComponent(path: url.path, component: "pooling mode", kind: unsupported,
                                        supported: ["pooling_mode_cls_token", "pooling_mode_max_tokens",
                                                    "pooling_mode_mean_tokens", "pooling_mode_mean_sqrt_len_tokens"])
        }
        if let width = object["word_embedding_dimension"] {
            guard let w = width as? Int, w == hiddenSize else {
                throw .invalidConfig(path: url.path, key: "word_embedding_dimension",
                                     detail: "must equal the model's hidden_size \(hiddenSize), found \(width)")
            }
        }
        let pooling = SentencePooling(
            clsToken: try flag("pooling_mode_cls_token"), maxTokens: try flag("pooling_mode_max_tokens"),
            meanTokens: try flag("pooling_mode_mean_tokens"), meanSqrtLenTokens: try flag("pooling_mode_mean_sqrt_len_tokens"))
        guard pooling.modeCount > 0 else {
            throw .invalidConfig(path: url.path, key: "pooling_mode_mean_tokens", detail: "no pooling mode is switched on")
        }
        return pooling
    }

    /// Pools `count` token vectors of width `width` (row-major at `tokens`) into `out` (modeCount·width floats).
    /// An empty sequence pools to zeros (sentence-transformers clamps the token count at 1e-9).
    func pool(_ tokens: UnsafePointer<Float>, count: Int, width: Int, into out: UnsafeMutablePointer<Float>) {
        var o = out
        if clsToken {
            for j in 0..<width { o[j] = count > 0 ? tokens[j] : 0 }
            o += width
        }
        if maxTokens {
            for j in 0..<width { o[j] = count > 0 ? tokens[j] : 0 }
            if count > 1 {
                for t in 1..<count {
                    let row = tokens + t * width
                    for j in 0..<width where row[j] > o[j] { o[j] = row[j] }
                }
            }
            o += width
        }
        if meanTokens || meanSqrtLenTokens {
            let sum = UnsafeMutablePointer<Float>.allocate(capacity: width)
            defer { sum.deallocate() }
            sum.initialize(repeating: 0, count: width)
            for t in 0..<count {
                let row = tokens + t * width
                for j in 0..<width { sum[j] += row[j] }
            }
            let n = Float(Swift.max(count, 1))
            if meanTokens {
                for j in 0..<width { o[j] = sum[j] / n }
                o += width
            }
            if meanSqrtLenTokens {
                let r = n.squareRoot()
                for j in 0..<width { o[j] = sum[j] / r }
            }
        }
    }
}
