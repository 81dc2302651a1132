// K folds that never split a group (sklearn.model_selection.GroupKFold).
import Tensors

/// K folds in which every group's rows land in the same test fold (`sklearn.model_selection.GroupKFold`).
///
/// Groups are dealt largest first, each to the fold that holds the fewest rows so far (the first such fold on
/// a tie), which balances the fold sizes as scikit-learn's does; groups of equal size are taken in descending
/// order of their label, as NumPy's reversed argsort gives for small inputs.
///
/// ```swift
/// let folds = try GroupKFold(splits: 3).folds(groups: patientIDs)
/// ```
public struct GroupKFold: Sendable {
    /// The number of folds, at least 2 and at most the number of distinct groups.
    public var splits: Int

    public init(splits: Int = 5) {
        self.splits = splits
    }

    /// The folds for the group label of each row.
    /// - Throws: ``DatasetError/invalidSplit(_:)`` for fewer than 2 folds or fewer distinct groups than folds.
    public func folds(groups: [Double]) throws -> [Fold] {
        guard splits >= 2 else { throw DatasetError.invalidSplit("need at least 2 folds, got \(splits)") }
        let members = classGroups(groups)   // distinct labels in ascending order
        guard members.count >= splits else {
            throw DatasetError.invalidSplit("\(splits) group folds need at least \(splits) distinct groups, got \(members.count)")
        }
        // Stable ascending sort by size, reversed: largest first, equal sizes by descending label.
        let order = Array(members.indices.sorted { members[$0].count < members[$1].count }.reversed())
        var foldSizes = [Int](repeating: 0, count: splits)
        var assignment = [Int](repeating: 0, count: groups.count)
        for g in order {
            let lightest = foldSizes.indices.min { foldSizes[$0] < foldSizes[$1] }!
            foldSizes[lightest] += members[g].count
            for i in members[g] { assignment[i] = lightest }
        }
        return (0..<splits).map { f in
            Fold(train: assignment.indices.filter { assignment[$0] != f }, test: assignment.indices.filter { assignment[$0] == f })
        }
    }
}
