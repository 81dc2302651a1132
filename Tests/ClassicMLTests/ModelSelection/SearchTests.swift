import ClassicML
import Datasets
import Kernels
import Tensors
import Testing

@Suite("HyperparameterSearch")
struct SearchTests {
    static let folds = FoldStrategy.stratified(StratifiedKFold(splits: 3))

    static func logistic(_ p: Parameters) throws(ClassicMLError) -> LogisticRegression {
        LogisticRegression(c: try p.double("c"), maxIterations: try p.int("iterations"))
    }

    @Test func gridListsCandidatesInScikitLearnOrder() {
        let search = GridSearch(grid: ["c": [0.1, 1], "iterations": [50, 100, 200]], folds: Self.folds, scoring: .accuracy, build: Self.logistic)
        #expect(search.candidates == [
            ["c": 0.1, "iterations": 50], ["c": 0.1, "iterations": 100], ["c": 0.1, "iterations": 200],
            ["c": 1, "iterations": 50], ["c": 1, "iterations": 100], ["c": 1, "iterations": 200],
        ])
    }

    @Test func gridPicksTheBestCandidateOfManualCrossValidation() throws {
        let (x, y) = try modelSelectionData("iris")
        let grid: [String: [ParameterValue]] = ["c": [0.001, 0.05, 10], "iterations": [100]]
        let result = try GridSearch(grid: grid, folds: Self.folds, scoring: .accuracy, build: Self.logistic).fit(x, y)
        let manual = try [0.001, 0.05, 10].map { c in
            try crossValidate(LogisticRegression(c: c), x, y, folds: Self.folds, scoring: .accuracy)
        }
        #expect(result.results == manual)
        let best = manual.indices.max { manual[$0].mean < manual[$1].mean || (manual[$0].mean == manual[$1].mean && $0 > $1) }!
        #expect(result.bestIndex == best)
        #expect(result.bestParameters == ["c": grid["c"]![best], "iterations": 100])
        #expect(result.bestScore == manual[best].mean)
        #expect(result.bestScore > manual[0].mean)
        let refit = try #require(result.bestModel)
        #expect(try refit.predict(x).doubles == LogisticRegression(c: [0.001, 0.05, 10][best]).fit(x, y).predict(x).doubles)
    }

    @Test func parallelSearchEqualsSerial() throws {
        let (x, y) = try modelSelectionData("iris")
        let search = GridSearch(grid: ["c": [0.01, 0.1, 1], "iterations": [100]], folds: Self.folds, scoring: .accuracy, refit: false,
                                build: Self.logistic)
        let parallel = try KernelThreads.with(2) { try search.fit(x, y) }
        let serial = try KernelThreads.with(1) { try search.fit(x, y) }
        #expect(parallel.results == serial.results)
        #expect(parallel.bestIndex == serial.bestIndex)
        #expect(parallel.bestModel == nil)
    }

    @Test func randomizedSearchIsSeededAndMatchesManualCrossValidation() throws {
        let (x, y) = try modelSelectionData("iris")
        func search(seed: UInt64) -> RandomizedSearch<KNeighborsClassifier> {
            RandomizedSearch(distributions: ["k": .integers(1...15), "w": .choice(["uniform", "distance"])], iterations: 4, seed: seed,
                             folds: Self.folds, scoring: .accuracy) { p throws(ClassicMLError) in
                KNeighborsClassifier(neighbors: try p.int("k"), weighting: try p.string("w") == "uniform" ? .uniform : .distance)
            }
        }
        let candidates = try search(seed: 7).candidates()
        #expect(candidates == (try search(seed: 7).candidates()))
        #expect(candidates != (try search(seed: 8).candidates()))
        #expect(candidates.allSatisfy { (1...15).contains($0["k"]!.intValue!) && ["uniform", "distance"].contains($0["w"]!.stringValue!) })
        let result = try search(seed: 7).fit(x, y)
        for (p, r) in zip(candidates, result.results) {
            let model = KNeighborsClassifier(neighbors: p["k"]!.intValue!, weighting: p["w"]!.stringValue! == "uniform" ? .uniform : .distance)
            #expect(try crossValidate(model, x, y, folds: Self.folds, scoring: .accuracy) == r)
        }
        #expect(result.bestScore == result.results.map(\.mean).max())
    }

    @Test func listsOnlyAreSampledWithoutReplacement() throws {
        let search = RandomizedSearch(distributions: ["c": .choice([0.1, 1]), "iterations": .choice([50, 100])], iterations: 10, seed: 3,
                                      folds: Self.folds, scoring: .accuracy, build: Self.logistic)
        let drawn = try search.candidates()
        #expect(drawn.count == 4)
        #expect(Set(drawn) == Set(GridSearch(grid: ["c": [0.1, 1], "iterations": [50, 100]], folds: Self.folds, scoring: .accuracy,
                                             build: Self.logistic).candidates))
        var fewer = search
        fewer.iterations = 2
        #expect(try fewer.candidates() == Array(drawn.prefix(2)))
    }

    @Test func badSearchesGiveTypedErrors() throws {
        let (x, y) = try modelSelectionData("iris")
        let empty = GridSearch(grid: ["c": [], "iterations": [100]], folds: Self.folds, scoring: .accuracy, build: Self.logistic)
        #expect(empty.candidates.isEmpty)
        #expect(throws: ClassicMLError.self) { try empty.fit(x, y) }
        let badValue = GridSearch(grid: ["c": ["big"], "iterations": [100]], folds: Self.folds, scoring: .accuracy, build: Self.logistic)
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "c", value: "big", expected: "a number")) { try badValue.fit(x, y) }
        let noDraws = RandomizedSearch(distributions: ["c": .uniform(0.1...1)], iterations: 0, seed: 0, folds: Self.folds, scoring: .accuracy) {
            p throws(ClassicMLError) in LogisticRegression(c: try p.double("c"))
        }
        #expect(throws: ClassicMLError.invalidHyperparameter(name: "iterations", value: "0", expected: "≥ 1")) { try noDraws.fit(x, y) }
        let tooManyFolds = GridSearch(grid: ["c": [1], "iterations": [100]], folds: .kFold(KFold(splits: 151)), scoring: .accuracy, build: Self.logistic)
        #expect(throws: ClassicMLError.tooFewSamples(what: "151-fold cross-validation", needed: 151, found: 150)) { try tooManyFolds.fit(x, y) }
    }
}
