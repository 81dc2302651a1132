// The typed errors of the Language module: files that enter from outside (tokenizer.json, vocab.txt, config.json,
// model.safetensors, index files) and arguments that cannot be honoured. Each case says what and where.
import Foundation
import Tensors

/// Why a tokenizer, a pretrained model, an embedder or an index could not be built, loaded, saved or used.
public enum LanguageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file the operation needs does not exist (`what` says which file it should have been).
    case fileNotFound(path: String, what: String)
    /// A file exists but could not be parsed: `detail` says where and what was expected.
    case malformedFile(path: String, detail: String)
    /// A `tokenizer.json` (or other component) of a kind SwiftLearn does not implement.
    case unsupportedComponent(path: String, component: String, kind: String, supported: [String])
    /// A configuration value that is missing or outside what the architecture allows.
    case invalidConfig(path: String, key: String, detail: String)
    /// A weight the architecture needs is not in the weights file.
    case missingTensor(name: String, path: String)
    /// A weight has another shape than the configuration implies.
    case tensorShapeMismatch(name: String, expected: [Int], found: [Int])
    /// A weight has a dtype the architecture cannot use.
    case tensorDTypeMismatch(name: String, expected: String, found: String)
    /// Bytes that are not valid UTF-8 where text is required (`location` says where, e.g. "line 12").
    case invalidUTF8(location: String)
    /// A vector of another width than the index or model expects.
    case dimensionMismatch(what: String, expected: Int, found: Int)
    /// An argument outside the values it may take: `detail` says which and what would be accepted.
    case invalidArgument(String)

    // Retrieval
    /// A vector that cannot be indexed or searched: NaN or infinite entries, or (for cosine) zero length.
    /// `index` is its position in the batch that was passed.
    case invalidVector(index: Int, detail: String)

    // Pretrained models
    /// A weights file (`model.safetensors`) exists but the safetensors reader rejected it (truncated, corrupt
    /// header, offsets out of range, ...): `error` is the reader's own verdict.
    case invalidWeightsFile(path: String, error: SafetensorsError)
    /// An output file (embeddings `.npy`) could not be written; the previous file, if any, is unchanged.
    case writeFailed(path: String, detail: String)

    public var description: String {
        switch self {
        case let .fileNotFound(path, what): "\(what) not found at \(path)"
        case let .malformedFile(path, detail): "\(path): \(detail)"
        case let .unsupportedComponent(path, component, kind, supported):
            "\(path): \(component) of type \"\(kind)\" is not supported (supported: \(supported.joined(separator: ", ")))"
        case let .invalidConfig(path, key, detail): "\(path): \"\(key)\" \(detail)"
        case let .missingTensor(name, path): "\(path): tensor \"\(name)\" is missing"
        case let .tensorShapeMismatch(name, expected, found): "tensor \"\(name)\": expected shape \(expected), found \(found)"
        case let .tensorDTypeMismatch(name, expected, found): "tensor \"\(name)\": expected dtype \(expected), found \(found)"
        case let .invalidUTF8(location): "\(location): not valid UTF-8"
        case let .dimensionMismatch(what, expected, found): "\(what): expected width \(expected), found \(found)"
        case let .invalidArgument(detail): detail
        case let .invalidVector(index, detail): "vector \(index): \(detail)"
        case let .invalidWeightsFile(path, error): "\(path): not a valid safetensors file: \(error)"
        case let .writeFailed(path, detail): "cannot write \(path): \(detail)"
        }
    }
}
