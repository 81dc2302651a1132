// State dicts: every parameter and buffer by dotted name, as PyTorch's `state_dict()`.
import Tensors

extension Module {
    /// Every parameter and buffer by dotted name (detached values, sharing storage).
    public func stateDict() -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        walk(prefix: "") { name, child in
            switch child {
            case .parameter(let p): out[name] = p.value.detached()
            case .buffer(let b): out[name] = b.value
            case .module: break
            }
        }
        return out
    }

    /// Loads parameters and buffers by name. Shapes must match exactly; float dtypes are converted to the
    /// module's. With `strict`, missing and unexpected names are errors (as PyTorch's `load_state_dict`);
    /// nothing is modified unless every check passes.
    public func loadStateDict(_ state: [String: Tensor], strict: Bool = true) throws(NeuralNetworkError) {
        var targets: [(String, ModuleChild)] = []
        walk(prefix: "") { name, child in
            if case .module = child { return }
            targets.append((name, child))
        }
        let known = Set(targets.map(\.0))
        let missing = targets.map(\.0).filter { state[$0] == nil }
        if strict && !missing.isEmpty { throw .missingKeys(missing.sorted()) }
        let unexpected = state.keys.filter { !known.contains($0) }
        if strict && !unexpected.isEmpty { throw .unexpectedKeys(unexpected.sorted()) }
        // Check everything before writing anything.
        var plan: [(ModuleChild, Tensor)] = []
        for (name, child) in targets {
            guard let t = state[name] else { continue }
            let current: Tensor
            switch child {
            case .parameter(let p): current = p.value
            case .buffer(let b): current = b.value
            case .module: continue
            }
            guard t.shape == current.shape else { throw .shapeMismatch(name: name, expected: current.shape, found: t.shape) }
            let compatible = t.dtype == current.dtype || (t.dtype.isFloatingPoint && current.dtype.isFloatingPoint)
                || (t.dtype.isInteger && current.dtype.isInteger)
            guard compatible else { throw .dtypeMismatch(name: name, expected: "\(current.dtype)", found: "\(t.dtype)") }
            plan.append((child, t.to(current.dtype).detached()))
        }
        for (child, t) in plan {
            switch child {
            case .parameter(let p): p.value = t
            case .buffer(let b): b.value = t
            case .module: break
            }
        }
    }
}
