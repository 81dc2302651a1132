// OneHotEncoder over category codes and LabelEncoder over labels of any comparable type.
import Tensors

/// Expands each column of category values into one indicator column per category
/// (`sklearn.preprocessing.OneHotEncoder` with dense output).
///
/// Categories are the sorted distinct values of each column at fit time — for a ``TabularDataset`` the
/// categorical codes, whose names are in ``TabularDataset/categories``. NaN is not a category: fitting or
/// transforming NaN throws ``DatasetError/nanInFeatures(operation:rows:count:)`` (impute first); ±infinity
/// throws ``DatasetError/infiniteValue(operation:row:column:)``.
public struct OneHotEncoder: Preprocessor {
    /// What a value not seen at fit time becomes.
    public enum UnknownPolicy: Sendable, Equatable {
        /// Throw ``DatasetError/unknownCategory(column:value:known:)``.
        case error
        /// All zeros in that column's indicator block.
        case ignore
    }

    /// What a value not seen at fit time becomes.
    public var handleUnknown: UnknownPolicy

    public init(handleUnknown: UnknownPolicy = .error) {
        self.handleUnknown = handleUnknown
    }

    public func fit(_ x: Tensor) throws -> FittedOneHotEncoder {
        let m = try Matrix(x, operation: "OneHotEncoder.fit")
        try m.requireNoNaN(operation: "OneHotEncoder.fit")
        // scikit-learn rejects infinity ("Input contains infinity") rather than making it a category.
        try m.requireNoInfinity(operation: "OneHotEncoder.fit")
        let categories = (0..<m.columns).map { c in Array(Set((0..<m.rows).map { m[$0, c] })).sorted() }
        return FittedOneHotEncoder(configuration: self, categories: categories)
    }
}

/// A fitted ``OneHotEncoder``.
public struct FittedOneHotEncoder: FittedPreprocessor {
    /// The configuration it was fitted with.
    public let configuration: OneHotEncoder
    /// The sorted categories of each input column (sklearn `categories_`).
    public let categories: [[Double]]

    /// Rebuilds a fitted encoder from saved categories (each column's sorted values).
    public init(configuration: OneHotEncoder, categories: [[Double]]) {
        self.configuration = configuration
        self.categories = categories
    }

    /// The number of output columns.
    public var outputCount: Int { categories.reduce(0) { $0 + $1.count } }

    public func transform(_ x: Tensor) throws -> Tensor {
        let m = try Matrix(x, operation: "OneHotEncoder.transform", columns: categories.count)
        try m.requireNoNaN(operation: "OneHotEncoder.transform")
        try m.requireNoInfinity(operation: "OneHotEncoder.transform")
        let lookup = categories.map { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($0.element, $0.offset) }) }
        var starts = [0]
        for c in categories.dropLast() { starts.append(starts.last! + c.count) }
        let width = outputCount
        var out = [Float](repeating: 0, count: m.rows * width)
        for r in 0..<m.rows {
            for c in 0..<m.columns {
                if let k = lookup[c][m[r, c]] {
                    out[r * width + starts[c] + k] = 1
                } else if configuration.handleUnknown == .error {
                    throw DatasetError.unknownCategory(column: c, value: formatCategory(m[r, c]),
                                                       known: categories[c].map(formatCategory))
                }
            }
        }
        return Tensor(out, shape: [m.rows, width])
    }

    /// Output column names `name_category`, using `vocabularies[c]` (e.g. ``TabularDataset/categories``)
    /// to name integer codes where given, else the category value.
    public func outputNames(inputNames: [String], vocabularies: [[String]?]? = nil) -> [String] {
        var names: [String] = []
        for (c, values) in categories.enumerated() {
            let base = c < inputNames.count ? inputNames[c] : "x\(c)"
            for v in values {
                if let vocabulary = vocabularies?[c], v >= 0, let i = Int(exactly: v), i < vocabulary.count {
                    names.append("\(base)_\(vocabulary[i])")
                } else {
                    names.append("\(base)_\(formatCategory(v))")
                }
            }
        }
        return names
    }
}

/// `3` for integral values, the shortest round-trip decimal otherwise.
func formatCategory(_ v: Double) -> String {
    if v.rounded() == v && Swift.abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
}

/// Maps labels to codes `0 ..< classes.count` in sorted order (`sklearn.preprocessing.LabelEncoder`).
///
/// ```swift
/// let encoder = LabelEncoder().fit(["b", "a", "b"])   // classes ["a", "b"]
/// try encoder.transform(["b", "a"])                   // Int64 [1, 0]
/// ```
public struct LabelEncoder: Sendable {
    public init() {}

    /// Learns the sorted distinct labels.
    public func fit<Label: Hashable & Comparable & Sendable>(_ labels: [Label]) -> FittedLabelEncoder<Label> {
        FittedLabelEncoder(classes: Array(Set(labels)).sorted())
    }

    /// Learns the sorted distinct values of a 1-D tensor; NaN throws.
    public func fit(_ labels: Tensor) throws -> FittedLabelEncoder<Double> {
        try fit(labelValues(labels, operation: "LabelEncoder.fit"))
    }
}

/// A fitted ``LabelEncoder``.
public struct FittedLabelEncoder<Label: Hashable & Comparable & Sendable>: Sendable {
    /// The labels in code order (sklearn `classes_`).
    public let classes: [Label]
    private let codes: [Label: Int]

    init(classes: [Label]) {
        self.classes = classes
        self.codes = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($0.element, $0.offset) })
    }

    /// The Int64 codes of `labels`; an unseen label throws ``DatasetError/unknownCategory(column:value:known:)``.
    public func transform(_ labels: [Label]) throws -> Tensor {
        let out = try labels.map { label -> Int64 in
            guard let c = codes[label] else {
                throw DatasetError.unknownCategory(column: 0, value: "\(label)", known: classes.map { "\($0)" })
            }
            return Int64(c)
        }
        return Tensor(out, shape: [out.count])
    }

    /// The labels of integer `codes` (a 1-D tensor); a code outside `0 ..< classes.count` throws.
    public func inverseTransform(_ codes: Tensor) throws -> [Label] {
        try codes.doubles.map { v in
            guard let i = Int(exactly: v), classes.indices.contains(i) else {
                throw DatasetError.invalidOption("label code \(v) is outside 0..<\(classes.count)")
            }
            return classes[i]
        }
    }
}

extension FittedLabelEncoder where Label == Double {
    /// The Int64 codes of the values of a 1-D tensor.
    public func transform(_ labels: Tensor) throws -> Tensor {
        try transform(labelValues(labels, operation: "LabelEncoder.transform"))
    }
}

/// The values of a 1-D label tensor; NaN throws.
func labelValues(_ labels: Tensor, operation: String) throws -> [Double] {
    guard labels.rank == 1 else { throw DatasetError.invalidOption("\(operation): labels must be 1-D, got shape \(labels.shape)") }
    let values = labels.doubles
    let bad = values.indices.filter { values[$0].isNaN }
    if !bad.isEmpty { throw DatasetError.nanInFeatures(operation: operation, rows: Array(bad.prefix(5)), count: bad.count) }
    return values
}
