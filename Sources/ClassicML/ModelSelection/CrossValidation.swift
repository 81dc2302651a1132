// Cross-validation: fit on each fold's training rows, score on its test rows, on every core.
import Datasets
import Kernels
import Tensors

/// Per-fold scores of a cross-validation, with their mean and spread.
public struct CrossValidationResult: Sendable, Equatable, Codable {
    /// One score per fold, in fold order.
    public let scores: [Double]

    public init(scores: [Double]) {
        self.scores = scores
    }

    /// The mean score.
    public var mean: Double { scores.reduce(0, +) / Double(scores.count) }

    /// The population standard deviation of the scores (NumPy's `std`, as scikit-learn reports).
    public var standardDeviation: Double {
        let m = mean
        return (scores.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(scores.count)).squareRoot()
    }
}

/// Cross-validates `estimator` on `x` `[samples, features]` and targets `y` (`sklearn.model_selection.cross_validate`).
///
/// Each fold fits a fresh model on its training rows and scores it on its test rows. Folds run concurrently
/// on the kernel threads (``KernelThreads``), each fit using one kernel thread, so the scores are bitwise the
/// same as a serial run (`KernelThreads.with(1) { … }`) and as fitting each fold by hand inside
/// `KernelThreads.with(1)`.
///
/// ```swift
/// let cv = try crossValidate(LogisticRegression(), x, y, folds: .stratified(StratifiedKFold(splits: 5)), scoring: .accuracy)
/// print(cv.mean, cv.standardDeviation)
/// ```
/// - Throws: the fold errors of ``FoldStrategy/folds(rows:targets:)``, the input errors of ``Validation``, and
///   the first error a fold's fit or scoring throws (in fold order).
public func crossValidate<E: Estimator>(
    _ estimator: E, _ x: Tensor, _ y: Tensor, folds: FoldStrategy, scoring: Scorer<E.Fitted>
) throws(ClassicMLError) -> CrossValidationResult {
    try FoldRunner(x: x, y: y, folds: folds).scores(of: [estimator], scorings: [scoring])[0][0]
}

/// Cross-validates `estimator` once and scores every fold with each of `scorings` (scikit-learn's
/// `cross_validate` with several `scoring` entries): one fit per fold, one result per scorer, in order.
/// - Throws: as ``crossValidate(_:_:_:folds:scoring:)``.
public func crossValidate<E: Estimator>(
    _ estimator: E, _ x: Tensor, _ y: Tensor, folds: FoldStrategy, scorings: [Scorer<E.Fitted>]
) throws(ClassicMLError) -> [CrossValidationResult] {
    try FoldRunner(x: x, y: y, folds: folds).scores(of: [estimator], scorings: scorings)[0]
}

/// The rows of every fold, cut once, and the parallel loop over (candidate, fold) pairs.
struct FoldRunner: Sendable {
    let parts: [(xTrain: Tensor, yTrain: Tensor, xTest: Tensor, yTest: Tensor)]

    init(x: Tensor, y: Tensor, folds strategy: FoldStrategy) throws(ClassicMLError) {
        let (_, rows, _) = try Validation.matrix(x, allowNaN: true)
        let targets = try Validation.targets(y, rows: rows)
        let folds = try strategy.folds(rows: rows, targets: targets)
        parts = folds.map { (x.rows($0.train), y.rows($0.train), x.rows($0.test), y.rows($0.test)) }
    }

    /// Cross-validation results of each estimator (outer) under each scorer (inner), in order. All fits run
    /// concurrently in a fixed partition; each fitted fold model is scored by every scorer.
    func scores<E: Estimator>(of estimators: [E], scorings: [Scorer<E.Fitted>]) throws(ClassicMLError) -> [[CrossValidationResult]] {
        let foldCount = parts.count, tasks = estimators.count * foldCount
        let buffer = UnsafeMutablePointer<Result<[Double], ClassicMLError>?>.allocate(capacity: tasks)
        buffer.initialize(repeating: nil, count: tasks)
        defer {
            buffer.deinitialize(count: tasks)
            buffer.deallocate()
        }
        let slots = SendablePointer(buffer)
        let parts = self.parts
        parallelChunks(tasks) { range in
            for task in range {
                let (e, f) = task.quotientAndRemainder(dividingBy: foldCount)
                let part = parts[f]
                slots.raw[task] = KernelThreads.with(1) {
                    do throws(ClassicMLError) {
                        let model = try estimators[e].fit(part.xTrain, part.yTrain)
                        var scores: [Double] = []
                        for scoring in scorings { scores.append(try scoring.score(model, part.xTest, part.yTest)) }
                        return .success(scores)
                    } catch {
                        return .failure(error)
                    }
                }
            }
        }
        var results: [[CrossValidationResult]] = []
        for e in 0..<estimators.count {
            var perFold: [[Double]] = []
            for f in 0..<foldCount {
                switch buffer[e * foldCount + f]! {
                case let .success(scores): perFold.append(scores)
                case let .failure(error): throw error
                }
            }
            results.append(scorings.indices.map { s in CrossValidationResult(scores: perFold.map { $0[s] }) })
        }
        return results
    }
}
