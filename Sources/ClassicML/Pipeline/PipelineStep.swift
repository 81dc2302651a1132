// The preprocessing steps a Pipeline (or a ColumnTransformer group) can hold, fitted, applied and saved.
import Datasets
import Tensors

/// A preprocessing step of a ``Pipeline`` or of a ``ColumnTransformer`` group: one of the Datasets
/// preprocessors, or a column transformer, whose fitted state can be saved.
public indirect enum PipelineStep: Sendable {
    /// ``StandardScaler``: centre and scale each column.
    case standardScaler(StandardScaler)
    /// ``MinMaxScaler``: map each column onto a range.
    case minMaxScaler(MinMaxScaler)
    /// ``SimpleImputer``: fill NaN with a per-column statistic.
    case simpleImputer(SimpleImputer)
    /// ``OneHotEncoder``: one indicator column per category.
    case oneHotEncoder(OneHotEncoder)
    /// ``ColumnTransformer``: different steps for different columns.
    case columnTransformer(ColumnTransformer)

    /// Fits the step on `x`.
    public func fit(_ x: Tensor) throws(ClassicMLError) -> FittedPipelineStep {
        try preprocessingErrors {
            switch self {
            case let .standardScaler(s): FittedPipelineStep.standardScaler(try s.fit(x))
            case let .minMaxScaler(s): FittedPipelineStep.minMaxScaler(try s.fit(x))
            case let .simpleImputer(s): FittedPipelineStep.simpleImputer(try s.fit(x))
            case let .oneHotEncoder(s): FittedPipelineStep.oneHotEncoder(try s.fit(x))
            case let .columnTransformer(s): FittedPipelineStep.columnTransformer(try s.fit(x))
            }
        }
    }
}

/// A fitted ``PipelineStep``.
public indirect enum FittedPipelineStep: Sendable {
    case standardScaler(FittedStandardScaler)
    case minMaxScaler(FittedMinMaxScaler)
    case simpleImputer(FittedSimpleImputer)
    case oneHotEncoder(FittedOneHotEncoder)
    case columnTransformer(FittedColumnTransformer)

    /// The number of columns the step produces.
    public var outputCount: Int {
        switch self {
        case let .standardScaler(s): s.mean.count
        case let .minMaxScaler(s): s.scale.count
        case let .simpleImputer(s): s.keptColumns.count
        case let .oneHotEncoder(s): s.outputCount
        case let .columnTransformer(s): s.outputCount
        }
    }

    /// Applies the step.
    public func transform(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        try preprocessingErrors {
            switch self {
            case let .standardScaler(s): try s.transform(x)
            case let .minMaxScaler(s): try s.transform(x)
            case let .simpleImputer(s): try s.transform(x)
            case let .oneHotEncoder(s): try s.transform(x)
            case let .columnTransformer(s): try s.transform(x)
            }
        }
    }

    /// The step's saved form: its configuration, and its statistics as tensors named `prefix.<statistic>`.
    func archive(prefix: String) -> (record: StepRecord, tensors: [String: Tensor]) {
        func t(_ v: [Double]) -> Tensor { Tensor(v, shape: [v.count]) }
        switch self {
        case let .standardScaler(s):
            return (StepRecord(kind: "StandardScaler", flags: [s.configuration.withMean, s.configuration.withStd]),
                    ["\(prefix).mean": t(s.mean), "\(prefix).variance": t(s.variance), "\(prefix).scale": t(s.scale),
                     "\(prefix).sample_counts": t(s.sampleCounts.map(Double.init))])
        case let .minMaxScaler(s):
            let r = s.configuration.featureRange
            return (StepRecord(kind: "MinMaxScaler", flags: [s.configuration.clip], numbers: [r.lowerBound, r.upperBound]),
                    ["\(prefix).data_min": t(s.dataMin), "\(prefix).data_max": t(s.dataMax), "\(prefix).scale": t(s.scale),
                     "\(prefix).offset": t(s.offset)])
        case let .simpleImputer(s):
            let (name, fill): (String, [Double]) = switch s.configuration.strategy {
            case .mean: ("mean", [])
            case .median: ("median", [])
            case .mostFrequent: ("mostFrequent", [])
            case let .constant(v): ("constant", [v])
            }
            return (StepRecord(kind: "SimpleImputer", flags: [s.configuration.keepEmptyFeatures], numbers: fill, option: name),
                    ["\(prefix).statistics": t(s.statistics), "\(prefix).kept_columns": t(s.keptColumns.map(Double.init))])
        case let .oneHotEncoder(s):
            return (StepRecord(kind: "OneHotEncoder", option: s.configuration.handleUnknown == .ignore ? "ignore" : "error"),
                    ["\(prefix).categories": t(s.categories.flatMap { $0 }), "\(prefix).category_counts": t(s.categories.map { Double($0.count) })])
        case let .columnTransformer(s):
            var tensors: [String: Tensor] = [:]
            var groups: [GroupRecord] = []
            for (g, group) in s.groups.enumerated() {
                var records: [StepRecord] = []
                for (i, step) in group.steps.enumerated() {
                    let (record, stepTensors) = step.archive(prefix: "\(prefix).group\(g).step\(i)")
                    records.append(record)
                    tensors.merge(stepTensors) { $1 }
                }
                groups.append(GroupRecord(columns: group.columns, steps: records))
            }
            return (StepRecord(kind: "ColumnTransformer", numbers: [Double(s.featureCount)], groups: groups, remainder: s.remainderColumns), tensors)
        }
    }

    /// Rebuilds a step saved by ``archive(prefix:)`` that takes `columns` input columns.
    init(record: StepRecord, archive: ModelArchive, prefix: String, columns: Int) throws(ClassicMLError) {
        func v(_ name: String, _ count: Int? = nil) throws(ClassicMLError) -> [Double] {
            try archive.tensor("\(prefix).\(name)", shape: count.map { [$0] }).doubles
        }
        func indices(_ values: [Double], below bound: Int) throws(ClassicMLError) -> [Int] {
            guard values.allSatisfy({ $0 >= 0 && $0 < Double(bound) && $0.rounded() == $0 }) else {
                throw .invalidArchive("\(prefix): column indices out of range 0..<\(bound)")
            }
            return values.map { Int($0) }
        }
        switch (record.kind, record.flags.count, record.numbers.count) {
        case ("StandardScaler", 2, 0):
            let configuration = StandardScaler(withMean: record.flags[0], withStd: record.flags[1])
            self = .standardScaler(FittedStandardScaler(configuration: configuration, mean: try v("mean", columns), variance: try v("variance", columns),
                                                        scale: try v("scale", columns), sampleCounts: try v("sample_counts", columns).map { Int($0) }))
        case ("MinMaxScaler", 1, 2):
            let range = record.numbers
            guard range[0] <= range[1] else { throw .invalidArchive("\(prefix): MinMaxScaler range \(range) is reversed") }
            let configuration = MinMaxScaler(featureRange: range[0]...range[1], clip: record.flags[0])
            self = .minMaxScaler(FittedMinMaxScaler(configuration: configuration, dataMin: try v("data_min", columns), dataMax: try v("data_max", columns),
                                                    scale: try v("scale", columns), offset: try v("offset", columns)))
        case ("SimpleImputer", 1, _):
            let strategy: SimpleImputer.Strategy
            switch (record.option, record.numbers.first) {
            case ("mean", nil): strategy = .mean
            case ("median", nil): strategy = .median
            case ("mostFrequent", nil): strategy = .mostFrequent
            case let ("constant", fill?): strategy = .constant(fill)
            default: throw .invalidArchive("\(prefix): unknown imputer strategy \(record.option ?? "missing")")
            }
            self = .simpleImputer(FittedSimpleImputer(configuration: SimpleImputer(strategy: strategy, keepEmptyFeatures: record.flags[0]),
                                                      statistics: try v("statistics", columns),
                                                      keptColumns: try indices(v("kept_columns"), below: columns)))
        case ("OneHotEncoder", 0, 0):
            guard let policy = ["ignore": OneHotEncoder.UnknownPolicy.ignore, "error": .error][record.option ?? ""] else {
                throw .invalidArchive("\(prefix): unknown handleUnknown \(record.option ?? "missing")")
            }
            let counts = try v("category_counts", columns), flat = try v("categories")
            guard counts.allSatisfy({ $0 >= 1 && $0.rounded() == $0 }), Int(counts.reduce(0, +)) == flat.count else {
                throw .invalidArchive("\(prefix): category counts do not match the \(flat.count) saved categories")
            }
            var categories: [[Double]] = [], start = 0
            for n in counts.map({ Int($0) }) {
                categories.append(Array(flat[start..<(start + n)]))
                start += n
            }
            self = .oneHotEncoder(FittedOneHotEncoder(configuration: OneHotEncoder(handleUnknown: policy), categories: categories))
        case ("ColumnTransformer", 0, 1) where record.numbers[0] == Double(columns):
            var groups: [FittedColumnTransformer.FittedGroup] = []
            for (g, group) in (record.groups ?? []).enumerated() {
                _ = try indices(group.columns.map(Double.init), below: columns)
                var width = group.columns.count
                var steps: [FittedPipelineStep] = []
                for (i, stepRecord) in group.steps.enumerated() {
                    let step = try FittedPipelineStep(record: stepRecord, archive: archive, prefix: "\(prefix).group\(g).step\(i)", columns: width)
                    width = step.outputCount
                    steps.append(step)
                }
                groups.append(FittedColumnTransformer.FittedGroup(columns: group.columns, steps: steps))
            }
            let rest = try indices((record.remainder ?? []).map(Double.init), below: columns)
            self = .columnTransformer(FittedColumnTransformer(groups: groups, remainderColumns: rest, featureCount: columns))
        default:
            throw .invalidArchive("\(prefix): unreadable pipeline step \(record.kind) for \(columns) column(s)")
        }
    }
}

/// A saved step's kind and configuration: flags, numbers and an option name as its kind needs them, and for
/// a column transformer its groups and remainder columns.
struct StepRecord: Codable {
    var kind: String
    var flags: [Bool] = []
    var numbers: [Double] = []
    var option: String?
    var groups: [GroupRecord]?
    var remainder: [Int]?
}

/// A saved column group.
struct GroupRecord: Codable {
    var columns: [Int]
    var steps: [StepRecord]
}

/// Runs a Datasets operation, turning its errors into ``ClassicMLError``s.
func preprocessingErrors<T>(_ body: () throws -> T) throws(ClassicMLError) -> T {
    do {
        return try body()
    } catch let error as ClassicMLError {
        throw error
    } catch let error as DatasetError {
        switch error {
        case .emptyInput: throw .emptyDataset
        case let .featureCountMismatch(_, expected, found): throw .featureCountMismatch(expected: expected, found: found)
        case let .infiniteValue(_, row, column): throw .nonFinite(row: row, column: column)
        default: throw .preprocessing("\(error)")
        }
    } catch {
        throw .preprocessing("\(error)")
    }
}
