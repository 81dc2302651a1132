// Classical-model benchmarks: fit + predict on the bundled digits and on the synthetic 100,000 × 50 set, the
// same work as scripts/reference/bench_classic_reference.py does with scikit-learn. Each case also reports the
// quality of what it timed (test accuracy, adjusted Rand index…), so a speed-up never hides a worse model.
import Foundation
import SwiftLearn

/// One benchmark dataset: rows to fit, rows to predict and their labels (Float64).
struct ClassicData {
    let xFit: Tensor, yFit: Tensor, xTest: Tensor, yTest: Tensor

    /// Digits: all 1797 rows standardised with the statistics of the first 1437 (the fit rows); the other 360
    /// are predicted.
    static func digits() throws -> ClassicData {
        let digits = try BundledDataset.load("digits")
        let x = digits.features.to(.float64), y = digits.targets!.to(.float64)
        let scaler = try StandardScaler().fit(x.rows(Array(0..<1437)))
        let xs = try scaler.transform(x)
        return ClassicData(xFit: xs.rows(Array(0..<1437)), yFit: y.rows(Array(0..<1437)),
                           xTest: xs.rows(Array(1437..<1797)), yTest: y.rows(Array(1437..<1797)))
    }

    /// All rows, for the unsupervised digits cases (scikit-learn's script fits and predicts all 1797).
    var all: (x: Tensor, y: Tensor) { (Tensor.concat([xFit, xTest], axis: 0), Tensor.concat([yFit, yTest], axis: 0)) }

    static func synthetic() -> ClassicData {
        let s = SyntheticData.split
        return ClassicData(xFit: s.xFit, yFit: s.yFit, xTest: s.xTest, yTest: s.yTest)
    }
}

/// How a case's output is scored, once, after the timing.
enum ClassicQuality {
    /// Predicted labels against the labels of the predicted rows.
    case accuracy
    /// Cluster indices against the labels of the predicted rows.
    case adjustedRand
    /// No score (a transform); the output's shape is shown.
    case shape

    func describe(_ output: Tensor, truth: Tensor) -> String {
        switch self {
        case .accuracy:
            let a = ClassificationMetrics.accuracy(codes(truth), codes(output))
            return String(format: "accuracy %.4f", a)
        case .adjustedRand:
            let a = (try? ClusteringMetrics.adjustedRandIndex(codes(truth), codes(output))) ?? .nan
            return String(format: "ARI %.4f", a)
        case .shape:
            return "output \(output.shape)"
        }
    }

    private func codes(_ t: Tensor) -> [Int] { t.doubles.map { Int($0) } }
}

/// A case: `body` fits and predicts on `data` and returns the prediction; with `unsupervisedAll` the digits
/// case fits and predicts all rows, as the scikit-learn script does.
private func classicCase(
    _ name: String, note: String, quality: ClassicQuality, data: @escaping () throws -> ClassicData,
    unsupervisedAll: Bool = false, _ body: @escaping (_ xFit: Tensor, _ yFit: Tensor, _ xTest: Tensor) throws -> Tensor
) -> BenchCase {
    let report = QualityReport()
    return BenchCase(name: name, measure: .calls, note: note, referenceScript: "bench_classic_reference.py", quality: report) {
        let d: ClassicData
        do { d = try data() } catch {
            FileHandle.standardError.write(Data("\(name): cannot load its data: \(error)\n".utf8))
            exit(1)
        }
        let (xFit, xTest, truth) = unsupervisedAll ? (d.all.x, d.all.x, d.all.y) : (d.xFit, d.xTest, d.yTest)
        return {
            do {
                let out = try body(xFit, d.yFit, xTest)
                report.text = quality.describe(out, truth: truth)
            } catch {
                FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
                exit(1)
            }
        }
    }
}

func classicCases() -> [BenchCase] {
    var cases: [BenchCase] = []
    for (suffix, data, fitNote, unsupervisedAll) in [
        ("digits", { try ClassicData.digits() } as () throws -> ClassicData, "fit 1437 + predict 360", true),
        ("synthetic", { ClassicData.synthetic() }, "fit 80k×50 + predict 20k", false),
    ] {
        let clusterNote = unsupervisedAll ? "fit + predict 1797" : fitNote
        cases += [
            classicCase("logistic-\(suffix)", note: "LogisticRegression(C 1, max 1000 it.) \(fitNote)", quality: .accuracy, data: data) { xf, yf, xs in
                try LogisticRegression(c: 1, maxIterations: 1000).fit(xf, yf).predict(xs)
            },
            classicCase("kmeans-\(suffix)", note: "KMeans(10 clusters, 10 inits) \(clusterNote)", quality: .adjustedRand, data: data,
                        unsupervisedAll: unsupervisedAll) { xf, _, xs in
                try KMeans(clusters: 10, initializations: 10, seed: 0).fit(xf).predict(xs)
            },
            classicCase("pca-\(suffix)", note: "PCA(16) \(clusterNote)", quality: .shape, data: data, unsupervisedAll: unsupervisedAll) { xf, _, xs in
                try PCA(components: 16).fit(xf).transform(xs)
            },
            classicCase("knn-\(suffix)", note: "KNeighborsClassifier(5, brute) \(fitNote)", quality: .accuracy, data: data) { xf, yf, xs in
                try KNeighborsClassifier(neighbors: 5).fit(xf, yf).predict(xs)
            },
            classicCase("forest-\(suffix)", note: "RandomForestClassifier(100 trees) \(fitNote)", quality: .accuracy, data: data) { xf, yf, xs in
                try RandomForestClassifier(treeCount: 100, seed: 0).fit(xf, yf).predict(xs)
            },
        ]
    }
    return cases
}
