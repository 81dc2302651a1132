// The typed errors of the Evaluation module's throwing metrics.

/// Why a metric could not be computed from its input.
///
/// The newer metrics (averaged precision/recall/F1, curves, AUC, average precision, log loss and the clustering
/// scores) validate their input and throw one of these instead of trapping or returning NaN.
public enum EvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two inputs that must be equally long are not: `what` names them.
    case lengthMismatch(what: String, expected: Int, found: Int)
    /// An input that needs at least one sample has none.
    case emptyInput(what: String)
    /// The truth holds only one class where the metric needs two (a ROC curve or AUC needs positives and
    /// negatives; one-vs-rest AUC needs every class present).
    case singleClass(what: String)
    /// A probability is NaN, negative or above 1.
    case invalidProbability(row: Int, column: Int, value: Double)
    /// A row of class probabilities does not sum to 1 within the metric's tolerance.
    case probabilitiesDoNotSumToOne(row: Int, sum: Double)
    /// A class label is outside `0..<classCount` (the columns of a probability matrix).
    case labelOutOfRange(index: Int, label: Int, classCount: Int)
    /// A score, value or weight is NaN or infinite.
    case nonFinite(what: String, index: Int)
    /// An argument is not allowed here (the message says which and why).
    case invalidArgument(String)

    // Calibration and uncertainty (Calibration/, Uncertainty/).
    /// A number of calibration bins below 1.
    case nonPositiveBinCount(Int)
    /// A parameter outside the values it may take: `allowed` says which are.
    case parameterOutOfRange(name: String, value: Double, allowed: String)
    /// A calibrator cannot be fitted on this held-out set: `reason` says why.
    case cannotFitCalibrator(method: String, reason: String)
    /// A fitted calibrator or detector got rows of another width than it was fitted on.
    case widthMismatch(what: String, expected: Int, found: Int)
    /// A value outside the range a fitted isotonic regression covers, with out-of-bounds set to `.error`.
    case outsideFittedRange(value: Double, lower: Double, upper: Double)
    /// A predicted variance that is zero, negative or NaN.
    case nonPositiveVariance(index: Int, value: Double)

    // Conformal prediction (Sources/Evaluation/Conformal).
    /// A miscoverage level α outside the open interval (0, 1).
    case invalidAlpha(Double)
    /// `samples` calibration scores (of `what`: all of them, or one class's) are too few for a finite
    /// conformal threshold at level `alpha`: the ⌈(n+1)(1−α)⌉-th smallest score exists only when n ≥ 1/α − 1,
    /// that is from `needed` samples on.
    case calibrationTooSmall(what: String, samples: Int, alpha: Double, needed: Int)
    /// A lower quantile prediction lies above the upper one at `index`.
    case quantilesCrossed(index: Int, lower: Double, upper: Double)
    /// A fitted conformal predictor could not be written, read or decoded.
    case conformalFile(path: String, detail: String)

    public var description: String {
        switch self {
        case let .lengthMismatch(what, expected, found): "\(what): expected \(expected) values, found \(found)"
        case let .emptyInput(what): "\(what): no samples"
        case let .singleClass(what): "\(what): the truth holds a single class"
        case let .invalidProbability(row, column, value): "probability at row \(row), column \(column) is \(value), not in [0, 1]; pass probabilities (softmax outputs), not logits or scores"
        case let .probabilitiesDoNotSumToOne(row, sum): "probabilities of row \(row) sum to \(sum), not 1; pass one column per class and normalise each row"
        case let .labelOutOfRange(index, label, classCount): "label \(label) at index \(index) is outside 0..<\(classCount); encode labels as 0..<classes, one probability column each"
        case let .nonFinite(what, index): "\(what): value at index \(index) is not finite"
        case let .invalidArgument(message): message
        case let .nonPositiveBinCount(bins):
            "bin count is \(bins); use at least 1 bin (10 or 15 are usual for calibration)"
        case let .parameterOutOfRange(name, value, allowed):
            "\(name) is \(value); it must be \(allowed)"
        case let .cannotFitCalibrator(method, reason): "\(method) cannot be fitted: \(reason)"
        case let .widthMismatch(what, expected, found):
            "\(what): rows have \(found) columns, but the calibrator was fitted on \(expected); pass the same model's outputs"
        case let .outsideFittedRange(value, lower, upper):
            "\(value) is outside the fitted range [\(lower), \(upper)]; use outOfBounds .clip or .nan to accept it"
        case let .nonPositiveVariance(index, value):
            "predicted variance at index \(index) is \(value); variances must be positive (add a small floor such as 1e-6)"
        case let .invalidAlpha(alpha):
            "miscoverage level α = \(alpha) is outside (0, 1); use e.g. 0.1 for 90% coverage"
        case let .calibrationTooSmall(what, samples, alpha, needed):
            "\(what): \(samples) calibration samples are too few for α = \(alpha) (a finite threshold needs "
                + "n ≥ 1/α − 1, i.e. at least \(needed)); add calibration samples or raise α"
        case let .quantilesCrossed(index, lower, upper):
            "lower quantile prediction \(lower) is above the upper one \(upper) at index \(index); pass them in "
                + "order (lower, upper) or sort each pair"
        case let .conformalFile(path, detail): "conformal predictor file \(path): \(detail)"
        }
    }
}
