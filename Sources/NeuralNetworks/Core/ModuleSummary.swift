// A readable summary of a module tree: every submodule with its type, parameter shapes and counts.
import Tensors

extension Module {
    /// One line per module (indented by depth) with its type and the shapes of its own parameters, then the
    /// total and trainable parameter counts, like Keras' `summary()` or `print(model)` in PyTorch.
    public func summary() -> String {
        var lines: [String] = []
        let total = parameterCount(), trainable = parameterCount(trainableOnly: true)
        for (name, module) in namedModules() {
            let depth = name.isEmpty ? 0 : name.split(separator: ".").count
            let own = module.namedChildren.compactMap { child -> String? in
                if case .parameter(let p) = child.child { return "\(child.name) \(p.shape)\(p.isFrozen ? " (frozen)" : "")" }
                return nil
            }
            let count = module.namedChildren.reduce(0) { sum, child in
                if case .parameter(let p) = child.child { return sum + p.count }
                return sum
            }
            let label = (name.isEmpty ? "" : "(\(name.split(separator: ".").last!)) ") + "\(type(of: module))"
            var line = String(repeating: "  ", count: depth) + label
            if !own.isEmpty { line += "  " + own.joined(separator: ", ") + "  = \(count)" }
            lines.append(line)
        }
        lines.append("parameters: \(total) (\(trainable) trainable, \(total - trainable) frozen)")
        return lines.joined(separator: "\n")
    }
}
