// What a fitted model saves: its kind, its configuration as JSON and its arrays as tensors.
import Foundation
import Tensors

/// A fitted model's saved form: `kind` names the model type, `configuration` is its JSON (hyperparameters and
/// scalar state), `tensors` its arrays. Stored as one safetensors file with the first two in the metadata.
public struct ModelArchive: Sendable {
    public var kind: String
    public var configuration: Data
    public var tensors: [String: Tensor]

    public init<C: Encodable>(kind: String, configuration: C, tensors: [String: Tensor]) throws(ClassicMLError) {
        self.kind = kind
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            self.configuration = try encoder.encode(configuration)
        } catch {
            throw .invalidArchive("cannot encode the configuration of \(kind): \(error)")
        }
        self.tensors = tensors
    }

    init(metadata: [String: String], tensors: [String: Tensor]) throws(ClassicMLError) {
        guard metadata["format"] == ModelArchive.format, let kind = metadata["kind"], let json = metadata["configuration"] else {
            throw .invalidArchive("not a SwiftLearn classical model (metadata format \(metadata["format"] ?? "missing"))")
        }
        self.kind = kind
        self.configuration = Data(json.utf8)
        self.tensors = tensors
    }

    static let format = "swiftlearn-classicml-1"

    var metadata: [String: String] {
        ["format": ModelArchive.format, "kind": kind, "configuration": String(decoding: configuration, as: UTF8.self)]
    }

    /// Decodes the configuration, checking the kind first.
    public func configuration<C: Decodable>(as type: C.Type, kind expected: String) throws(ClassicMLError) -> C {
        guard kind == expected else { throw .invalidArchive("the file holds a \(kind), not a \(expected)") }
        do {
            return try JSONDecoder().decode(C.self, from: configuration)
        } catch {
            throw .invalidArchive("\(expected) configuration is unreadable: \(error)")
        }
    }

    /// A saved tensor, checking its presence and shape.
    public func tensor(_ name: String, shape: [Int]? = nil) throws(ClassicMLError) -> Tensor {
        guard let t = tensors[name] else { throw .invalidArchive("tensor '\(name)' is missing") }
        if let shape, t.shape != shape { throw .invalidArchive("tensor '\(name)' has shape \(t.shape), expected \(shape)") }
        return t
    }
}
