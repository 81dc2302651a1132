import Testing
import Tensors
@testable import ClassicML

@Suite("Estimator input validation")
struct ValidationTests {
    @Test func badInputGivesTypedErrors() {
        #expect(throws: ClassicMLError.invalidShape(expected: "a 2-D [samples, features] matrix", found: [3])) {
            _ = try Validation.matrix(Tensor([1.0, 2, 3]))
        }
        #expect(throws: ClassicMLError.emptyDataset) { _ = try Validation.matrix(Tensor.zeros([0, 3])) }
        #expect(throws: ClassicMLError.nonFinite(row: 1, column: 0)) {
            _ = try Validation.matrix(Tensor([1.0, 2, .nan, 4], shape: [2, 2]))
        }
        #expect(throws: ClassicMLError.lengthMismatch(features: 2, targets: 3)) {
            _ = try Validation.targets(Tensor([0.0, 1, 0]), rows: 2)
        }
        #expect(throws: ClassicMLError.singleClass(label: 1)) { _ = try Validation.classes([1, 1, 1]) }
        #expect(throws: ClassicMLError.featureCountMismatch(expected: 3, found: 2)) {
            _ = try Validation.features(Tensor.ones([4, 2]), expected: 3)
        }
    }

    @Test func classesAreSortedWithCodes() throws {
        let (classes, codes) = try Validation.classes([5, 2, 5, 9])
        #expect(classes == [2, 5, 9])
        #expect(codes == [1, 0, 1, 2])
    }
}
