// One line saying what is wrong with a JSON file that JSONDecoder rejected, for the typed errors of every module
// that reads JSON configs (run directories, pretrained model configs): DecodingError's own description is a
// nested dump of coding paths and contexts.
import Foundation

/// "key \"hidden_size\": expected Int" style text for a JSONDecoder failure; any other error's localized text.
public func describeDecodingError(_ error: any Error) -> String {
    func path(_ keys: [any CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }
    switch error as? DecodingError {
    case let .typeMismatch(type, context)?: return "key \"\(path(context.codingPath))\": expected \(type)"
    case let .valueNotFound(type, context)?: return "key \"\(path(context.codingPath))\": expected \(type), found null"
    case let .keyNotFound(key, context)?: return "missing key \"\(path(context.codingPath + [key]))\""
    case let .dataCorrupted(context)?:
        return "invalid JSON\(context.codingPath.isEmpty ? "" : " at \"\(path(context.codingPath))\""): \(context.debugDescription)"
    default: return "invalid JSON: \(error.localizedDescription)"
    }
}
