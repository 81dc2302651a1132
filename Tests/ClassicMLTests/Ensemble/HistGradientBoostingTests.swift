// Histogram gradient boosting against scikit-learn 1.9.1 (Tests/Fixtures/classicml/boosting.json), native missing
// values, early stopping, the conformance suite and bad hyperparameters.
@testable import ClassicML
import Foundation
import Kernels
import Tensors
import Testing
import TestSupport

/// No early stopping, otherwise scikit-learn's defaults (the fixtures' settings).
private let noEarlyStopping = BoostingSettings(earlyStopping: .off)

@Test(arguments: BoostingFixtures.shared.classification.map(\.dataset))
func histGradientBoostingClassifierMatchesScikitLearn(_ dataset: String) throws {
    let c = BoostingFixtures.shared.classification.first { $0.dataset == dataset }!
    let d = try referenceData(dataset)
    let (xt, yt, xs, ys) = BoostingFixtures.split(x: d.x, y: d.y, rows: d.rows, columns: d.columns, test: c.test)
    let model = try HistGradientBoostingClassifier(noEarlyStopping).fit(xt, yt)
    #expect(model.iterations == c.n_iter)
    #expect(abs(accuracy(try model.predict(xs), ys) - c.accuracy) <= tolerance(points: 0.01, rows: ys.count), "\(dataset)")
    let p = try model.predictProbabilities(xs.narrowed(axis: 0, start: 0, length: 5)).doubles
    let worst = zip(p, c.probabilities).map { abs($0 - $1) }.max()!
    // Same bins, same gradients, same tie rule: the same trees, so probabilities agree up to rounding.
    #expect(worst < 1e-9, "\(dataset): probabilities differ from scikit-learn's by \(worst)")
}

@Test func histGradientBoostingEarlyStoppingOnDigits() throws {
    let c = BoostingFixtures.shared.classification.first { $0.dataset == "digits" }!
    let range = c.early_stopping!
    let d = try referenceData("digits")
    let (xt, yt, xs, ys) = BoostingFixtures.split(x: d.x, y: d.y, rows: d.rows, columns: d.columns, test: c.test)
    let model = try HistGradientBoostingClassifier(BoostingSettings(earlyStopping: .on)).fit(xt, yt)
    let acc = accuracy(try model.predict(xs), ys)
    let slack = tolerance(points: 0.01, rows: ys.count)
    #expect(acc >= range.accuracy_range[0] - slack && acc <= range.accuracy_range[1] + slack, "accuracy \(acc)")
    #expect(model.iterations <= 100 && model.iterations >= range.n_iter_range[0] / 2)
    #expect(model.trainScores.count == model.iterations + 1 && model.validationScores.count == model.iterations + 1)
    // The training loss only falls; the run stopped because validation stopped improving (or hit the cap).
    #expect(zip(model.trainScores, model.trainScores.dropFirst()).allSatisfy { $0 <= $1 + 1e-12 })
    if model.iterations < 100 {
        let v = model.validationScores, ref = v[v.count - 11] + 1e-7
        #expect(!v.suffix(10).contains { $0 > ref })
    }
}

@Test func histGradientBoostingHandlesInjectedMissingValues() throws {
    let c = BoostingFixtures.shared.missing
    let d = try referenceData(c.dataset)
    var x = d.x
    for i in c.nan_indices { x[i] = .nan }
    let (xt, yt, xs, ys) = BoostingFixtures.split(x: x, y: d.y, rows: d.rows, columns: d.columns, test: c.test)
    let model = try HistGradientBoostingClassifier(noEarlyStopping).fit(xt, yt)
    #expect(abs(accuracy(try model.predict(xs), ys) - c.accuracy) <= tolerance(points: 0.01, rows: ys.count))
}

@Test func histGradientBoostingRegressorMatchesScikitLearn() throws {
    let r = BoostingFixtures.shared.regression
    let (xt, yt, xs, ys) = BoostingFixtures.split(x: r.x, y: r.y, rows: r.rows, columns: r.columns, test: r.test)
    for (loss, reference) in [(RegressionLoss.squaredError, r.squared_error), (.absoluteError, r.absolute_error)] {
        let model = try HistGradientBoostingRegressor(loss: loss, noEarlyStopping).fit(xt, yt)
        #expect(model.iterations == reference.n_iter)
        #expect(abs(r2(try model.predict(xs), ys) - reference.r2) <= 0.01, "\(loss)")
    }
    for (q, reference) in [(0.9, r.quantile_09), (0.1, r.quantile_01)] {
        let p = try HistGradientBoostingRegressor(loss: .quantile(q), noEarlyStopping).fit(xt, yt).predict(xs).doubles
        let coverage = Double(zip(ys, p).filter { $0 <= $1 }.count) / Double(ys.count)
        #expect(abs(coverage - reference.coverage) <= 0.03, "quantile \(q): coverage \(coverage) vs \(reference.coverage)")
        let mean = p.reduce(0, +) / Double(p.count)
        #expect(abs(mean - reference.mean_prediction) <= 0.02 * abs(reference.mean_prediction), "quantile \(q): mean \(mean)")
    }
}

/// Class 1 is exactly the rows whose feature 1 is missing; feature 0 is noise. Only the missing-value bin separates them.
private func missingnessData(rows: Int, seed: UInt64) -> (Tensor, Tensor) {
    var rng = RandomGenerator(seed: seed)
    var x: [Double] = [], y: [Double] = []
    for _ in 0..<rows {
        let label = rng.nextInt(below: 2)
        x += [rng.nextDouble(), label == 1 ? .nan : rng.nextDouble()]
        y.append(Double(label))
    }
    return (Tensor(x, shape: [rows, 2]), Tensor(y))
}

@Test func histGradientBoostingRoutesMissingValuesByWhatTheyPredict() throws {
    let (x, y) = missingnessData(rows: 400, seed: 1)
    let (xs, ys) = missingnessData(rows: 200, seed: 2)
    let model = try HistGradientBoostingClassifier(BoostingSettings(maxIterations: 20, earlyStopping: .off)).fit(x, y)
    #expect(accuracy(try model.predict(xs), ys.doubles) == 1)
    let regressor = try HistGradientBoostingRegressor(.init(maxIterations: 20, earlyStopping: .off)).fit(x, y)
    let p = try regressor.predict(xs).doubles
    #expect(zip(p, ys.doubles).allSatisfy { abs($0 - $1) < 0.2 })
}

@Test func histGradientBoostingSendsUnseenMissingValuesToTheLargerChild() throws {
    // One split on feature 0 at 0.5 with 3/4 of the rows on the right; training never saw a NaN.
    let x = Tensor((0..<200).map { Double($0 % 4) / 3 }, shape: [200, 1])
    let y = Tensor((0..<200).map { $0 % 4 == 0 ? 0.0 : 10 })
    let model = try HistGradientBoostingRegressor(.init(maxIterations: 1, maxLeafNodes: 2, minSamplesLeaf: 1, earlyStopping: .off)).fit(x, y)
    let p = try model.predict(Tensor([Double.nan, 0, 1], shape: [3, 1])).doubles
    #expect(p[0] == p[2] && p[0] != p[1])
}

@Test func histGradientBoostingPassesCheckEstimator() throws {
    let d = try referenceData("iris")
    var x = d.x
    for i in stride(from: 3, to: x.count, by: 17) { x[i] = .nan }
    let xt = Tensor(x, shape: [d.rows, d.columns]), yt = Tensor(d.y)
    let settings = BoostingSettings(maxIterations: 10, earlyStopping: .on)
    try checkEstimator(HistGradientBoostingClassifier(settings), x: xt, y: yt, acceptsNaN: true) { m, x throws(ClassicMLError) in
        try m.predictProbabilities(x)
    }
    let binary = Tensor(d.y.map { $0 == 2 ? 1.0 : 0 })
    try checkEstimator(HistGradientBoostingClassifier(settings), x: xt, y: binary, acceptsNaN: true) { m, x throws(ClassicMLError) in
        try m.decisionFunction(x)
    }
    for loss in [RegressionLoss.squaredError, .absoluteError, .quantile(0.9)] {
        try checkEstimator(HistGradientBoostingRegressor(loss: loss, settings), x: xt, y: Tensor(Array(x[0..<d.rows].map { $0.isNaN ? 0 : $0 })),
                           acceptsNaN: true) { m, x throws(ClassicMLError) in try m.predict(x) }
    }
}

@Test func histGradientBoostingIsTheSameAtAnyThreadCount() throws {
    let d = try referenceData("digits")
    let x = Tensor(d.x, shape: [d.rows, d.columns]), y = Tensor(d.y)
    let settings = BoostingSettings(maxIterations: 5, earlyStopping: .off)
    let one = try KernelThreads.with(1) { try HistGradientBoostingClassifier(settings).fit(x, y).decisionFunction(x).doubles }
    let two = try KernelThreads.with(2) { try HistGradientBoostingClassifier(settings).fit(x, y).decisionFunction(x).doubles }
    #expect(one == two)
}

@Test func histGradientBoostingRejectsBadHyperparameters() throws {
    let x = Tensor((0..<40).map(Double.init), shape: [20, 2]), y = Tensor((0..<20).map { Double($0 % 2) })
    let bad: [(BoostingSettings, String)] = [
        (.init(learningRate: 0), "learningRate"), (.init(maxIterations: 0), "maxIterations"), (.init(maxLeafNodes: 1), "maxLeafNodes"),
        (.init(maxDepth: 0), "maxDepth"), (.init(minSamplesLeaf: 0), "minSamplesLeaf"), (.init(l2Regularization: -1), "l2Regularization"),
        (.init(maxBins: 1), "maxBins"), (.init(maxBins: 256), "maxBins"), (.init(validationFraction: 1), "validationFraction"),
        (.init(iterationsWithoutChange: 0), "iterationsWithoutChange"), (.init(tolerance: -1), "tolerance"),
    ]
    for (settings, name) in bad {
        #expect {
            _ = try HistGradientBoostingClassifier(settings).fit(x, y)
        } throws: { error in
            if case let ClassicMLError.invalidHyperparameter(n, _, _) = error { return n == name }
            return false
        }
    }
    for q in [0.0, 1.0, -0.5, .nan] {
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "quantile", value: "\(q)", expected: "in (0, 1)")) {
            _ = try HistGradientBoostingRegressor(loss: .quantile(q)).fit(x, y)
        }
    }
    #expect(throws: ClassicMLError.singleClass(label: 1)) {
        _ = try HistGradientBoostingClassifier().fit(x, Tensor([Double](repeating: 1, count: 20)))
    }
    #expect(throws: ClassicMLError.nonFinite(row: 0, column: 1)) {
        _ = try HistGradientBoostingClassifier().fit(Tensor([0, .infinity, 1, 2], shape: [2, 2]), Tensor([0.0, 1]))
    }
}

@Test func featureBinnerCutsAtMidpointsAndPercentiles() {
    // Few distinct values: one bin each, cut halfway.
    #expect(FeatureBinner.thresholds(sorted: [1, 1, 2, 4, 4], maxBins: 255) == [1.5, 3])
    // Many: NumPy's midpoint percentiles 25/50/75 of 0…999 are 249.5, 499.5, 749.5.
    #expect(FeatureBinner.thresholds(sorted: (0..<1000).map(Double.init), maxBins: 4) == [249.5, 499.5, 749.5])
    let binner = FeatureBinner(thresholds: [[1.5, 3]], missingBin: 255)
    #expect(binner.codes([0, 1.5, 2, 3, 9, .nan], rows: 6, columns: 1) == [0, 0, 1, 1, 2, 255])
}
