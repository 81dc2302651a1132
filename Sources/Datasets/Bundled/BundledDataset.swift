// The small classic datasets that ship with the package (from scikit-learn's copies of the UCI files).
import Foundation
import Tensors

/// A dataset bundled with SwiftLearn as a package resource: iris, wine, breast cancer and digits, the same
/// files scikit-learn ships (see `Resources/README.md` for sources and licences).
///
/// ```swift
/// let digits = try BundledDataset.load("digits")
/// digits.features.shape   // [1797, 64]
/// digits.classNames       // ["0", "1", …, "9"]
/// ```
///
/// Each file starts with a line `n_samples,n_features,class names…` (digits has none); the loader checks
/// the row and column counts against it. Feature names are scikit-learn's.
public enum BundledDataset: String, CaseIterable, Sendable {
    /// Fisher's iris: 150 × 4, 3 classes.
    case iris
    /// Wine recognition: 178 × 13, 3 classes.
    case wine
    /// Breast cancer Wisconsin (diagnostic): 569 × 30, 2 classes.
    case breastCancer = "breast_cancer"
    /// Optical recognition of handwritten digits, 8 × 8 images: 1797 × 64, 10 classes.
    case digits

    /// The names ``load(_:)`` accepts.
    public static var available: [String] { allCases.map(\.rawValue) }

    /// Loads the dataset called `name` (one of ``available``).
    public static func load(_ name: String) throws -> TabularDataset {
        guard let dataset = BundledDataset(rawValue: name) else {
            throw DatasetError.unknownDataset(name: name, available: available)
        }
        return try dataset.load()
    }

    /// Loads this dataset: Float32 features, Int64 class codes, scikit-learn's feature and class names.
    public func load() throws -> TabularDataset {
        guard let url = Bundle.module.url(forResource: fileName, withExtension: "csv", subdirectory: "Resources") else {
            throw DatasetError.io(path: "Resources/\(fileName).csv", message: "resource missing from the Datasets bundle")
        }
        var options = CSVOptions()
        options.hasHeader = false
        options.columnNames = featureNames + ["target"]
        options.columnKinds = Dictionary(uniqueKeysWithValues: options.columnNames!.map { ($0, ColumnKind.numeric) })
        options.target = "target"
        options.task = .classification
        options.missingValues = []
        let meta = try metadata(url)
        options.skipRows = meta == nil ? 0 : 1
        var data = try CSVReader(options: options).read(contentsOf: url)
        if self == .digits { data.classNames = (0...9).map(String.init) }
        if let meta {
            guard meta.samples == data.rowCount, meta.features == data.featureCount,
                  meta.classNames.count == data.classNames.count else {
                throw DatasetError.io(path: url.path, message: "metadata line says \(meta.samples) × \(meta.features) "
                    + "with \(meta.classNames.count) classes; found \(data.rowCount) × \(data.featureCount) with \(data.classNames.count)")
            }
            data.classNames = meta.classNames
        }
        return data
    }

    private var fileName: String {
        switch self {
        case .iris: return "iris"
        case .wine: return "wine_data"
        case .breastCancer: return "breast_cancer"
        case .digits: return "digits"
        }
    }

    /// The `[channels, height, width]` shape of one sample when the features are an image's pixels (digits: 8×8
    /// grey levels 0–16), nil for tabular data. Image models use it to reshape the feature rows.
    public var imageShape: [Int]? { self == .digits ? [1, 8, 8] : nil }

    /// scikit-learn's feature names (`sklearn/datasets/_base.py`).
    public var featureNames: [String] {
        switch self {
        case .iris:
            return ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]
        case .wine:
            return ["alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
                    "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue",
                    "od280/od315_of_diluted_wines", "proline"]
        case .breastCancer:
            let measures = ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
                            "concave points", "symmetry", "fractal dimension"]
            return measures.map { "mean \($0)" } + measures.map { "\($0) error" } + measures.map { "worst \($0)" }
        case .digits:
            return (0..<8).flatMap { row in (0..<8).map { column in "pixel_\(row)_\(column)" } }
        }
    }

    /// The leading `n_samples,n_features,class names…` line, or nil when the file has none (digits).
    private func metadata(_ url: URL) throws -> (samples: Int, features: Int, classNames: [String])? {
        if self == .digits { return nil }
        var options = CSVOptions()
        options.hasHeader = false
        var first: [String]?
        do {
            try CSVReader(options: options).forEachRecord(contentsOf: url) { _, fields in
                first = fields
                throw StopReading()
            }
        } catch is StopReading {}
        guard let first, first.count >= 2, let samples = Int(first[0]), let features = Int(first[1]) else {
            throw DatasetError.io(path: url.path, message: "the first line is not n_samples,n_features,class names…")
        }
        return (samples, features, Array(first.dropFirst(2)))
    }
}

private struct StopReading: Error {}
