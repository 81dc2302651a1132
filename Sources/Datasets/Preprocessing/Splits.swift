// Train/test splits and k-fold cross-validation indices, seeded.
//
// scikit-learn's splits draw from NumPy's Mersenne Twister; these draw from SwiftLearn's Philox generator, so
// shuffled splits are reproducible from the seed but are not the same rows scikit-learn would pick. Without
// shuffling, KFold and StratifiedKFold assign exactly the folds scikit-learn assigns.
import Tensors

/// The result of ``trainTestSplit(_:_:testFraction:stratify:seed:)``.
public struct TrainTestSplit: Sendable {
    /// Row indices of the training part, in shuffled order.
    public let trainIndices: [Int]
    /// Row indices of the test part, in shuffled order.
    public let testIndices: [Int]
    public let xTrain: Tensor
    public let xTest: Tensor
    public let yTrain: Tensor
    public let yTest: Tensor
}

/// Splits rows into a shuffled training and test part (`sklearn.model_selection.train_test_split`).
///
/// The test part has `ceil(testFraction · n)` rows. With `stratify`, `y` holds class labels (1-D) and each
/// class is split in proportion (largest-remainder rounding, as scikit-learn's), so both parts keep the class
/// proportions; every class needs at least two rows, and each part at least one row per class (as scikit-learn).
public func trainTestSplit(_ x: Tensor, _ y: Tensor, testFraction: Double = 0.25, stratify: Bool = false,
                           seed: UInt64) throws -> TrainTestSplit {
    guard x.rank >= 1, y.rank >= 1, x.shape[0] == y.shape[0] else {
        throw DatasetError.rowCountMismatch(features: x.rank >= 1 ? x.shape[0] : 0, targets: y.rank >= 1 ? y.shape[0] : 0)
    }
    let labels = stratify ? try labelValues(y, operation: "trainTestSplit") : nil
    let (train, test) = try trainTestSplitIndices(count: x.shape[0], testFraction: testFraction, stratifyBy: labels, seed: seed)
    return TrainTestSplit(trainIndices: train, testIndices: test, xTrain: x.rows(train), xTest: x.rows(test),
                          yTrain: y.rows(train), yTest: y.rows(test))
}

/// The index form of ``trainTestSplit(_:_:testFraction:stratify:seed:)``: shuffled training and test row
/// indices of `0 ..< count`, stratified by `labels` when given.
public func trainTestSplitIndices(count n: Int, testFraction: Double = 0.25, stratifyBy labels: [Double]? = nil,
                                  seed: UInt64) throws -> (train: [Int], test: [Int]) {
    guard testFraction > 0 && testFraction < 1 else { throw DatasetError.invalidSplit("testFraction must lie in (0, 1), got \(testFraction)") }
    let nTest = Int((testFraction * Double(n)).rounded(.up))
    guard nTest >= 1 && n - nTest >= 1 else {
        throw DatasetError.invalidSplit("\(n) rows with testFraction \(testFraction) leave an empty part")
    }
    var rng = RandomGenerator(seed: seed)
    guard let labels else {
        let order = shuffled(Array(0..<n), &rng)
        return (Array(order[nTest...]), Array(order[..<nTest]))
    }
    guard labels.count == n else { throw DatasetError.rowCountMismatch(features: n, targets: labels.count) }
    let groups = classGroups(labels)
    if let small = groups.first(where: { $0.count < 2 }) {
        throw DatasetError.invalidSplit("class \(formatCategory(labels[small[0]])) has only 1 row; stratifying needs 2 per class")
    }
    // scikit-learn's StratifiedShuffleSplit raises when either part cannot hold one row of every class
    // ("The test_size = 2 should be greater or equal to the number of classes = 3").
    guard nTest >= groups.count else {
        throw DatasetError.invalidSplit("the test part has \(nTest) rows, fewer than the \(groups.count) classes to stratify")
    }
    guard n - nTest >= groups.count else {
        throw DatasetError.invalidSplit("the training part has \(n - nTest) rows, fewer than the \(groups.count) classes to stratify")
    }
    let testCounts = apportion(nTest, among: groups.map(\.count))
    var train: [Int] = [], test: [Int] = []
    for (members, t) in zip(groups, testCounts) {
        let order = shuffled(members, &rng)
        test += order[..<t]
        train += order[t...]
    }
    return (shuffled(train, &rng), shuffled(test, &rng))
}

/// Row indices of the training and test part of one fold.
public struct Fold: Sendable, Equatable {
    /// Training rows, ascending.
    public let train: [Int]
    /// Test rows, ascending.
    public let test: [Int]
}

/// K consecutive folds (`sklearn.model_selection.KFold`): the first `n mod k` folds have one row more.
/// With `shuffle`, rows are permuted with `seed` first.
public struct KFold: Sendable {
    public var splits: Int
    public var shuffle: Bool
    public var seed: UInt64

    public init(splits: Int = 5, shuffle: Bool = false, seed: UInt64 = 0) {
        self.splits = splits
        self.shuffle = shuffle
        self.seed = seed
    }

    /// The folds of `0 ..< count`.
    public func folds(count n: Int) throws -> [Fold] {
        try checkSplits(splits, rows: n)
        var rng = RandomGenerator(seed: seed)
        let order = shuffle ? shuffled(Array(0..<n), &rng) : Array(0..<n)
        var assignment = [Int](repeating: 0, count: n)
        var start = 0
        for f in 0..<splits {
            let size = n / splits + (f < n % splits ? 1 : 0)
            for i in order[start..<(start + size)] { assignment[i] = f }
            start += size
        }
        return makeFolds(assignment, splits)
    }
}

/// K folds that keep each class's proportion (`sklearn.model_selection.StratifiedKFold`). Without shuffling
/// the folds are exactly scikit-learn's: classes in order of first appearance, each class's rows dealt to
/// the folds in the counts scikit-learn's allocation gives. Labels must be integral (class codes): a
/// non-integral value throws, as scikit-learn rejects a "continuous" target.
public struct StratifiedKFold: Sendable {
    public var splits: Int
    public var shuffle: Bool
    public var seed: UInt64

    public init(splits: Int = 5, shuffle: Bool = false, seed: UInt64 = 0) {
        self.splits = splits
        self.shuffle = shuffle
        self.seed = seed
    }

    /// The folds for class labels `labels` (a 1-D tensor).
    public func folds(labels: Tensor) throws -> [Fold] {
        try folds(labels: labelValues(labels, operation: "StratifiedKFold"))
    }

    /// The folds for class labels `labels`.
    public func folds(labels: [Double]) throws -> [Fold] {
        let n = labels.count
        try checkSplits(splits, rows: n)
        // scikit-learn's type_of_target calls non-integral float labels "continuous" and StratifiedKFold
        // refuses them: a regression target would otherwise be stratified with one class per value.
        if let v = labels.first(where: { $0.rounded() != $0 }) {
            throw DatasetError.invalidSplit("StratifiedKFold needs class labels, got the non-integral value \(v) (a continuous target)")
        }
        let groups = classGroups(labels)
        guard let largest = groups.map(\.count).max(), largest >= splits else {
            throw DatasetError.invalidSplit("no class has \(splits) rows, needed for \(splits) stratified folds")
        }
        // Classes numbered by first appearance; sorted codes dealt round-robin give the per-fold allocation.
        let ordered = groups.sorted { $0[0] < $1[0] }
        var code = [Int](repeating: 0, count: n)
        for (k, members) in ordered.enumerated() { for i in members { code[i] = k } }
        let sortedCodes = code.sorted()
        var allocation = [[Int]](repeating: [Int](repeating: 0, count: ordered.count), count: splits)
        for (position, k) in sortedCodes.enumerated() { allocation[position % splits][k] += 1 }
        var rng = RandomGenerator(seed: seed)
        var assignment = [Int](repeating: 0, count: n)
        for (k, members) in ordered.enumerated() {
            var foldsForClass = (0..<splits).flatMap { f in [Int](repeating: f, count: allocation[f][k]) }
            if shuffle { foldsForClass = shuffled(foldsForClass, &rng) }
            for (i, f) in zip(members, foldsForClass) { assignment[i] = f }
        }
        return makeFolds(assignment, splits)
    }
}

private func checkSplits(_ splits: Int, rows: Int) throws {
    guard splits >= 2 else { throw DatasetError.invalidSplit("need at least 2 folds, got \(splits)") }
    guard splits <= rows else { throw DatasetError.invalidSplit("\(splits) folds need at least \(splits) rows, got \(rows)") }
}

/// Folds from a fold number per row.
private func makeFolds(_ assignment: [Int], _ splits: Int) -> [Fold] {
    (0..<splits).map { f in
        Fold(train: assignment.indices.filter { assignment[$0] != f }, test: assignment.indices.filter { assignment[$0] == f })
    }
}

/// `values` in a seeded random order (Fisher–Yates via ``Tensor/permutation(_:using:)``).
func shuffled<T>(_ values: [T], _ rng: inout RandomGenerator) -> [T] {
    if values.count < 2 { return values }
    return Tensor.permutation(values.count, using: &rng).integers.map { values[$0] }
}

/// Row indices of each distinct label, classes in sorted label order, rows ascending.
func classGroups(_ labels: [Double]) -> [[Int]] {
    var byLabel: [Double: [Int]] = [:]
    for (i, v) in labels.enumerated() { byLabel[v, default: []].append(i) }
    return byLabel.keys.sorted().map { byLabel[$0]! }
}

/// Splits `total` among groups in proportion to `sizes`: floors, then the remaining units to the largest
/// fractional parts (ties to the earlier group), never more than a group's size.
func apportion(_ total: Int, among sizes: [Int]) -> [Int] {
    let n = sizes.reduce(0, +)
    let exact = sizes.map { Double(total) * Double($0) / Double(n) }
    var counts = exact.map { Int($0.rounded(.down)) }
    var left = total - counts.reduce(0, +)
    let order = sizes.indices.sorted { (exact[$0] - Double(counts[$0]), -$0) > (exact[$1] - Double(counts[$1]), -$1) }
    for g in order where left > 0 && counts[g] < sizes[g] {
        counts[g] += 1
        left -= 1
    }
    return counts
}
