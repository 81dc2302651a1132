// The one error type of ClassicML: what is wrong with the data or the settings, and what was expected.

public enum ClassicMLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Features and targets have different numbers of rows.
    case lengthMismatch(features: Int, targets: Int)
    /// No rows (or no features).
    case emptyDataset
    /// A NaN or infinity where the model needs finite values (0-based row and column).
    case nonFinite(row: Int, column: Int)
    /// Input at predict time has another number of features than at fit time.
    case featureCountMismatch(expected: Int, found: Int)
    /// The targets have one class; a classifier needs at least two.
    case singleClass(label: Double)
    /// More of something than samples allow (neighbours, clusters, folds…).
    case tooFewSamples(what: String, needed: Int, found: Int)
    /// A hyperparameter is outside its domain.
    case invalidHyperparameter(name: String, value: String, expected: String)
    /// Targets are required (supervised model) or have the wrong shape.
    case invalidTargets(String)
    /// Features are not a 2-D matrix.
    case invalidShape(expected: String, found: [Int])
    /// A saved model is unreadable or of another kind.
    case invalidArchive(String)
    /// Reading or writing a file failed.
    case io(path: String, message: String)
    /// A negative value where the model needs non-negative ones (counts or frequencies; 0-based row and column).
    case negativeValue(row: Int, column: Int)
    /// Cross-validation groups of another length than the data (one group label per row is needed).
    case groupCountMismatch(rows: Int, groups: Int)
    /// Folds that cannot be made from the data (too few rows per class or distinct groups), or a search with no candidates.
    case invalidModelSelection(String)
    /// A preprocessing step rejected its input (the Datasets error's message).
    case preprocessing(String)
    /// A named feature column holds NaN or infinity at a 0-based data row, for a model that needs finite values.
    case nonFiniteFeature(row: Int, column: String, value: Double)
    /// Probabilities were asked of a model fitted without them (an SVC needs `probability: true`).
    case probabilitiesNotFitted(model: String)

    public var description: String {
        switch self {
        case let .lengthMismatch(f, t): "features have \(f) rows but targets have \(t)"
        case .emptyDataset: "the dataset is empty (no rows or no features)"
        case let .nonFinite(row, column): "feature value at row \(row), column \(column) is NaN or infinite (impute or drop it)"
        case let .featureCountMismatch(e, f): "the model was fitted on \(e) feature(s), the input has \(f)"
        case let .singleClass(label): "the targets contain one class (\(label)); a classifier needs at least two"
        case let .tooFewSamples(what, needed, found): "\(what) needs at least \(needed) samples, the data has \(found)"
        case let .invalidHyperparameter(name, value, expected): "\(name) = \(value) is invalid: expected \(expected)"
        case let .invalidTargets(message): message
        case let .invalidShape(expected, found): "expected \(expected), got shape \(found)"
        case let .invalidArchive(message): "saved model: \(message)"
        case let .io(path, message): "\(path): \(message)"
        case let .negativeValue(row, column): "feature value at row \(row), column \(column) is negative; this model needs counts or frequencies ≥ 0"
        case let .groupCountMismatch(rows, groups): "the data has \(rows) rows but \(groups) group labels were given"
        case let .invalidModelSelection(message): message
        case let .preprocessing(message): "preprocessing: \(message)"
        case let .nonFiniteFeature(row, column, value) where value.isInfinite:
            "feature '\(column)' is \(value) at data row \(row + 1); only finite numbers (or missing values) are accepted"
        case let .nonFiniteFeature(row, column, value):
            "feature '\(column)' is \(value.isNaN ? "missing (NaN)" : "\(value)") at data row \(row + 1); impute missing values "
                + "(--impute mean|median|most-frequent) or choose a model that accepts them"
        case let .probabilitiesNotFitted(model): "\(model) was fitted with probability: false; set probability: true to fit Platt sigmoids and predict probabilities"
        }
    }
}
