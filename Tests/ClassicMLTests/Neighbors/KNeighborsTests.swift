import Foundation
import Tensors
import Testing
import TestSupport
@testable import ClassicML

@Suite("k-nearest neighbours")
struct KNeighborsTests {
    @Test(arguments: OtherFixtures.shared.knn.indices, [NeighborAlgorithm.brute, .kdTree])
    func classifierMatchesScikitLearn(case index: Int, algorithm: NeighborAlgorithm) throws {
        let reference = OtherFixtures.shared.knn[index]
        let d = try referenceData(reference.dataset)
        let (train, test) = split(reference.dataset.hasPrefix("wine") ? "wine" : reference.dataset, rows: d.rows)
        let model = try KNeighborsClassifier(neighbors: reference.k, weighting: NeighborWeighting(rawValue: reference.weights)!, algorithm: algorithm)
            .fit(rows(d.x, columns: d.columns, train), Tensor(train.map { d.y[$0] }))
        let predictions = try model.predict(rows(d.x, columns: d.columns, test)).doubles
        let accuracy = Double(zip(predictions, test).filter { $0 == d.y[$1] }.count) / Double(test.count)
        #expect(abs(accuracy - reference.accuracy) <= 0.01, "\(reference.dataset) k=\(reference.k) \(reference.weights)")
        let same = zip(predictions, reference.predictions).filter { $0 == Double($1) }.count
        #expect(same == test.count, "\(reference.dataset) k=\(reference.k) \(reference.weights): \(test.count - same) predictions differ")
        let p = try model.predictProbabilities(rows(d.x, columns: d.columns, test))
        #expect(p.shape == [test.count, model.classes.count])
    }

    @Test(arguments: OtherFixtures.shared.knn_regression.indices, [NeighborAlgorithm.brute, .kdTree])
    func regressorMatchesScikitLearn(case index: Int, algorithm: NeighborAlgorithm) throws {
        let reference = OtherFixtures.shared.knn_regression[index]
        let d = try referenceData("iris")
        let (train, test) = split("iris", rows: d.rows)
        let x = (0..<d.rows).flatMap { d.x[($0 * 4)..<($0 * 4 + 3)] }
        let target = (0..<d.rows).map { d.x[$0 * 4 + 3] }
        let model = try KNeighborsRegressor(neighbors: reference.k, weighting: NeighborWeighting(rawValue: reference.weights)!, algorithm: algorithm)
            .fit(rows(x, columns: 3, train), Tensor(train.map { target[$0] }))
        let predictions = try model.predict(rows(x, columns: 3, test)).doubles
        for (p, r) in zip(predictions, reference.predictions) { #expect(abs(p - r) <= 1e-9 * max(1, abs(r))) }
    }

    /// The k-d tree finds exactly the brute-force neighbours (ties by training order), on a grid full of equal
    /// distances and on continuous data.
    @Test(arguments: [true, false])
    func kdTreeFindsTheBruteForceNeighbors(grid: Bool) {
        var generator = RandomGenerator(seed: grid ? 1 : 2)
        let (rows, columns, queries, k) = (2_000, 3, 300, 7)
        let draw = { (g: inout RandomGenerator) -> Double in grid ? Double(g.nextInt(below: 6)) : g.nextDouble() * 10 - 5 }
        let values = (0..<(rows * columns)).map { _ in draw(&generator) }
        let query = (0..<(queries * columns)).map { _ in draw(&generator) }
        let brute = NeighborIndex(values: values, rows: rows, columns: columns, algorithm: .brute).search(query, queries: queries, k: k)
        let tree = NeighborIndex(values: values, rows: rows, columns: columns, algorithm: .kdTree).search(query, queries: queries, k: k)
        #expect(tree.indices == brute.indices)
        #expect(zip(tree.distances, brute.distances).allSatisfy { abs($0 - $1) <= 1e-9 })
    }

    @Test func neighborsAreReportedNearestFirst() throws {
        let x = Tensor([0.0, 3, 1, 1], shape: [4, 1])
        let model = try KNeighborsRegressor(neighbors: 2).fit(x, Tensor([0.0, 3, 1, 1]))
        let (indices, distances) = try model.neighbors(of: Tensor([0.9], shape: [1, 1]))
        #expect(indices.doubles == [2, 3])
        #expect(zip(distances.doubles, [0.1, 0.1]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(try model.neighbors(of: Tensor([0.9], shape: [1, 1]), count: 4).indices.doubles == [2, 3, 0, 1])
        #expect(throws: ClassicMLError.self) { _ = try model.neighbors(of: Tensor([0.9], shape: [1, 1]), count: 5) }
    }

    @Test func distanceWeightingTrustsExactMatches() throws {
        let x = Tensor([0.0, 1, 2, 3], shape: [4, 1])
        let model = try KNeighborsClassifier(neighbors: 3, weighting: .distance).fit(x, Tensor([0.0, 1, 1, 1]))
        #expect(try model.predict(Tensor([0.0], shape: [1, 1])).doubles == [0])
        #expect(try model.predictProbabilities(Tensor([0.0], shape: [1, 1])).doubles == [1, 0])
        // Uniform vote ties go to the smallest label; equal distances keep training order.
        let tie = try KNeighborsClassifier(neighbors: 2).fit(Tensor([1.0, -1], shape: [2, 1]), Tensor([7.0, 3]))
        #expect(try tie.predict(Tensor([0.0], shape: [1, 1])).doubles == [3])
    }

    @Test func conformance() throws {
        let d = try referenceData("iris")
        let x = Tensor(d.x, shape: [d.rows, d.columns]), y = Tensor(d.y)
        try checkEstimator(KNeighborsClassifier(neighbors: 5, weighting: .distance), x: x, y: y) { m, x throws(ClassicMLError) in try m.predictProbabilities(x) }
        try checkEstimator(KNeighborsRegressor(neighbors: 3), x: x, y: y) { m, x throws(ClassicMLError) in try m.predict(x) }
        try checkEstimator(KNeighborsClassifier(neighbors: 5, algorithm: .kdTree), x: x, y: y) { m, x throws(ClassicMLError) in try m.predict(x) }
    }

    @Test func badInput() {
        let x = Tensor.ones([3, 2], dtype: .float64)
        #expect(throws: ClassicMLError.tooFewSamples(what: "k-nearest neighbours with k = 4", needed: 4, found: 3)) {
            _ = try KNeighborsClassifier(neighbors: 4).fit(x, Tensor([0.0, 1, 0]))
        }
        #expect(throws: ClassicMLError.tooFewSamples(what: "k-nearest neighbours with k = 4", needed: 4, found: 3)) {
            _ = try KNeighborsRegressor(neighbors: 4).fit(x, Tensor([0.0, 1, 0]))
        }
        #expect(throws: ClassicMLError.singleClass(label: 2)) { _ = try KNeighborsClassifier(neighbors: 1).fit(x, Tensor([2.0, 2, 2])) }
        #expect(throws: ClassicMLError.featureCountMismatch(expected: 2, found: 3)) {
            _ = try KNeighborsClassifier(neighbors: 1).fit(x, Tensor([0.0, 1, 0])).predict(Tensor.ones([1, 3], dtype: .float64))
        }
    }
}
