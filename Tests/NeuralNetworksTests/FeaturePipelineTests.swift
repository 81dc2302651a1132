// The saved preprocessing of `swiftlearn train` runs: categories unseen in training are an error that names the
// column, row and value, unless the caller asks for all-zero indicators.
import Datasets
import Foundation
@testable import NeuralNetworks
import Tensors
import Testing

@Suite("FeaturePipeline: unknown categories")
struct FeaturePipelineTests {
    /// The one-hot encoded (unscaled) rows, as nested arrays.
    func encodedRows(_ pipeline: FeaturePipeline, _ data: TabularDataset) throws -> [[Float]] {
        let x = try pipeline.encodeColumns(data, rows: Array(0..<data.rowCount))
        let w = x.shape[1]
        return (0..<x.shape[0]).map { Array(x.scalars[$0 * w..<($0 + 1) * w]) }
    }

    var training: String {
        "size,colour,label\n1,red,a\n2,green,b\n3,blue,a\n4,red,b\n5,green,a\n6,blue,b\n"
    }

    @Test func knownCategoriesEncodeOneHot() throws {
        let train = try labelledTable(training)
        let pipeline = try FeaturePipeline.fit(train, rows: Array(0..<6), imputation: nil)
        #expect(pipeline.categories[1] == ["red", "green", "blue"] || pipeline.categories[1]?.sorted() == ["blue", "green", "red"])
        // A new file whose own vocabulary is ordered differently still maps by name.
        let test = try labelledTable("size,colour,label\n1,blue,a\n2,red,b\n")
        let encoded = try encodedRows(pipeline, test)
        let vocabulary = try #require(pipeline.categories[1])
        #expect(encoded[0][1 + vocabulary.firstIndex(of: "blue")!] == 1)
        #expect(encoded[1][1 + vocabulary.firstIndex(of: "red")!] == 1)
        #expect(encoded[0].dropFirst().reduce(0, +) == 1 && encoded[1].dropFirst().reduce(0, +) == 1)
    }

    @Test func unseenCategoryThrowsNamingColumnRowAndValue() throws {
        let pipeline = try FeaturePipeline.fit(try labelledTable(training), rows: Array(0..<6), imputation: nil)
        let test = try labelledTable("size,colour,label\n1,red,a\n2,purple,b\n")
        #expect {
            _ = try pipeline.encode(test)
        } throws: { error in
            guard case let RecipeError.unknownCategory(column, value, row, known) = error else { return false }
            let message = String(describing: error)
            return column == "colour" && value == "purple" && row == 1 && Set(known) == ["red", "green", "blue"]
                && message.contains("data row 2") && message.contains("--ignore-unknown-categories")
        }
    }

    @Test func ignorePolicyEncodesAllZeros() throws {
        let pipeline = try FeaturePipeline.fit(try labelledTable(training), rows: Array(0..<6), imputation: nil)
        let test = try labelledTable("size,colour,label\n1,red,a\n2,purple,b\n")
        let x = try pipeline.encode(test, unknownCategories: .ignore)
        #expect(x.shape == [2, 4])
        // Standardised, an all-zero indicator block equals (0 − mean) / scale in each of the three columns.
        let known = try pipeline.encode(try labelledTable("size,colour,label\n2,red,b\n"))
        #expect(x.scalars[4] == known.scalars[0])  // the size column is encoded as before
        guard case let .standardize(mean, scale) = pipeline.scaling else { Issue.record("expected standardisation"); return }
        for k in 1..<4 { #expect(abs(Double(x.scalars[4 + k]) - (0 - mean[k]) / scale[k]) < 1e-6) }
    }

    @Test func numericLookingValuesMatchCategoricalTrainingVocabulary() throws {
        // Training reads "grade" as categorical (one value is text); a prediction file holding only "1" and "2"
        // is read as numbers, and must still match the training categories by their text.
        let train = try labelledTable("grade,label\n1,a\n2,b\nx,a\n1,b\n2,a\nx,b\n")
        let pipeline = try FeaturePipeline.fit(train, rows: Array(0..<6), imputation: nil)
        let test = try labelledTable("grade,label\n2,a\n1,b\n")
        let encoded = try encodedRows(pipeline, test)
        let vocabulary = try #require(pipeline.categories[0])
        #expect(encoded[0][vocabulary.firstIndex(of: "2")!] == 1)
        #expect(encoded[1][vocabulary.firstIndex(of: "1")!] == 1)
        #expect(throws: RecipeError.self) { _ = try pipeline.encode(try labelledTable("grade,label\n3,a\n")) }
    }
}

/// A CSV table in memory whose column "label" is the target (shared by the FeaturePipeline suites).
func labelledTable(_ text: String) throws -> TabularDataset {
    var options = CSVOptions()
    options.target = "label"
    return try CSVReader(options: options).read(string: text)
}
