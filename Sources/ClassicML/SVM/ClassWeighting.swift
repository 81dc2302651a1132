// Per-class multipliers of the SVM penalty C (scikit-learn's `class_weight`).

/// How the penalty C is scaled per class: class `k`'s samples get bound `C · weight(k)`.
public enum ClassWeighting: Codable, Equatable, Sendable {
    /// Every class weighs 1.
    case uniform
    /// `samples / (classes · samples of the class)`, so rare classes weigh more (scikit-learn's `"balanced"`).
    case balanced
    /// Explicit weights by class label; labels not listed weigh 1.
    case custom([Double: Double])

    /// The weight of each class, in the order of `classes`; `codes` are the training rows' class indices.
    func weights(classes: [Double], codes: [Int]) throws(ClassicMLError) -> [Double] {
        switch self {
        case .uniform:
            return [Double](repeating: 1, count: classes.count)
        case .balanced:
            var counts = [Double](repeating: 0, count: classes.count)
            for c in codes { counts[c] += 1 }
            return counts.map { Double(codes.count) / (Double(classes.count) * $0) }
        case let .custom(table):
            for (label, w) in table where !(w > 0 && w.isFinite) {
                throw .invalidHyperparameter(name: "classWeighting[\(label)]", value: "\(w)", expected: "a finite weight > 0")
            }
            return classes.map { table[$0] ?? 1 }
        }
    }
}
