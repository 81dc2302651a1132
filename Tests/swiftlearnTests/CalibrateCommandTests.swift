// `swiftlearn calibrate` and `predict --conformal`: calibration.json written beside the model, calibrated
// probabilities and prediction sets in the output, and the bad-input paths.
import Foundation
import Testing
import TestSupport

@Suite("swiftlearn calibrate, predict --conformal", .serialized)
struct CalibrateCommandTests {
    let scratch = ScratchDirectory("calibrate-cli")
    var dir: URL { scratch.url }

    @Test func calibratesAClassicalRunAndPredictsSets() throws {
        let fit = try CommandRunner.run(["fit", "--model", "logistic-regression", "--data", "iris", "--output", "lr"], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        // --conformal before any calibration: a clear error that says what to run.
        let early = try CommandRunner.run(["predict", "--model", "lr", "--data", "iris", "--conformal", "0.1"], in: dir)
        #expect(early.status == 1)
        #expect(early.stderr.contains("swiftlearn calibrate"))
        let calibrate = try CommandRunner.run(["calibrate", "--model", "lr", "--data", "iris"], in: dir)
        #expect(calibrate.status == 0, "\(calibrate.stderr)")
        #expect(calibrate.stdout.contains("temperature"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("lr/calibration.json").path))
        let predict = try CommandRunner.run(["predict", "--model", "lr", "--data", "iris", "--conformal", "0.1"], in: dir)
        #expect(predict.status == 0, "\(predict.stderr)")
        let lines = predict.stdout.split(separator: "\n")
        #expect(lines.first == "row,prediction,p_setosa,p_versicolor,p_virginica,set")
        #expect(lines.count == 151)
        // Every set is non-empty names joined by '|'; setosa rows are covered by their own class.
        #expect(lines[1].hasSuffix(",setosa") || lines[1].contains("setosa|"))
        let bad = try CommandRunner.run(["predict", "--model", "lr", "--data", "iris", "--conformal", "1.5"], in: dir)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("1.5"))
    }
}
