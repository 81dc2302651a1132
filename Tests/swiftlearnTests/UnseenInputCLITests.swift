// `swiftlearn` on inputs it had not been tried on: targets spelled NAN or inf, infinite features, text in a
// numeric column at prediction time, option values that were silently half-accepted, an output directory that
// does not exist. Each fails with one line that says what and where, exit status 1, and nothing written.
import Foundation
import Testing
import TestSupport

@Suite("swiftlearn: unseen inputs", .serialized)
struct UnseenInputCLITests {
    let scratch = ScratchDirectory("cli-unseen")
    var dir: URL { scratch.url }

    func write(_ name: String, _ text: String) throws -> String { try scratch.write(name, text) }
    func contents() -> [String] { scratch.contents() }

    /// 40 rows: numeric x1, x2, categorical colour, label yes/no (from x1).
    func points(target: (Int) -> String = { $0 % 2 == 0 ? "no" : "yes" }) -> String {
        var csv = "x1,colour,x2,label\n"
        for i in 0..<40 { csv += "\(Double(i % 2) + Double(i % 7) / 10),\(["red", "green", "blue"][i % 3]),\(Double(i % 5) / 5),\(target(i))\n" }
        return csv
    }

    /// Runs `args` and checks the failure contract: status 1, one `error:` line containing `message`, no new files.
    func expectFailure(_ args: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = contents()
        let r = try CommandRunner.run(args, in: dir)
        #expect(r.status == 1, "\(args): \(r.stdout) \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.hasPrefix("error: ") && r.stderr.contains(message), "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(contents() == before, sourceLocation: sourceLocation)
    }

    @Test func nonFiniteTargetsNameTheirLine() throws {
        // "NAN" is not a missing marker but parses as NaN: it used to make the target a regression with a NaN mean
        // and fail at save time with a JSON EncodingError.
        let nan = try write("nan.csv", points { $0 == 6 ? "NAN" : String($0 % 2) })
        try expectFailure(["train", "--data", nan, "--target", "label", "--quiet", "--output", "r"],
                          "nan.csv:8: the target column \"label\" is missing a value")
        try expectFailure(["fit", "--data", nan, "--target", "label", "--output", "r"], "nan.csv:8: the target column \"label\" is missing a value")
        let inf = try write("inf.csv", points { $0 == 3 ? "inf" : String(Double($0) / 2) })
        try expectFailure(["train", "--data", inf, "--target", "label", "--quiet", "--output", "r"],
                          "inf.csv:5: column 4 (label): the regression target is \"inf\"")
        try expectFailure(["fit", "--data", inf, "--target", "label", "--model", "ridge", "--output", "r"],
                          "inf.csv:5: column 4 (label): the regression target is \"inf\"")
    }

    @Test func infiniteFeaturesNameColumnAndRow() throws {
        // x1 of data row 14 overflows Float32; the scaler used to say "row 0, column 1" (0-based, training rows).
        var lines = points().split(separator: "\n").map(String.init)
        lines[14] = "1e400" + lines[14].drop { $0 != "," }
        let file = try write("f.csv", lines.joined(separator: "\n") + "\n")
        for impute in [[], ["--impute", "mean"]] {
            try expectFailure(["train", "--data", file, "--target", "label", "--quiet", "--output", "r"] + impute,
                              "column 'x1', data row 14: the value is infinite")
            try expectFailure(["fit", "--data", file, "--target", "label", "--model", "hist-gradient-boosting", "--output", "r"] + impute,
                              "feature 'x1' is inf at data row 14")
        }
    }

    @Test func textInANumericColumnAtPredictionTimeIsAnError() throws {
        let file = try write("points.csv", points())
        let train = try CommandRunner.run(["train", "--data", file, "--target", "label", "--epochs", "2", "--quiet", "--output", "run"], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        let fit = try CommandRunner.run(["fit", "--data", file, "--target", "label", "--model", "logistic-regression", "--output", "fit"], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        // "abc" makes x1 a text column of this file; its category code (0) used to be predicted on as x1 = 0.
        let bad = try write("bad.csv", "x1,colour,x2\nabc,red,0.2\n0.5,red,0.2\n")
        try expectFailure(["predict", "--model", "run", "--data", bad],
                          "column 'x1', data row 1: expected a number (the column was numeric in training), found 'abc'")
        try expectFailure(["predict", "--model", "fit", "--data", bad],
                          "feature 'x1', data row 1: expected a number (the column was numeric in training), found 'abc'")
        let inf = try write("inf-new.csv", "x1,colour,x2\n0.5,red,0.2\n0.5,red,-inf\n")
        try expectFailure(["predict", "--model", "run", "--data", inf], "column 'x2', data row 2: the value is infinite")
        try expectFailure(["predict", "--model", "fit", "--data", inf], "feature 'x2' is -inf at data row 2")
        // A missing output directory is named as such (the atomic writer's own error started with "safetensors:").
        try expectFailure(["predict", "--model", "run", "--data", file, "--output", "missing/p.csv"],
                          "--output missing/p.csv: the directory")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("missing").path))
    }

    @Test func aClassWithOneRowIsNamedByItsLabel() throws {
        // The split used to say "class 0 has only 1 row" (the code) for the label "cat".
        let file = try write("pets.csv", "x,label\n1,dog\n2,cat\n3,dog\n4,dog\n5,bird\n6,bird\n")
        try expectFailure(["train", "--data", file, "--target", "label", "--quiet", "--output", "r"],
                          "class 'cat' of the target has 1 row(s); the stratified train/test split needs at least 2 rows per class")
        try expectFailure(["fit", "--data", file, "--target", "label", "--output", "r"],
                          "class 'cat' of the target has 1 row(s); the stratified train/test split needs at least 2 rows per class")
    }

    @Test func halfValidOptionsAreRejected() throws {
        let file = try write("points.csv", points())
        // compactMap used to drop "abc" and train a one-layer [16] model.
        try expectFailure(["train", "--data", file, "--target", "label", "--quiet", "--output", "r", "--hidden", "16,abc"],
                          "--hidden takes positive widths like 128,128, got '16,abc'")
        try expectFailure(["train", "--data", file, "--target", "label", "--quiet", "--output", "r", "--hidden", "16,"],
                          "--hidden takes positive widths")
        // An infinite learning rate trained to NaN and then failed in the JSON encoder.
        try expectFailure(["train", "--data", file, "--target", "label", "--quiet", "--output", "r", "--lr", "inf"],
                          "learning rate must be positive (the learning rate finite)")
    }

    @Test func damagedRunConfigIsDescribedInOneLine() throws {
        // A train run and a fit run whose config.json is cut short or has a wrong type: the error says what is
        // wrong with the JSON, not DecodingError's nested dump.
        let data = try write("points.csv", points())
        for (kind, command) in [("train-run", "evaluate"), ("fit-run", "predict")] {
            let run = dir.appendingPathComponent(kind)
            try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
            try Data("weights".utf8).write(to: run.appendingPathComponent("model.safetensors"))
            let args = command == "evaluate" ? [command, "--model", kind] : [command, "--model", kind, "--data", data]
            try Data("{\"format\": 1, \"mod".utf8).write(to: run.appendingPathComponent("config.json"))
            try expectFailure(args, "invalid JSON")
            try Data("{\"format\": [1]}".utf8).write(to: run.appendingPathComponent("config.json"))
            try expectFailure(args, "key \"format\": expected")
            let r = try CommandRunner.run(args, in: dir)
            #expect(!r.stderr.contains("DecodingError") && !r.stderr.contains("codingPath"), "\(r.stderr)")
        }
    }
}
