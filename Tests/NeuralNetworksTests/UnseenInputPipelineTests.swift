// The saved preprocessing of `swiftlearn train` runs on inputs it had not been tried on: a numeric training
// column that a new file reads as text, and infinite values. Each is an error naming column and data row.
import Datasets
import Foundation
@testable import NeuralNetworks
import Tensors
import Testing

@Suite("FeaturePipeline: non-numeric and infinite values")
struct UnseenInputPipelineTests {
    var training: String { "size,colour,label\n1,red,a\n2,green,b\n3,blue,a\n4,red,b\n" }

    @Test func textInANumericColumnIsAnErrorNotACategoryCode() throws {
        let pipeline = try FeaturePipeline.fit(try labelledTable(training), rows: Array(0..<4), imputation: nil)
        // "abc" makes the reader take `size` as categories; its code (0) used to be fed to the model as the size.
        let test = try labelledTable("size,colour,label\n2,red,a\nabc,blue,b\n")
        do {
            _ = try pipeline.encode(test)
            Issue.record("a non-numeric value in a numeric column was accepted")
        } catch let error as RecipeError {
            #expect(error == .nonNumericValue(column: "size", value: "abc", row: 1))
            #expect(error.description == "column 'size', data row 2: expected a number (the column was numeric in training), found 'abc'")
        }
    }

    @Test func numbersInAColumnReadAsTextKeepTheirValues() throws {
        let pipeline = try FeaturePipeline.fit(try labelledTable(training), rows: Array(0..<4), imputation: nil)
        // A file whose `size` column was read as text (forced here; in practice one odd value does it): values that
        // spell numbers, with surrounding spaces as the reader allows, must come through as those numbers.
        var options = CSVOptions()
        options.target = "label"
        options.columnKinds = ["size": .categorical]
        let test = try CSVReader(options: options).read(string: "size,colour,label\n4,red,a\n\" 1\",blue,b\n")
        let asText = try pipeline.encodeColumns(test, rows: [0, 1])
        let asNumbers = try pipeline.encodeColumns(try labelledTable("size,colour,label\n4,red,a\n1,blue,b\n"), rows: [0, 1])
        #expect(asText.scalars == asNumbers.scalars)
        #expect(asText.scalars[0] == 4 && asText.scalars[asText.shape[1]] == 1)
    }

    @Test func infiniteValuesNameColumnAndDataRow() throws {
        // In training: the scaler used to report a 0-based position among the training rows ("row 0, column 1").
        let train = try labelledTable("size,colour,label\n1,red,a\n2,green,b\ninf,blue,a\n4,red,b\n")
        for imputation: SimpleImputer.Strategy? in [nil, .mean] {
            #expect(throws: RecipeError.infiniteValue(column: "size", row: 2)) {
                _ = try FeaturePipeline.fit(train, rows: [1, 2, 3], imputation: imputation)
            }
        }
        // At prediction time it used to reach the network as inf and come out as NaN probabilities.
        let pipeline = try FeaturePipeline.fit(try labelledTable(training), rows: Array(0..<4), imputation: .mean)
        #expect(throws: RecipeError.infiniteValue(column: "size", row: 0)) {
            _ = try pipeline.encode(try labelledTable("size,colour,label\n-1e400,red,a\n"))
        }
        #expect(RecipeError.infiniteValue(column: "size", row: 0).description
            == "column 'size', data row 1: the value is infinite; only finite numbers (or missing values, with --impute) are accepted")
    }

    @Test func missingValuesNameTheFeatureBehindTheOneHotBlock() throws {
        // colour is one-hot (3 encoded columns) ahead of size, so size's NaN sits in encoded column 3.
        let data = try labelledTable("colour,size,label\nred,1,a\ngreen,,b\nblue,3,a\nred,4,b\n")
        #expect(throws: RecipeError.missingValues(rows: [1], count: 1, columns: ["size"])) {
            _ = try FeaturePipeline.fit(data, rows: Array(0..<4), imputation: nil)
        }
    }
}
