// The hyperparameters trees and forests share: split criterion, feature subsampling, size limits.
import Foundation

/// How a classification tree measures node impurity.
public enum ClassificationCriterion: String, Codable, Sendable, Equatable {
    /// Gini impurity `1 − Σ pₖ²` (scikit-learn's default).
    case gini
    /// Shannon entropy `−Σ pₖ log₂ pₖ` (information gain).
    case entropy
}

/// How many features a split considers (scikit-learn's `max_features`).
public enum MaxFeatures: Codable, Sendable, Equatable {
    /// Every feature (deterministic CART).
    case all
    /// `max(1, ⌊√features⌋)`.
    case sqrt
    /// `max(1, ⌊log₂ features⌋)`.
    case log2
    /// A fixed count (clamped to the number of features).
    case count(Int)
    /// A fraction of the features: `max(1, ⌊fraction × features⌋)`.
    case fraction(Double)

    /// The number of features examined per split for `features` columns.
    func resolve(features: Int) -> Int {
        let n = switch self {
        case .all: features
        case .sqrt: Int(Double(features).squareRoot())
        case .log2: Int(Double(features).log2Floor)
        case let .count(k): k
        case let .fraction(f): Int(f * Double(features))
        }
        return Swift.min(features, Swift.max(1, n))
    }

    func validate() throws(ClassicMLError) {
        switch self {
        case let .count(k) where k < 1:
            throw .invalidHyperparameter(name: "maxFeatures", value: "\(k)", expected: "≥ 1")
        case let .fraction(f) where !(f > 0 && f <= 1):
            throw .invalidHyperparameter(name: "maxFeatures", value: "\(f)", expected: "a fraction in (0, 1]")
        default: break
        }
    }
}

extension Double {
    fileprivate var log2Floor: Double { (self > 0 ? Foundation.log2(self) : 0).rounded(.down) }
}

/// Size limits of a tree (scikit-learn's `max_depth`, `min_samples_split`, `min_samples_leaf`).
public struct TreeLimits: Codable, Sendable, Equatable {
    /// The deepest a leaf may be (root at depth 0); `nil` grows until leaves are pure or too small.
    public var maxDepth: Int?
    /// A node with fewer samples is not split (≥ 2).
    public var minSamplesSplit: Int
    /// Every leaf keeps at least this many samples (≥ 1).
    public var minSamplesLeaf: Int

    /// scikit-learn's defaults: unlimited depth, split nodes of 2 or more, leaves of 1 or more.
    public init(maxDepth: Int? = nil, minSamplesSplit: Int = 2, minSamplesLeaf: Int = 1) {
        self.maxDepth = maxDepth
        self.minSamplesSplit = minSamplesSplit
        self.minSamplesLeaf = minSamplesLeaf
    }

    func validate() throws(ClassicMLError) {
        if let d = maxDepth, d < 1 { throw .invalidHyperparameter(name: "maxDepth", value: "\(d)", expected: "≥ 1 or nil") }
        guard minSamplesSplit >= 2 else {
            throw .invalidHyperparameter(name: "minSamplesSplit", value: "\(minSamplesSplit)", expected: "≥ 2")
        }
        guard minSamplesLeaf >= 1 else {
            throw .invalidHyperparameter(name: "minSamplesLeaf", value: "\(minSamplesLeaf)", expected: "≥ 1")
        }
    }
}
