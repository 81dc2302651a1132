// Printing test scores: accuracy, per-class precision/recall, the confusion matrix, or regression errors.
import Foundation
import SwiftLearn

enum ReportFormatting {
    static func scores(_ s: TestScores, task: TaskKind) -> String {
        var lines: [String] = []
        if task == .classification, let accuracy = s.accuracy, let perClass = s.perClass, let m = s.confusion {
            let names = s.classNames ?? perClass.indices.map(String.init)
            lines.append(String(format: "test accuracy %.2f%%  (loss %.4f)", accuracy * 100, s.loss ?? .nan))
            let w = max(8, (names.map(\.count).max() ?? 0) + 2)
            func pad(_ t: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - t.count)) + t }
            lines.append(pad("class", w) + pad("precision", 11) + pad("recall", 9) + pad("f1", 8) + pad("support", 9))
            for (i, c) in perClass.enumerated() {
                lines.append(pad(names[i], w) + pad(String(format: "%.3f", c.precision), 11) + pad(String(format: "%.3f", c.recall), 9)
                             + pad(String(format: "%.3f", c.f1), 8) + pad("\(c.support)", 9))
            }
            lines.append("confusion matrix (rows: true class, columns: predicted):")
            let cw = max(4, (m.flatMap { $0 }.map { String($0).count }.max() ?? 1) + 1, (names.map(\.count).max() ?? 0) + 1)
            lines.append(pad("", w) + names.map { pad($0, cw) }.joined())
            for (i, row) in m.enumerated() { lines.append(pad(names[i], w) + row.map { pad("\($0)", cw) }.joined()) }
        } else {
            lines.append(String(format: "test MAE %.6g  RMSE %.6g  R² %.4f", s.meanAbsoluteError ?? .nan, s.rootMeanSquaredError ?? .nan, s.r2 ?? .nan))
        }
        return lines.joined(separator: "\n")
    }

    /// The calibration lines of a classification run.
    static func calibration(_ c: CalibrationReport) -> String {
        String(format: "calibration (fitted on %d held-out rows, scored on %d others): ECE %.4f → %.4f, NLL %.4f → %.4f with temperature %.3f\n",
               c.calibrationRows, c.evaluationRows, c.eceBefore, c.eceAfter, c.nllBefore, c.nllAfter, c.temperature)
            + String(format: "conformal sets at %.0f%% coverage: mean size %.3f, empirical coverage %.4f",
                     100 * (1 - c.alpha), c.meanSetSize, c.coverage)
    }
}
