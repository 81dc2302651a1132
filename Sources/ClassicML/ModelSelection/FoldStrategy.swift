// Which rows each cross-validation fold trains and tests on.
import Datasets
import Tensors

/// How cross-validation splits the rows: k-fold, stratified by class, grouped, or folds given explicitly.
public enum FoldStrategy: Sendable {
    /// ``KFold``: consecutive (or shuffled) folds.
    case kFold(KFold)
    /// ``StratifiedKFold``: folds that keep each class's proportion (targets are the class labels).
    case stratified(StratifiedKFold)
    /// ``GroupKFold``: no group is split between training and test; one label per row.
    case grouped(GroupKFold, groups: [Double])
    /// Folds given as row indices.
    case explicit([Fold])

    /// The folds for `rows` rows with targets `targets`.
    /// - Throws: ``ClassicMLError/tooFewSamples(what:needed:found:)`` for more folds than rows,
    ///   ``ClassicMLError/groupCountMismatch(rows:groups:)`` for group labels of another length, and
    ///   ``ClassicMLError/invalidModelSelection(_:)`` for folds that cannot be made (fewer than 2, too few
    ///   rows in every class, too few distinct groups, or explicit folds with rows out of range).
    public func folds(rows: Int, targets: [Double]) throws(ClassicMLError) -> [Fold] {
        let splits: Int
        switch self {
        case let .kFold(k): splits = k.splits
        case let .stratified(k): splits = k.splits
        case let .grouped(k, groups):
            guard groups.count == rows else { throw .groupCountMismatch(rows: rows, groups: groups.count) }
            splits = k.splits
        case let .explicit(folds):
            guard !folds.isEmpty else { throw .invalidModelSelection("no folds were given") }
            for fold in folds where fold.train.isEmpty || fold.test.isEmpty || (fold.train + fold.test).contains(where: { $0 < 0 || $0 >= rows }) {
                throw .invalidModelSelection("a fold has an empty part or rows outside 0..<\(rows)")
            }
            return folds
        }
        guard splits <= rows else { throw .tooFewSamples(what: "\(splits)-fold cross-validation", needed: splits, found: rows) }
        do {
            switch self {
            case let .kFold(k): return try k.folds(count: rows)
            case let .stratified(k): return try k.folds(labels: targets)
            case let .grouped(k, groups): return try k.folds(groups: groups)
            case let .explicit(folds): return folds
            }
        } catch {
            throw .invalidModelSelection("\(error)")
        }
    }
}
