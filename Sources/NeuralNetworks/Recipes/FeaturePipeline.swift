// Turning a table into model inputs the same way at training and at prediction time: column selection by
// name, one-hot categories against the training vocabulary, imputation and scaling with training statistics.
import Datasets
import Tensors

/// The fitted preprocessing of a saved model, stored in its config so new data is encoded exactly as the
/// training data was.
public struct FeaturePipeline: Codable, Sendable, Equatable {
    /// How encoded columns are scaled.
    public enum Scaling: Codable, Sendable, Equatable {
        /// `(x − mean) / scale` per encoded column (scale 1 for constant columns).
        case standardize(mean: [Double], scale: [Double])
        /// `x / divisor` for every column (images: pixel range).
        case divide(Double)
        case none
    }

    /// The table columns the model reads, in order.
    public var featureNames: [String]
    /// Each column's training vocabulary if categorical (one-hot encoded), nil if numeric.
    public var categories: [[String]?]
    /// Replacement for missing values, per encoded column (nil: missing values are an error).
    public var imputeValues: [Double]?
    public var scaling: Scaling
    /// Shape of one model input (`[encodedColumns]`, or `[C, H, W]` for images).
    public var sampleShape: [Int]

    /// Width after one-hot encoding.
    public var encodedWidth: Int { categories.reduce(0) { $0 + ($1?.count ?? 1) } }

    /// Fits the pipeline on training rows of `data`.
    ///
    /// - Parameters:
    ///   - imputation: how to fill missing values; nil makes missing values an error that lists the rows.
    ///   - imageShape: a `[C, H, W]` sample shape for image models (scaled by the largest training value).
    public static func fit(_ data: TabularDataset, rows: [Int], imputation: SimpleImputer.Strategy?,
                           imageShape: [Int]? = nil) throws -> FeaturePipeline {
        var pipeline = FeaturePipeline(featureNames: data.featureNames, categories: data.categories, imputeValues: nil,
                                       scaling: .none, sampleShape: [])
        var matrix = try pipeline.encodeColumns(data, rows: rows)
        let width = pipeline.encodedWidth
        if let imputation {
            let fitted = try SimpleImputer(strategy: imputation, keepEmptyFeatures: true).fit(matrix)
            pipeline.imputeValues = fitted.statistics
            matrix = try fitted.transform(matrix)
        } else {
            try pipeline.rejectMissing(matrix, rows: rows)
        }
        if let imageShape {
            precondition(imageShape.reduce(1, *) == width, "FeaturePipeline: image shape \(imageShape) does not hold \(width) values")
            let largest = matrix.scalars.reduce(0) { Swift.max($0, Swift.abs(Double($1))) }
            pipeline.scaling = .divide(largest > 0 ? largest : 1)
            pipeline.sampleShape = imageShape
        } else {
            let fitted = try StandardScaler().fit(matrix)
            pipeline.scaling = .standardize(mean: fitted.mean, scale: fitted.scale)
            pipeline.sampleShape = [width]
        }
        return pipeline
    }

    /// Model inputs `[rows.count] + sampleShape` for `rows` of `data` (all rows when nil).
    ///
    /// - Parameter unknownCategories: what a categorical value missing from the training vocabulary becomes:
    ///   `.error` (the default, as scikit-learn's `OneHotEncoder`) throws ``RecipeError/unknownCategory(column:value:row:known:)``
    ///   naming the column, row and value; `.ignore` encodes it as all zeros in that column's indicator block.
    public func encode(_ data: TabularDataset, rows: [Int]? = nil,
                       unknownCategories: OneHotEncoder.UnknownPolicy = .error) throws -> Tensor {
        let rows = rows ?? Array(0..<data.rowCount)
        var matrix = try encodeColumns(data, rows: rows, unknownCategories: unknownCategories)
        if let imputeValues {
            var values = matrix.scalars
            let w = encodedWidth
            for i in values.indices where values[i].isNaN { values[i] = Float(imputeValues[i % w]) }
            matrix = Tensor(values, shape: matrix.shape)
        } else {
            try rejectMissing(matrix, rows: rows)
        }
        switch scaling {
        case .none: break
        case .divide(let d): matrix = matrix / d
        case .standardize(let mean, let scale):
            matrix = (matrix - Tensor(mean.map { Float($0) }, shape: [mean.count])) / Tensor(scale.map { Float($0) }, shape: [scale.count])
        }
        return matrix.reshaped([rows.count] + sampleShape)
    }

    /// Selects the training columns by name and one-hot encodes categorical ones: `[rows.count, encodedWidth]`.
    func encodeColumns(_ data: TabularDataset, rows: [Int], unknownCategories: OneHotEncoder.UnknownPolicy = .error) throws -> Tensor {
        let missing = featureNames.filter { !data.featureNames.contains($0) }
        guard missing.isEmpty else {
            throw RecipeError.featureMismatch(expected: featureNames.count, found: data.featureCount,
                                              detail: "the data lacks column(s) \(missing.prefix(8).joined(separator: ", ")) that the model was trained on")
        }
        let source = featureNames.map { data.featureNames.firstIndex(of: $0)! }
        let width = encodedWidth
        let all = data.features.scalars
        let n = data.featureCount
        var out = [Float](repeating: 0, count: rows.count * width)
        for (r, row) in rows.enumerated() {
            var c = 0
            for (j, col) in source.enumerated() {
                let v = all[row * n + col]
                if let vocabulary = categories[j] {
                    if v.isNaN {
                        for k in 0..<vocabulary.count { out[r * width + c + k] = .nan }
                    } else {
                        // The data's own code, mapped through its vocabulary to the training vocabulary by name.
                        // A column read as numbers here ("1", "2") but categorical in training matches by its text.
                        let value = data.cellText(v, column: col) ?? ""
                        if let k = vocabulary.firstIndex(of: value) {
                            out[r * width + c + k] = 1
                        } else if unknownCategories == .error {
                            throw RecipeError.unknownCategory(column: featureNames[j], value: value, row: row, known: vocabulary)
                        }  // .ignore: all zeros, like OneHotEncoder(handle_unknown="ignore")
                    }
                    c += vocabulary.count
                } else {
                    // Numeric in training, but this table may have read the column as text because some value is
                    // not a number: `v` is then a code into the table's vocabulary, which used to be fed to the
                    // model as if it were the value. Use the number the text spells, or say which value is not one.
                    guard let x = data.cellNumber(v, column: col) else {
                        throw RecipeError.nonNumericValue(column: featureNames[j], value: data.cellText(v, column: col) ?? "", row: row)
                    }
                    // ±inf would pass through scaling into the network as inf/NaN (or, in fit, fail in the scaler
                    // naming a 0-based position among the training rows); name the column and the data row.
                    if x.isInfinite { throw RecipeError.infiniteValue(column: featureNames[j], row: row) }
                    out[r * width + c] = x
                    c += 1
                }
            }
        }
        return Tensor(out, shape: [rows.count, width])
    }

    /// The feature each encoded column comes from (a categorical feature's one-hot block repeats its name).
    var encodedColumnFeatures: [String] {
        zip(featureNames, categories).flatMap { name, vocabulary in [String](repeating: name, count: vocabulary?.count ?? 1) }
    }

    /// Throws ``RecipeError/missingValues(rows:count:columns:)`` naming the data rows and the features that hold NaN
    /// in `matrix` (encoded columns of `rows`).
    func rejectMissing(_ matrix: Tensor, rows: [Int]) throws {
        let w = matrix.shape[1]
        var bad: [Int] = []
        var badColumns = Set<Int>()
        for (i, v) in matrix.scalars.enumerated() where v.isNaN {
            let row = rows[i / w]
            if bad.last != row { bad.append(row) }
            badColumns.insert(i % w)
        }
        guard !bad.isEmpty else { return }
        let features = encodedColumnFeatures
        var names: [String] = []
        for c in badColumns.sorted() where names.last != features[c] { names.append(features[c]) }
        throw RecipeError.missingValues(rows: Array(Set(bad)).sorted(), count: Set(bad).count, columns: names)
    }
}
