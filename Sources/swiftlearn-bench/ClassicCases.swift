// Classical-model benchmarks: fit + predict on the bundled digits, the same work as
// scripts/reference/bench_classic_reference.py does with scikit-learn.
import Foundation
import SwiftLearn

/// Digits in Float64: all 1797 rows standardised with the statistics of the first 1437 (the fit rows).
private func digitsForClassic() throws -> (x: Tensor, y: Tensor) {
    let digits = try BundledDataset.load("digits")
    let x = digits.features.to(.float64)
    let scaler = try StandardScaler().fit(x.rows(Array(0..<1437)))
    return (try scaler.transform(x), digits.targets!.to(.float64))
}

private func classicCase(_ name: String, note: String, _ body: @escaping (Tensor, Tensor, Tensor, Tensor) throws -> Void) -> BenchCase {
    BenchCase(name: name, measure: .calls, note: note, referenceScript: "bench_classic_reference.py") {
        guard let (x, y) = try? digitsForClassic() else { return {} }
        let xTrain = x.rows(Array(0..<1437)), yTrain = y.rows(Array(0..<1437)), xTest = x.rows(Array(1437..<1797))
        return {
            do {
                try body(x, xTrain, yTrain, xTest)
            } catch {
                FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
                exit(1)
            }
        }
    }
}

func classicCases() -> [BenchCase] {
    [
        classicCase("logistic-digits", note: "LogisticRegression(C 1, max 1000 it.) fit 1437 + predict 360") { _, xt, yt, xs in
            _ = try LogisticRegression(c: 1, maxIterations: 1000).fit(xt, yt).predict(xs)
        },
        classicCase("kmeans-digits", note: "KMeans(10 clusters, 10 inits) fit + predict 1797") { x, _, _, _ in
            _ = try KMeans(clusters: 10, initializations: 10, seed: 0).fit(x).predict(x)
        },
        classicCase("pca-digits", note: "PCA(16) fit + transform 1797") { x, _, _, _ in
            _ = try PCA(components: 16).fit(x).transform(x)
        },
        classicCase("knn-digits", note: "KNeighborsClassifier(5, brute) fit 1437 + predict 360") { _, xt, yt, xs in
            _ = try KNeighborsClassifier(neighbors: 5).fit(xt, yt).predict(xs)
        },
        classicCase("forest-digits", note: "RandomForestClassifier(100 trees) fit 1437 + predict 360") { _, xt, yt, xs in
            _ = try RandomForestClassifier(treeCount: 100, seed: 0).fit(xt, yt).predict(xs)
        },
    ]
}
