import Datasets
import Testing

@Suite("GroupKFold")
struct GroupKFoldTests {
    @Test func dealsLargestGroupsToTheLightestFold() throws {
        // Group sizes 2, 3, 4, 1: 4 → fold 0, 3 → fold 1, 2 → fold 1, 1 → fold 0 (scikit-learn's assignment).
        let groups: [Double] = [0, 0, 1, 1, 1, 2, 2, 2, 2, 3]
        let folds = try GroupKFold(splits: 2).folds(groups: groups)
        #expect(folds.map(\.test) == [[5, 6, 7, 8, 9], [0, 1, 2, 3, 4]])
        #expect(folds.map(\.train) == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]])
    }

    @Test func neverSplitsAGroupAndCoversEveryRowOnce() throws {
        let groups = (0..<150).map { Double(($0 * 7) % 22) }
        let folds = try GroupKFold(splits: 5).folds(groups: groups)
        #expect(folds.flatMap(\.test).sorted() == Array(0..<150))
        for fold in folds {
            let testGroups = Set(fold.test.map { groups[$0] }), trainGroups = Set(fold.train.map { groups[$0] })
            #expect(testGroups.isDisjoint(with: trainGroups))
            #expect(fold.train.count + fold.test.count == 150)
        }
        let sizes = folds.map(\.test.count)
        #expect(sizes.max()! - sizes.min()! <= 7, "fold sizes \(sizes) are not balanced")
    }

    @Test func rejectsTooFewGroups() {
        #expect(throws: DatasetError.self) { try GroupKFold(splits: 3).folds(groups: [0, 0, 1, 1]) }
        #expect(throws: DatasetError.self) { try GroupKFold(splits: 1).folds(groups: [0, 1]) }
    }
}
