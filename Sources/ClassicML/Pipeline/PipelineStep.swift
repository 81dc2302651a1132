// The preprocessing steps a Pipeline can hold, fitted, applied and saved.
import Datasets
import Tensors

/// A preprocessing step of a ``Pipeline``: one of the Datasets preprocessors whose fitted state the pipeline
/// can save.
public enum PipelineStep: Sendable {
    /// ``StandardScaler``: centre and scale each column.
    case standardScaler(StandardScaler)
    /// ``MinMaxScaler``: map each column onto a range.
    case minMaxScaler(MinMaxScaler)

    func fit(_ x: Tensor) throws(ClassicMLError) -> FittedPipelineStep {
        try preprocessingErrors {
            switch self {
            case let .standardScaler(s): FittedPipelineStep.standardScaler(try s.fit(x))
            case let .minMaxScaler(s): FittedPipelineStep.minMaxScaler(try s.fit(x))
            }
        }
    }
}

/// A fitted ``PipelineStep``.
public enum FittedPipelineStep: Sendable {
    case standardScaler(FittedStandardScaler)
    case minMaxScaler(FittedMinMaxScaler)

    /// The number of columns the step was fitted on.
    public var featureCount: Int {
        switch self {
        case let .standardScaler(s): s.mean.count
        case let .minMaxScaler(s): s.scale.count
        }
    }

    /// Applies the step.
    public func transform(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        try preprocessingErrors {
            switch self {
            case let .standardScaler(s): try s.transform(x)
            case let .minMaxScaler(s): try s.transform(x)
            }
        }
    }

    /// The step's saved form: its configuration and its statistics as tensors named `prefix.<statistic>`.
    func archive(prefix: String) -> (record: StepRecord, tensors: [String: Tensor]) {
        func t(_ v: [Double]) -> Tensor { Tensor(v, shape: [v.count]) }
        switch self {
        case let .standardScaler(s):
            return (StepRecord(kind: "StandardScaler", flags: [s.configuration.withMean, s.configuration.withStd], range: nil),
                    ["\(prefix).mean": t(s.mean), "\(prefix).variance": t(s.variance), "\(prefix).scale": t(s.scale),
                     "\(prefix).sample_counts": t(s.sampleCounts.map(Double.init))])
        case let .minMaxScaler(s):
            let r = s.configuration.featureRange
            return (StepRecord(kind: "MinMaxScaler", flags: [s.configuration.clip], range: [r.lowerBound, r.upperBound]),
                    ["\(prefix).data_min": t(s.dataMin), "\(prefix).data_max": t(s.dataMax), "\(prefix).scale": t(s.scale),
                     "\(prefix).offset": t(s.offset)])
        }
    }

    /// Rebuilds a step saved by ``archive(prefix:)``.
    init(record: StepRecord, archive: ModelArchive, prefix: String, columns: Int) throws(ClassicMLError) {
        func v(_ name: String) throws(ClassicMLError) -> [Double] { try archive.tensor("\(prefix).\(name)", shape: [columns]).doubles }
        switch (record.kind, record.flags.count, record.range?.count) {
        case ("StandardScaler", 2, nil):
            let configuration = StandardScaler(withMean: record.flags[0], withStd: record.flags[1])
            self = .standardScaler(FittedStandardScaler(configuration: configuration, mean: try v("mean"), variance: try v("variance"),
                                                        scale: try v("scale"), sampleCounts: try v("sample_counts").map { Int($0) }))
        case ("MinMaxScaler", 1, 2):
            let range = record.range!
            guard range[0] <= range[1] else { throw .invalidArchive("MinMaxScaler range \(range) is reversed") }
            let configuration = MinMaxScaler(featureRange: range[0]...range[1], clip: record.flags[0])
            self = .minMaxScaler(FittedMinMaxScaler(configuration: configuration, dataMin: try v("data_min"), dataMax: try v("data_max"),
                                                    scale: try v("scale"), offset: try v("offset")))
        default:
            throw .invalidArchive("unknown pipeline step \(record.kind)")
        }
    }
}

/// A saved step's kind and configuration.
struct StepRecord: Codable {
    var kind: String
    var flags: [Bool]
    var range: [Double]?
}

/// Runs a Datasets operation, turning its errors into ``ClassicMLError``s.
func preprocessingErrors<T>(_ body: () throws -> T) throws(ClassicMLError) -> T {
    do {
        return try body()
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
