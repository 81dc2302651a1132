// `swiftlearn fit / cv` end to end (with `predict` and `evaluate` on the saved run), and their bad-input paths:
// a message that says what was expected, exit status 1, and nothing written.
import Foundation
import Testing
import TestSupport

@Suite("swiftlearn fit, cv", .serialized)
struct ClassicCommandsTests {
    let scratch = ScratchDirectory("classic-cli")
    var dir: URL { scratch.url }

    func write(_ name: String, _ text: String) throws -> String { try scratch.write(name, text) }
    func contents() -> [String] { scratch.contents() }

    /// A CSV with a numeric, a categorical and a label column; the label depends on both features.
    func mixedCSV(rows: Int = 120) throws -> String {
        var csv = "size,colour,label\n"
        for i in 0..<rows {
            let size = Double(i % 12), colour = ["red", "green", "blue"][i % 3]
            csv += "\(size),\(colour),\(size > 5 || colour == "blue" ? "big" : "small")\n"
        }
        return try write("mixed.csv", csv)
    }

    @Test func fitPrintsIntervalsSavesAndPredictsAgain() throws {
        let file = try mixedCSV()
        let fit = try CommandRunner.run(["fit", "--model", "random-forest", "--data", file, "--target", "label", "--tree-count", "30",
                                         "--max-depth", "6", "--output", "rf"], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        #expect(fit.stdout.contains("tree-count=30"))
        #expect(fit.stdout.contains("accuracy"))
        #expect(fit.stdout.contains("95% bootstrap CI"))
        for f in ["model.safetensors", "config.json", "metrics.json"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("rf/\(f)").path))
        }
        // The rule is learnable: held-out accuracy is high.
        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("rf/metrics.json"))) as! [[String: Any]]
        let accuracy = metrics.first { $0["name"] as? String == "accuracy" }!["value"] as! Double
        #expect(accuracy > 0.9)

        // Predict on a file without the label column, its columns in another order and a colour never seen.
        let newRows = try write("new.csv", "colour,size\nblue,1\nred,11\npurple,0\n")
        let predict = try CommandRunner.run(["predict", "--model", "rf", "--data", newRows], in: dir)
        #expect(predict.status == 0, "\(predict.stderr)")
        let lines = predict.stdout.split(separator: "\n")
        #expect(lines.first == "row,prediction,p_big,p_small")
        #expect(lines.count == 4)
        #expect(lines[1].hasPrefix("1,big,"))
        #expect(lines[2].hasPrefix("2,big,"))

        let evaluate = try CommandRunner.run(["evaluate", "--model", "rf", "--data", file], in: dir)
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        #expect(evaluate.stdout.contains("balanced_accuracy"))
    }

    @Test func cvPrintsMeanAndSpreadPerFoldAndSavesTheRefittedModel() throws {
        let cv = try CommandRunner.run(["cv", "--model", "logistic-regression", "--data", "iris", "--folds", "4", "--c", "2", "--json",
                                        "--output", "lr"], in: dir)
        #expect(cv.status == 0, "\(cv.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(cv.stdout.utf8)) as! [String: Any]
        #expect(report["command"] as? String == "cv")
        #expect(report["trainRows"] as? Int == 150)
        #expect((report["hyperparameters"] as? [String: String])?["c"] == "2.0")
        let metrics = report["metrics"] as! [[String: Any]]
        let accuracy = metrics.first { $0["name"] as? String == "accuracy" }!
        let folds = accuracy["folds"] as! [Double]
        #expect(folds.count == 4)
        let mean = folds.reduce(0, +) / 4
        #expect(abs((accuracy["value"] as! Double) - mean) < 1e-12)
        let sd = (folds.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4).squareRoot()
        #expect(abs((accuracy["standardDeviation"] as! Double) - sd) < 1e-12)
        #expect(mean > 0.9)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("lr/model.safetensors").path))
    }

    @Test func cvOnRegressionReportsR2RMSEAndMAE() throws {
        var csv = "x1,x2,y\n"
        for i in 0..<80 { csv += "\(i % 9),\((i * 5) % 7),\(2 * Double(i % 9) - Double((i * 5) % 7) + 0.1 * Double(i % 3))\n" }
        let file = try write("reg.csv", csv)
        let cv = try CommandRunner.run(["cv", "--model", "ridge", "--data", file, "--target", "y", "--alpha", "0.1", "--output", "ridge"], in: dir)
        #expect(cv.status == 0, "\(cv.stderr)")
        for name in ["r2", "rmse", "mae"] { #expect(cv.stdout.contains(name)) }
        #expect(cv.stdout.contains("std over 5 folds"))
    }

    @Test func badInputGivesAClearErrorAndWritesNothing() throws {
        let file = try mixedCSV()
        // 8 rows, so the stratified hold-out (2 rows) can hold both classes, as scikit-learn requires.
        let withNaN = try write("nan.csv", "a,b,label\n1,2,x\n3,,y\n5,6,x\n7,8,y\n2,1,x\n4,3,y\n6,5,x\n8,7,y\n")
        let cases: [([String], String)] = [
            (["fit", "--model", "no-such-model", "--data", "iris"], "expected one of logistic-regression"),
            (["fit", "--model", "knn", "--data", "iris", "--bogus", "3"], "knn's hyperparameters: neighbors"),
            (["fit", "--model", "knn", "--data", "iris", "--neighbors", "-2"], "neighbors = -2 is invalid: expected an integer"),
            (["fit", "--model", "random-forest", "--data", "iris", "--max-features", "most"], "expected one of auto, all, sqrt, log2"),
            (["fit", "--model", "ridge", "--data", "iris"], "expected regression for ridge"),
            (["fit", "--model", "knn", "--data", withNaN, "--target", "label"], "feature 'b' is missing (NaN) at data row 2"),
            (["fit", "--model", "knn", "--data", withNaN, "--target", "label", "--impute", "mean", "--neighbors", "10"],
             "needs at least 10 samples"),
            (["fit", "--model", "knn", "--data", file, "--target", "nope"], "nope"),
            (["fit", "--model", "knn", "--data", file, "--target", "label", "--neighbors"], "--neighbors needs a value"),
            (["cv", "--model", "knn", "--data", file, "--target", "label", "--folds", "1"], "--folds must be at least 2"),
            (["cv", "--model", "knn", "--data", file, "--target", "label", "--folds", "500"], "needs at least 500 samples"),
        ]
        for (args, message) in cases {
            let r = try CommandRunner.run(args + ["--output", "should-not-exist"], in: dir)
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
            #expect(!contents().contains("should-not-exist"), "\(args) wrote a run")
        }
    }

    @Test func listModelsShowsEveryHyperparameterWithItsDefault() throws {
        let r = try CommandRunner.run(["fit", "--list-models"], in: dir)
        #expect(r.status == 0)
        #expect(r.stdout.contains("random-forest [classification, regression]"))
        #expect(r.stdout.contains("--tree-count (an integer in [1, 100000]; default 100)"))
    }
}
