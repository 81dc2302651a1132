// The Module protocol: a tree of submodules, parameters and buffers with stable dotted names.
import Tensors

/// One direct child of a module: a submodule, a parameter or a buffer.
public enum ModuleChild {
    case module(any Module)
    case parameter(Parameter)
    case buffer(Buffer)
}

/// A building block of a neural network: owns parameters, buffers and submodules.
///
/// Children are found by reflection over stored properties, in declaration order, named by the property name
/// in snake_case (`selfAttn` → `self_attn`, `runningMean` → `running_mean`), arrays by index (`layers.0`), so
/// state-dict names match PyTorch's when the properties are named as PyTorch names its attributes. A module with
/// other naming needs overrides ``namedChildren``, or gives parameters an explicit name.
public protocol Module: AnyObject {
    /// The direct children and their names. The default implementation reflects over stored properties.
    var namedChildren: [(name: String, child: ModuleChild)] { get }
}

/// A module that maps one tensor to one tensor.
public protocol Layer: Module {
    func callAsFunction(_ input: Tensor) -> Tensor
}

/// A module whose behaviour differs between training and evaluation (Dropout, BatchNorm).
public protocol TrainingModeDependent: Module {
    var isTraining: Bool { get set }
}

extension Module {
    public var namedChildren: [(name: String, child: ModuleChild)] {
        var out: [(String, ModuleChild)] = []
        for entry in Mirror(reflecting: self).children {
            guard let label = entry.label, !label.hasPrefix("$") else { continue }
            collectChildren(entry.value, name: ModuleNaming.snakeCase(label.hasPrefix("_") ? String(label.dropFirst()) : label),
                            into: &out)
        }
        return out
    }

    /// Every parameter with its dotted name, depth first in declaration order.
    public func namedParameters() -> [(name: String, parameter: Parameter)] {
        var out: [(String, Parameter)] = []
        walk(prefix: "") { name, child in if case .parameter(let p) = child { out.append((name, p)) } }
        return out
    }

    /// Every parameter, in ``namedParameters()`` order.
    public func parameters() -> [Parameter] { namedParameters().map(\.parameter) }

    /// The parameters that are not frozen.
    public func trainableParameters() -> [Parameter] { parameters().filter { !$0.isFrozen } }

    /// Every buffer with its dotted name.
    public func namedBuffers() -> [(name: String, buffer: Buffer)] {
        var out: [(String, Buffer)] = []
        walk(prefix: "") { name, child in if case .buffer(let b) = child { out.append((name, b)) } }
        return out
    }

    /// This module and every submodule, with dotted names (the root is "").
    public func namedModules() -> [(name: String, module: any Module)] {
        var out: [(String, any Module)] = [("", self)]
        walk(prefix: "") { name, child in if case .module(let m) = child { out.append((name, m)) } }
        return out
    }

    /// Number of parameter elements (all, or only trainable ones).
    public func parameterCount(trainableOnly: Bool = false) -> Int {
        parameters().filter { !trainableOnly || !$0.isFrozen }.reduce(0) { $0 + $1.count }
    }

    /// Puts this module and every submodule in training mode (Dropout active, BatchNorm uses batch statistics).
    public func train() { setTraining(true) }

    /// Puts this module and every submodule in evaluation mode.
    public func eval() { setTraining(false) }

    /// Whether the module (or its first mode-dependent submodule) is in training mode; true when none depends on it.
    public var isInTrainingMode: Bool {
        for (_, m) in namedModules() { if let d = m as? any TrainingModeDependent { return d.isTraining } }
        return true
    }

    private func setTraining(_ on: Bool) {
        for (_, m) in namedModules() { if let d = m as? any TrainingModeDependent { d.isTraining = on } }
    }

    /// Freezes every parameter (or those whose name starts with `prefix`).
    public func freeze(prefix: String = "") {
        for (name, p) in namedParameters() where name.hasPrefix(prefix) { p.isFrozen = true }
    }

    /// Unfreezes every parameter (or those whose name starts with `prefix`).
    public func unfreeze(prefix: String = "") {
        for (name, p) in namedParameters() where name.hasPrefix(prefix) { p.isFrozen = false }
    }

    /// Calls `visit` for every descendant with its full dotted name.
    func walk(prefix: String, _ visit: (String, ModuleChild) -> Void) {
        for (name, child) in namedChildren {
            let full = prefix.isEmpty ? name : prefix + "." + name
            visit(full, child)
            if case .module(let m) = child { m.walk(prefix: full, visit) }
        }
    }
}

/// Naming rules for reflected children.
enum ModuleNaming {
    /// `selfAttn` → `self_attn`, `linear1` → `linear1`, `weightIhL0` → `weight_ih_l0`.
    static func snakeCase(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ch.isUppercase {
                if !out.isEmpty { out.append("_") }
                out.append(contentsOf: ch.lowercased())
            } else {
                out.append(ch)
            }
        }
        return out
    }
}

/// Adds the children found in a reflected property value (a child, an optional, or an array of children).
private func collectChildren(_ value: Any, name: String, into out: inout [(String, ModuleChild)]) {
    switch value {
    case let p as Parameter: out.append((name, .parameter(p)))
    case let b as Buffer: out.append((name, .buffer(b)))
    case let m as any Module: out.append((name, .module(m)))
    case let ms as [any Module]:
        for (i, m) in ms.enumerated() { out.append(("\(name).\(i)", .module(m))) }
    case let ps as [Parameter]:
        for (i, p) in ps.enumerated() { out.append(("\(name).\(i)", .parameter(p))) }
    case let bs as [Buffer]:
        for (i, b) in bs.enumerated() { out.append(("\(name).\(i)", .buffer(b))) }
    default:
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional, let some = mirror.children.first {
            collectChildren(some.value, name: name, into: &out)
        }
    }
}
