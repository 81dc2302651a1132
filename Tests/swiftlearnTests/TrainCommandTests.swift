// `swiftlearn train / evaluate / predict` end to end, and every bad-input path: a clear message, exit status 1,
// and nothing written.
import Foundation
import Testing
import TestSupport

@Suite("swiftlearn train, evaluate, predict", .serialized)
struct TrainCommandTests {
    let scratch = ScratchDirectory("cli")
    var dir: URL { scratch.url }

    func write(_ name: String, _ text: String) throws -> String { try scratch.write(name, text) }
    func contents() -> [String] { scratch.contents() }

    @Test func trainsEvaluatesAndPredictsOnACSV() throws {
        var csv = "a,b,colour,label\n"
        for i in 0..<120 {
            let a = Double(i % 10) / 10, b = Double((i * 7) % 10) / 10
            csv += "\(a),\(b),\(i % 2 == 0 ? "red" : "blue"),\(a + b > 0.9 ? "high" : "low")\n"
        }
        let file = try write("points.csv", csv)
        let train = try CommandRunner.run(["train", "--data", file, "--target", "label", "--epochs", "40", "--quiet", "--output", "run"], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("test accuracy"))
        #expect(train.stdout.contains("confusion matrix"))
        for f in ["model.safetensors", "config.json", "metrics.json"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("run/\(f)").path))
        }
        let eval = try CommandRunner.run(["evaluate", "--model", "run", "--data", file], in: dir)
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(eval.stdout.contains("accuracy"))
        let predict = try CommandRunner.run(["predict", "--model", "run", "--data", file, "--output", "predictions.csv"], in: dir)
        #expect(predict.status == 0, "\(predict.stderr)")
        let lines = try String(contentsOf: dir.appendingPathComponent("predictions.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 121)
        #expect(lines[0] == "row,prediction,p_high,p_low")

        // A colour the model never saw stops prediction with the column, row and value, and writes nothing…
        let unseen = try write("unseen.csv", "a,b,colour\n0.1,0.2,red\n0.5,0.6,purple\n")
        let refused = try CommandRunner.run(["predict", "--model", "run", "--data", unseen, "--output", "unseen-predictions.csv"], in: dir)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("colour") && refused.stderr.contains("purple") && refused.stderr.contains("data row 2"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("unseen-predictions.csv").path))
        // …unless unknown categories are allowed, which encodes them as all zeros.
        let allowed = try CommandRunner.run(["predict", "--model", "run", "--data", unseen, "--ignore-unknown-categories"], in: dir)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.split(separator: "\n").count == 3)
    }

    @Test func regressionReportsMAERMSEAndR2() throws {
        var csv = "x,y\n"
        for i in 0..<100 { csv += "\(Double(i) / 50),\(3 * Double(i) / 50 + 1)\n" }
        let file = try write("line.csv", csv)
        let r = try CommandRunner.run(["train", "--data", file, "--target", "y", "--model", "linear", "--epochs", "60", "--lr", "0.05",
                                       "--quiet", "--output", "reg"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("MAE") && r.stdout.contains("RMSE") && r.stdout.contains("R²"))
    }

    @Test func missingTargetListsTheColumnsAndWritesNothing() throws {
        let file = try write("t.csv", "a,b,c\n1,2,x\n3,4,y\n")
        let r = try CommandRunner.run(["train", "--data", file, "--target", "label", "--quiet", "--output", "out"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("label") && r.stderr.contains("a, b, c"), "\(r.stderr)")
        let none = try CommandRunner.run(["train", "--data", file, "--quiet", "--output", "out"], in: dir)
        #expect(none.status == 1)
        #expect(none.stderr.contains("--target"), "\(none.stderr)")
        #expect(!contents().contains("out"))
    }

    @Test func missingFeatureValuesNameTheRowsAndSuggestImputation() throws {
        var csv = "a,b,label\n"
        for i in 0..<40 { csv += (i == 5 ? "NA" : "\(i % 7)") + ",\(i == 12 ? "" : String(i % 3)),\(i % 2)\n" }
        let file = try write("nan.csv", csv)
        let r = try CommandRunner.run(["train", "--data", file, "--target", "label", "--quiet", "--output", "nan-run"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("--impute"), "\(r.stderr)")
        #expect(r.stderr.contains("6") && r.stderr.contains("13"), "data rows 6 and 13 (1-based): \(r.stderr)")
        #expect(r.stderr.contains("in column(s) 'a', 'b'"), "\(r.stderr)")
        #expect(!contents().contains("nan-run"))
        let fixed = try CommandRunner.run(["train", "--data", file, "--target", "label", "--impute", "median", "--epochs", "2",
                                           "--quiet", "--output", "nan-run"], in: dir)
        #expect(fixed.status == 0, "\(fixed.stderr)")
    }

    @Test func malformedCSVNamesTheLineAndWritesNothing() throws {
        let file = try write("bad.csv", "a,b,label\n1,2,0\n3,4\n5,6,1\n")
        let r = try CommandRunner.run(["train", "--data", file, "--target", "label", "--quiet", "--output", "bad-run"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.csv:3:"), "the error names line 3: \(r.stderr)")
        #expect(!contents().contains("bad-run"))
    }

    @Test func aModelAppliedToDataWithOtherFeaturesSaysBothCounts() throws {
        let train = try CommandRunner.run(["train", "--data", "iris", "--epochs", "1", "--quiet", "--output", "iris-run"], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        let r = try CommandRunner.run(["evaluate", "--model", "iris-run", "--data", "wine"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("expects 4") && r.stderr.contains("has 13"), "\(r.stderr)")
        let missing = try CommandRunner.run(["evaluate", "--model", "no-such-run"], in: dir)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("config.json"), "\(missing.stderr)")
    }

    @Test func unsuitableOptionsAreRejectedBeforeTraining() throws {
        let cnn = try CommandRunner.run(["train", "--data", "iris", "--model", "cnn", "--quiet", "--output", "x"], in: dir)
        #expect(cnn.status == 1)
        #expect(cnn.stderr.contains("image"), "\(cnn.stderr)")
        let unknown = try CommandRunner.run(["train", "--data", "mnist", "--quiet", "--output", "x"], in: dir)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("digits"), "\(unknown.stderr)")
        #expect(!contents().contains("x"))
    }
}
