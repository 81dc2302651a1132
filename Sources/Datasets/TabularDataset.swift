// A table of features (and optionally a target) as tensors, with the names and vocabularies that give them meaning.
import Tensors

/// Rows of features, with names, kinds and category vocabularies, and an optional target.
///
/// `features` is a Float32 tensor `[rowCount, featureCount]`. Numeric columns hold their values; categorical
/// columns hold codes `0 ..< vocabulary.count` into ``categories`` (sorted, like scikit-learn's
/// `OrdinalEncoder`). Missing values are NaN in both.
///
/// For classification `targets` is Int64 `[rowCount]` holding codes into ``classNames``; for regression it
/// is Float32 `[rowCount]` and `classNames` is empty.
public struct TabularDataset: Sendable {
    /// `[rowCount, featureCount]`, Float32, NaN for missing.
    public var features: Tensor
    /// Column names of `features`, in order.
    public var featureNames: [String]
    /// The kind of each feature column.
    public var featureKinds: [ColumnKind]
    /// For each feature column, its sorted vocabulary if categorical, nil if numeric.
    public var categories: [[String]?]
    /// The target column's name, if there is a target.
    public var targetName: String?
    /// `[rowCount]`: Int64 class codes (classification) or Float32 values (regression).
    public var targets: Tensor?
    /// Classification or regression; nil without a target.
    public var task: TaskKind?
    /// Class names in code order (classification only).
    public var classNames: [String]

    /// A dataset from its parts.
    public init(features: Tensor, featureNames: [String], featureKinds: [ColumnKind]? = nil,
                categories: [[String]?]? = nil, targetName: String? = nil, targets: Tensor? = nil,
                task: TaskKind? = nil, classNames: [String] = []) {
        self.features = features
        self.featureNames = featureNames
        self.featureKinds = featureKinds ?? Array(repeating: .numeric, count: featureNames.count)
        self.categories = categories ?? Array(repeating: nil, count: featureNames.count)
        self.targetName = targetName
        self.targets = targets
        self.task = task
        self.classNames = classNames
    }

    /// The number of rows.
    public var rowCount: Int { features.rank == 2 ? features.shape[0] : 0 }

    /// The dataset without feature column `index` (its name, kind and categories go with it): for a column used
    /// otherwise, such as cross-validation groups.
    public func droppingFeature(at index: Int) -> TabularDataset {
        precondition(featureNames.indices.contains(index), "droppingFeature: column \(index) outside 0..<\(featureCount)")
        let keep = featureNames.indices.filter { $0 != index }
        var out = self
        out.features = features.indexSelect(axis: 1, indices: Tensor(keep.map(Int64.init), shape: [keep.count]))
        out.featureNames = keep.map { featureNames[$0] }
        out.featureKinds = keep.map { featureKinds[$0] }
        out.categories = keep.map { categories[$0] }
        return out
    }
    /// The number of feature columns.
    public var featureCount: Int { featureNames.count }

    /// The index of the feature named `name`.
    public func featureIndex(_ name: String) throws -> Int {
        guard let i = featureNames.firstIndex(of: name) else {
            throw DatasetError.unknownColumn(name: name, available: featureNames)
        }
        return i
    }

    /// Rows per class code (classification only; empty otherwise).
    public var classCounts: [Int] {
        guard task == .classification, let targets else { return [] }
        var counts = [Int](repeating: 0, count: classNames.count)
        for c in targets.integers where c >= 0 && c < counts.count { counts[c] += 1 }
        return counts
    }

    /// The task rule used when none is given: a categorical target is classification; a numeric target is
    /// classification when every value is an integer and there are at most 20 distinct values, otherwise
    /// regression. (A count-valued regression target with few values would be taken for classes: set
    /// ``CSVOptions/task`` in that case.)
    public static func inferTask(kind: ColumnKind, distinctValues: Int, allIntegers: Bool) -> TaskKind {
        if kind == .categorical { return .classification }
        return allIntegers && distinctValues <= maxInferredClasses ? .classification : .regression
    }

    /// The largest number of distinct integer target values that ``inferTask(kind:distinctValues:allIntegers:)``
    /// still reads as classes.
    public static let maxInferredClasses = 20
}
