// Runs of `swiftlearn fit` / `cv` on inputs they had not been tried on: a column whose kind differs between the
// training file and the new file, and infinite feature values. Errors name the column and the 1-based data row.
import ClassicML
import Datasets
import Foundation
import Tensors
import Testing
import TestSupport

@Suite("ClassicRun: column kinds that changed, infinite values")
struct UnseenInputCatalogTests {
    func table(_ text: String, target: String? = "label") throws -> TabularDataset {
        var options = CSVOptions()
        options.target = target
        return try CSVReader(options: options).read(string: text)
    }

    /// 12 rows: numeric `size`, categorical `zip` whose values are mostly numbers ("100", "200") plus "A7".
    var training: String {
        var csv = "size,zip,label\n"
        for i in 0..<12 { csv += "\(i),\(["100", "200", "A7"][i % 3]),\(i % 2 == 0 ? "even" : "odd")\n" }
        return csv
    }

    func fitted() throws -> ClassicRunConfig {
        var options = ClassicRunOptions(model: "knn")
        options.testFraction = 0.25
        return try ClassicRun.fit(try table(training), dataName: "t", options: options).0
    }

    @Test func textInANumericColumnIsAnError() throws {
        let config = try fitted()
        #expect(config.categories[0] == nil && config.categories[1] != nil)
        // "abc" makes `size` a text column of the new file; its category code used to be taken as the size.
        do {
            _ = try ClassicRun.features(of: try table("size,zip\n3,100\nabc,200\n", target: nil), for: config)
            Issue.record("a non-numeric value in a numeric column was accepted")
        } catch {
            #expect("\(error)" == "feature 'size', data row 2: expected a number (the column was numeric in training), found 'abc'")
        }
    }

    @Test func aCategoricalColumnReadAsNumbersKeepsItsCategories() throws {
        let config = try fitted()
        let saved = try #require(config.categories[1])
        // Every zip in this file looks like a number, so the reader takes the column as numeric. The values must
        // still map to the saved categories "100" and "200" (they used to become the unknown code: all zeros).
        let numeric = try table("size,zip\n3,100\n4,200\n5,300\n", target: nil)
        #expect(numeric.categories[1] == nil)
        let x = try ClassicRun.features(of: numeric, for: config).doubles
        #expect(x == [3, Double(saved.firstIndex(of: "100")!), 4, Double(saved.firstIndex(of: "200")!), 5, Double(saved.count)])
        // The same rows read as text give the same codes.
        let text = try table("size,zip\n3,100\n4,200\n5,A7\n", target: nil)
        #expect(text.categories[1] != nil)
        #expect(Array(try ClassicRun.features(of: text, for: config).doubles.prefix(4)) == Array(x.prefix(4)))
    }

    @Test func infiniteFeaturesNameColumnAndRowEvenWhenImputedOrAccepted() throws {
        var csv = training
        csv = csv.replacingOccurrences(of: "\n5,", with: "\ninf,")
        let data = try table(csv)
        // Imputation fills NaN only, and hist-gradient-boosting accepts NaN only: inf used to reach the scaler or
        // the model and fail as "row 0, column 1" counted after preprocessing.
        for (model, impute) in [("knn", SimpleImputer.Strategy.mean), ("hist-gradient-boosting", nil), ("knn", nil)] {
            var options = ClassicRunOptions(model: model)
            options.impute = impute
            do {
                _ = try ClassicRun.fit(data, dataName: "t", options: options)
                Issue.record("an infinite feature was accepted by \(model)")
            } catch let ClassicMLError.nonFiniteFeature(row, column, value) {
                #expect(row == 5 && column == "size" && value == .infinity)
            }
        }
        #expect(ClassicMLError.nonFiniteFeature(row: 5, column: "size", value: .infinity).description
            == "feature 'size' is inf at data row 6; only finite numbers (or missing values) are accepted")
        // At prediction time too.
        let config = try fitted()
        #expect(throws: ClassicMLError.nonFiniteFeature(row: 1, column: "size", value: -.infinity)) {
            _ = try ClassicRun.features(of: try self.table("size,zip\n3,100\n-inf,200\n", target: nil), for: config)
        }
    }

    @Test func oneClassIsNamedByItsLabel() throws {
        // Text labels make it a classification table with a single class.
        let options = ClassicRunOptions(model: "knn")
        let data = try table("size,label\n1,cat\n2,cat\n3,cat\n4,cat\n")
        #expect(throws: ClassicMLError.invalidTargets("the target has one class ('cat'); a classifier needs at least two")) {
            _ = try ClassicRun.fit(data, dataName: "t", options: options)
        }
    }
}
