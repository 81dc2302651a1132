// Errors from loading state into modules and from training.

/// What went wrong in the NeuralNetworks module: what, where, expected vs found.
public enum NeuralNetworkError: Error, Equatable, CustomStringConvertible {
    /// A state dict lacks tensors the module needs.
    case missingKeys([String])
    /// A state dict has tensors the module does not know (strict loading).
    case unexpectedKeys([String])
    /// A tensor's shape differs from the module's.
    case shapeMismatch(name: String, expected: [Int], found: [Int])
    /// A tensor's dtype cannot be loaded into this parameter.
    case dtypeMismatch(name: String, expected: String, found: String)
    /// A checkpoint is unreadable or inconsistent.
    case invalidCheckpoint(path: String, reason: String)
    /// Training produced a NaN or infinite loss.
    case nonFiniteLoss(epoch: Int, step: Int)
    /// Inputs do not match what the model or loss expects.
    case invalidInput(String)

    public var description: String {
        switch self {
        case .missingKeys(let keys):
            "state dict is missing \(keys.count) tensor(s): \(keys.prefix(8).joined(separator: ", "))\(keys.count > 8 ? ", …" : "")"
        case .unexpectedKeys(let keys):
            "state dict has \(keys.count) unexpected tensor(s): \(keys.prefix(8).joined(separator: ", "))\(keys.count > 8 ? ", …" : "")"
        case .shapeMismatch(let name, let expected, let found):
            "tensor '\(name)': the model expects shape \(expected), the file has \(found)"
        case .dtypeMismatch(let name, let expected, let found):
            "tensor '\(name)': expected dtype \(expected), found \(found)"
        case .invalidCheckpoint(let path, let reason):
            "checkpoint \(path): \(reason)"
        case .nonFiniteLoss(let epoch, let step):
            "training diverged: the loss is NaN or infinite at epoch \(epoch), step \(step) (lower the learning rate or clip gradients)"
        case .invalidInput(let message):
            message
        }
    }
}
