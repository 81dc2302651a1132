// OneHotEncoder and LabelEncoder against scikit-learn.
import Testing
@testable import Datasets
import Tensors
import TestSupport

@Suite("Encoders")
struct EncodersTests {
    @Test("OneHotEncoder categories and transform match sklearn; unknown → zeros or error")
    func oneHot() throws {
        let r = try ReferenceFixture.load().preprocessing.onehot
        let x = Tensor(r.input.values, shape: [5, 2])
        let ignoring = try OneHotEncoder(handleUnknown: .ignore).fit(x)
        #expect(ignoring.categories == r.categories)
        #expect(ignoring.outputCount == 6)
        #expect(try ignoring.transform(x).doubles == r.transform.values)
        let unseen = Tensor(r.unseen.values, shape: [2, 2])
        #expect(try ignoring.transform(unseen).doubles == r.unseen_transform.values)
        let strict = try OneHotEncoder().fit(x)
        #expect(datasetError { _ = try strict.transform(unseen) } == .unknownCategory(column: 0, value: "3", known: ["0", "1", "2"]))
        #expect(strict.outputNames(inputNames: ["a", "b"]) == ["a_0", "a_1", "a_2", "b_10", "b_20", "b_30"])
        #expect(strict.outputNames(inputNames: ["a", "b"], vocabularies: [["red", "green", "blue"], nil]).prefix(3) == ["a_red", "a_green", "a_blue"])
        let nan = Tensor([0, .nan] as [Float], shape: [2, 1])
        #expect(datasetError { _ = try OneHotEncoder().fit(nan) } == .nanInFeatures(operation: "OneHotEncoder.fit", rows: [1], count: 1))
    }

    @Test("OneHotEncoder over a CSV's categorical codes")
    func oneHotCSV() throws {
        let d = try readCSV("color,n\nred,1\nblue,2\nred,3\ngreen,4\n")
        let color = d.features.narrowed(axis: 1, start: 0, length: 1)
        let enc = try OneHotEncoder().fit(color)
        #expect(enc.outputNames(inputNames: ["color"], vocabularies: d.categories) == ["color_blue", "color_green", "color_red"])
        #expect(try enc.transform(color).scalars == [0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0])
    }

    @Test("LabelEncoder matches sklearn; round trip; unknown labels and NaN throw")
    func labels() throws {
        let r = try ReferenceFixture.load().preprocessing.label_encoder
        let enc = LabelEncoder().fit(r.input)
        #expect(enc.classes == r.classes)
        let codes = try enc.transform(r.input)
        #expect(codes.dtype == .int64 && codes.integers == r.transform)
        #expect(try enc.inverseTransform(codes) == r.input)
        #expect(datasetError { _ = try enc.transform(["rose"]) }
            == .unknownCategory(column: 0, value: "rose", known: ["setosa", "versicolor", "virginica"]))
        let numeric = try LabelEncoder().fit(Tensor([3, 1, 3, 7] as [Float]))
        #expect(numeric.classes == [1, 3, 7])
        #expect(try numeric.transform(Tensor([7, 1] as [Float])).integers == [2, 0])
        #expect(datasetError { _ = try LabelEncoder().fit(Tensor([1, .nan] as [Float])) } != nil)
    }
}
