import ClassicML
import Datasets
import Tensors
import Testing
import TestSupport

@Suite("ColumnTransformer")
struct ColumnTransformerTests {
    /// Columns: numeric (with a NaN), categorical code, numeric.
    static let table = TabularDataset(
        features: Tensor([1, 0, 10, 2, 1, 20, Float.nan, 2, 30, 4, 1, 40] as [Float], shape: [4, 3]),
        featureNames: ["a", "colour", "b"], categories: [nil, ["red", "green", "blue"], nil])

    @Test func automaticImputesScalesAndEncodes() throws {
        let transformer = ColumnTransformer.automatic(for: Self.table)
        #expect(transformer.groups.map(\.columns) == [[0, 2], [1]])
        let fitted = try transformer.fit(Self.table.features)
        let out = try fitted.transform(Self.table.features)
        #expect(out.shape == [4, 5])
        // The numeric block equals imputing then scaling those columns by hand.
        let numeric = Tensor([1, 10, 2, 20, Float.nan, 30, 4, 40] as [Float], shape: [4, 2])
        let imputed = try SimpleImputer().fit(numeric).transform(numeric)
        let scaled = try StandardScaler().fit(imputed).transform(imputed).doubles
        let values = out.doubles
        for r in 0..<4 {
            #expect(Array(values[(r * 5)..<(r * 5 + 2)]) == Array(scaled[(r * 2)..<(r * 2 + 2)]))
        }
        #expect(Array(values[2..<5]) == [1, 0, 0])
        #expect(Array(values[17..<20]) == [0, 1, 0])
        // An unseen category becomes all zeros (handleUnknown: .ignore).
        let unseen = try fitted.transform(Tensor([1, 7, 10] as [Float], shape: [1, 3]))
        #expect(Array(unseen.doubles[2..<5]) == [0, 0, 0])
    }

    @Test func passthroughKeepsTheOtherColumnsInOrder() throws {
        let transformer = ColumnTransformer(groups: [.init(columns: [1], steps: [.oneHotEncoder(OneHotEncoder())])], remainder: .passthrough)
        let out = try transformer.fitTransform(Self.table.features)
        #expect(out.shape == [4, 5])
        #expect(Array(out.doubles[0..<5]) == [1, 0, 0, 1, 10])
        let dropped = try ColumnTransformer(groups: [.init(columns: [2], steps: [])]).fitTransform(Self.table.features)
        #expect(dropped.doubles == [10, 20, 30, 40])
    }

    @Test func badColumnsAndWidthsThrow() throws {
        #expect(throws: ClassicMLError.self) { try ColumnTransformer(groups: [.init(columns: [3], steps: [])]).fit(Self.table.features) }
        #expect(throws: ClassicMLError.self) { try ColumnTransformer(groups: [.init(columns: [], steps: [])]).fit(Self.table.features) }
        let fitted = try ColumnTransformer.automatic(for: Self.table).fit(Self.table.features)
        #expect(throws: ClassicMLError.featureCountMismatch(expected: 3, found: 2)) { try fitted.transform(Tensor.zeros([1, 2])) }
    }
}

@Suite("ColumnTransformerPipeline")
struct ColumnTransformerPipelineTests {
    /// Iris with a categorical fifth column (a code 0…3) and, with `missing`, a few missing petal lengths.
    static func mixedIris(missing: Bool = true) throws -> (table: TabularDataset, y: Tensor) {
        let (x, y) = try modelSelectionData("iris")
        var values: [Double] = []
        for r in 0..<150 {
            var row = Array(x.doubles[(r * 4)..<(r * 4 + 4)])
            if missing && r % 17 == 3 { row[2] = .nan }
            values += row + [Double((r * 7) % 4)]
        }
        let table = TabularDataset(features: Tensor(values, shape: [150, 5]), featureNames: ["sl", "sw", "pl", "pw", "lot"],
                                   categories: [nil, nil, nil, nil, ["a", "b", "c", "d"]])
        return (table, y)
    }

    @Test func mixedTablePipelinePassesTheEstimatorChecksAndRoundTrips() throws {
        // checkEstimator compares inputs with ==, so its data has no NaN; it injects one itself (acceptsNaN).
        let (table, y) = try Self.mixedIris(missing: false)
        let pipeline = Pipeline(steps: [.columnTransformer(.automatic(for: table)), .minMaxScaler(MinMaxScaler())],
                                estimator: LogisticRegression())
        try checkEstimator(pipeline, x: table.features, y: y, acceptsNaN: true) { (model, x) throws(ClassicMLError) in
            try model.predictProbabilities(x)
        }
        let (withMissing, _) = try Self.mixedIris()
        let model = try pipeline.fit(withMissing.features, y)
        #expect(model.estimator.featureCount == 8)
        #expect(try Scorer<FittedPipeline<FittedLogisticRegression>>.accuracy.score(model, withMissing.features, y) > 0.9)
    }

    @Test func constantImputerAndUnknownPolicySurviveSaving() throws {
        let (table, y) = try Self.mixedIris()
        let transformer = ColumnTransformer(groups: [
            .init(columns: [2], steps: [.simpleImputer(SimpleImputer(strategy: .constant(-1)))]),
            .init(columns: [4], steps: [.oneHotEncoder(OneHotEncoder(handleUnknown: .ignore))]),
        ], remainder: .passthrough)
        let model = try Pipeline(steps: [.columnTransformer(transformer)], estimator: Ridge()).fit(table.features, y)
        let loaded = try FittedPipeline<FittedRidge>(archive: model.archive())
        let unseen = Tensor([5, 3, Double.nan, 1, 9] as [Double], shape: [1, 5])
        #expect(try loaded.predict(unseen).doubles == model.predict(unseen).doubles)
        #expect(try loaded.transform(unseen).doubles == [-1, 0, 0, 0, 0, 5, 3, 1])
    }
}
