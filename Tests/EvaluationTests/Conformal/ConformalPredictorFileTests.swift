// Fitted conformal predictors save as JSON and load back equal; broken files give a typed error.
import Foundation
import Testing
import Evaluation

@Suite struct ConformalPredictorFileTests {
    private func temporaryURL() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("conformal-\(UUID().uuidString).json")
    }

    @Test func classifierRoundTrips() throws {
        let p: [[Double]] = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.5, 0.25, 0.25], [0.2, 0.2, 0.6]]
        let fitted = try SplitConformalClassifier(score: .raps(lambda: 0.1, kReg: 1, randomized: true), classConditional: true,
                                                  smallCalibration: .infiniteThreshold, seed: 42)
            .fit(probabilities: p, labels: [0, 1, 2, 0, 2])
        let url = temporaryURL()
        defer { try? FileManager.default.removeItem(at: url) }
        try fitted.save(to: url)
        let loaded = try FittedConformalClassifier.load(from: url)
        #expect(loaded == fitted)
        #expect(try loaded.predictionSets(p, alpha: 0.4) == fitted.predictionSets(p, alpha: 0.4))
    }

    @Test func regressorsRoundTrip() throws {
        let split = try SplitConformalRegressor.fit(predictions: [1, 2, 3, 4], truth: [1.5, 1, 3.2, 4])
        let cqr = try ConformalizedQuantileRegressor.fit(lower: [0, 1, 2], upper: [1, 2, 3], truth: [0.5, 2.5, 1])
        let a = temporaryURL(), b = temporaryURL()
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        try split.save(to: a)
        try cqr.save(to: b)
        #expect(try SplitConformalRegressor.load(from: a) == split)
        #expect(try ConformalizedQuantileRegressor.load(from: b) == cqr)
    }

    @Test func brokenFilesThrow() throws {
        let url = temporaryURL()
        defer { try? FileManager.default.removeItem(at: url) }
        #expect { try FittedConformalClassifier.load(from: url) } throws: { isFileError($0) }
        let unsorted = #"{"calibrationScores": [[0.3, 0.1]], "classCount": 2, "configuration": {"score": {"lac": {}}, "#
            + #""classConditional": false, "smallCalibration": "strict", "seed": 0}}"#
        try Data(unsorted.utf8).write(to: url)
        #expect { try FittedConformalClassifier.load(from: url) } throws: { error in
            isFileError(error) && "\(error)".contains("not sorted")
        }
        try Data("[1, 2]".utf8).write(to: url)
        #expect { try SplitConformalRegressor.load(from: url) } throws: { isFileError($0) }
        // Saving into a missing directory fails with the same typed error.
        let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/conformal.json")
        #expect { try SplitConformalRegressor.fit(predictions: [1], truth: [1]).save(to: missing) } throws: { isFileError($0) }
    }

    private func isFileError(_ error: any Error) -> Bool {
        if case .conformalFile = error as? EvaluationError { true } else { false }
    }
}
