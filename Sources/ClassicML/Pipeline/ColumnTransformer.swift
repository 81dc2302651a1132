// Different preprocessing for different columns, outputs side by side (sklearn.compose.ColumnTransformer).
import Datasets
import Tensors

/// Applies a chain of preprocessing steps to each group of columns and puts the outputs side by side
/// (`sklearn.compose.ColumnTransformer`): for tables that mix numeric and categorical columns.
///
/// Output columns are the groups' outputs in group order, then (with ``Remainder/passthrough``) the columns no
/// group names, in ascending order. ``automatic(for:numeric:categorical:)`` builds the usual two groups from a
/// ``TabularDataset``'s ``TabularDataset/categories``.
///
/// ```swift
/// let table = try CSVReader(options: options).read(contentsOf: url)
/// let columns = ColumnTransformer.automatic(for: table)      // impute + scale numeric, impute + one-hot categorical
/// let features = try columns.fitTransform(table.features)
/// ```
public struct ColumnTransformer: Preprocessor {
    /// One preprocessing step of a column group.
    public typealias Step = PipelineStep

    /// Columns (0-based indices of the input) and the steps applied to them, in order.
    public struct Group: Sendable {
        public var columns: [Int]
        public var steps: [Step]

        public init(columns: [Int], steps: [Step]) {
            self.columns = columns
            self.steps = steps
        }
    }

    /// What happens to the columns no group names.
    public enum Remainder: Sendable {
        /// Left out of the output (scikit-learn's default).
        case drop
        /// Copied unchanged after the groups' outputs.
        case passthrough
    }

    public var groups: [Group]
    public var remainder: Remainder

    public init(groups: [Group], remainder: Remainder = .drop) {
        self.groups = groups
        self.remainder = remainder
    }

    /// Two groups for `dataset`: its numeric columns through `numeric`, its categorical ones (those with
    /// ``TabularDataset/categories``) through `categorical`. A group with no columns is left out.
    public static func automatic(
        for dataset: TabularDataset,
        numeric: [Step] = [.simpleImputer(SimpleImputer()), .standardScaler(StandardScaler())],
        categorical: [Step] = [.simpleImputer(SimpleImputer(strategy: .mostFrequent)), .oneHotEncoder(OneHotEncoder(handleUnknown: .ignore))]
    ) -> ColumnTransformer {
        let isCategorical = dataset.categories.map { $0 != nil }
        let groups = [
            Group(columns: isCategorical.indices.filter { !isCategorical[$0] }, steps: numeric),
            Group(columns: isCategorical.indices.filter { isCategorical[$0] }, steps: categorical),
        ]
        return ColumnTransformer(groups: groups.filter { !$0.columns.isEmpty })
    }

    /// Fits each group's steps in turn on its columns of `x` (`[rows, features]`).
    /// - Throws: ``ClassicMLError/invalidHyperparameter(name:value:expected:)`` for a group with no columns or
    ///   with a column outside the input; the steps' ``DatasetError``s.
    public func fit(_ x: Tensor) throws -> FittedColumnTransformer {
        guard x.rank == 2 else { throw ClassicMLError.invalidShape(expected: "a 2-D [samples, features] matrix", found: x.shape) }
        let width = x.shape[1]
        for group in groups where group.columns.isEmpty || group.columns.contains(where: { $0 < 0 || $0 >= width }) {
            throw ClassicMLError.invalidHyperparameter(name: "columns", value: "\(group.columns)",
                                                       expected: "a non-empty list of indices in 0..<\(width)")
        }
        var fitted: [FittedColumnTransformer.FittedGroup] = []
        for group in groups {
            var current = FittedColumnTransformer.select(group.columns, of: x)
            var steps: [FittedPipelineStep] = []
            for step in group.steps {
                let f = try step.fit(current)
                current = try f.transform(current)
                steps.append(f)
            }
            fitted.append(FittedColumnTransformer.FittedGroup(columns: group.columns, steps: steps))
        }
        let named = Set(groups.flatMap(\.columns))
        let rest = remainder == .passthrough ? (0..<width).filter { !named.contains($0) } : []
        return FittedColumnTransformer(groups: fitted, remainderColumns: rest, featureCount: width)
    }
}

/// A fitted ``ColumnTransformer``.
public struct FittedColumnTransformer: FittedPreprocessor {
    /// A group's input columns and fitted steps.
    public struct FittedGroup: Sendable {
        public let columns: [Int]
        public let steps: [FittedPipelineStep]
    }

    /// The fitted groups, in output order.
    public let groups: [FittedGroup]
    /// The input columns copied unchanged after the groups (empty with ``ColumnTransformer/Remainder/drop``).
    public let remainderColumns: [Int]
    /// The input width it was fitted on.
    public let featureCount: Int

    /// The output width: the groups' outputs plus the remainder columns.
    public var outputCount: Int {
        groups.reduce(remainderColumns.count) { total, group in total + (group.steps.last?.outputCount ?? group.columns.count) }
    }

    /// Transforms `x` (`[rows, featureCount]`); the output has the dtype of the first group's output.
    /// - Throws: ``ClassicMLError/featureCountMismatch(expected:found:)`` for another input width; the steps' errors.
    public func transform(_ x: Tensor) throws -> Tensor {
        guard x.rank == 2 else { throw ClassicMLError.invalidShape(expected: "a 2-D [samples, features] matrix", found: x.shape) }
        guard x.shape[1] == featureCount else { throw ClassicMLError.featureCountMismatch(expected: featureCount, found: x.shape[1]) }
        var blocks: [Tensor] = []
        for group in groups {
            var current = Self.select(group.columns, of: x)
            for step in group.steps { current = try step.transform(current) }
            blocks.append(current)
        }
        if !remainderColumns.isEmpty { blocks.append(Self.select(remainderColumns, of: x)) }
        guard let dtype = blocks.first?.dtype else { return Tensor.zeros([x.shape[0], 0], dtype: x.dtype) }
        return Tensor.concat(blocks.map { $0.dtype == dtype ? $0 : $0.to(dtype) }, axis: 1)
    }

    /// Columns `columns` of `x`, in that order.
    static func select(_ columns: [Int], of x: Tensor) -> Tensor {
        x.indexSelect(axis: 1, indices: Tensor(columns.map(Int64.init)))
    }
}
