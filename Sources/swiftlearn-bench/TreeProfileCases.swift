// Tree-model profiling cases: the forest and histogram boosting on the first 20,000 fit rows of the synthetic set
// (all 20,000 test rows predicted), so a change to the tree code can be measured against scikit-learn in seconds
// rather than the minutes of forest-synthetic. scripts/reference/bench_tree_profile_reference.py times the same.
import Foundation
import SwiftLearn

func treeProfileCases() -> [BenchCase] {
    let first = Array(0..<20_000)
    func profileCase(_ name: String, note: String, _ body: @escaping (Tensor, Tensor, Tensor) throws -> Tensor) -> BenchCase {
        let report = QualityReport()
        return BenchCase(name: name, measure: .calls, note: note, referenceScript: "bench_tree_profile_reference.py", quality: report) {
            let d = ClassicData.synthetic()
            let xf = d.xFit.rows(first), yf = d.yFit.rows(first)
            return {
                do {
                    report.text = ClassicQuality.accuracy.describe(try body(xf, yf, d.xTest), truth: d.yTest)
                } catch {
                    FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
                    exit(1)
                }
            }
        }
    }
    return [
        profileCase("forest-synthetic-20k", note: "RandomForestClassifier(100 trees) fit first 20k×50 + predict 20k") { xf, yf, xs in
            try RandomForestClassifier(treeCount: 100, seed: 0).fit(xf, yf).predict(xs)
        },
        profileCase("hgb-synthetic-20k", note: "HistGradientBoostingClassifier(default) fit first 20k×50 + predict 20k") { xf, yf, xs in
            try HistGradientBoostingClassifier().fit(xf, yf).predict(xs)
        },
    ]
}
