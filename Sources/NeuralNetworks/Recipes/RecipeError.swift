// Errors of the ready-made training recipes (bad data, wrong model for the data, unreadable runs).

/// What went wrong in a training, evaluation or prediction job, with what would fix it.
public enum RecipeError: Error, Equatable, CustomStringConvertible {
    /// Features hold missing values and no imputation was asked for. `rows` are 0-based data rows; `columns` names
    /// the features that have them, in column order.
    case missingValues(rows: [Int], count: Int, columns: [String])
    /// The data does not have the features the model expects.
    case featureMismatch(expected: Int, found: Int, detail: String)
    /// The model kind cannot take this data.
    case unsuitableModel(String)
    /// The data has no target where one is needed, or the wrong kind of target.
    case invalidTarget(String)
    /// A saved run is missing or unreadable.
    case invalidRun(path: String, reason: String)
    /// An option value is out of range.
    case invalidOption(String)
    /// A categorical feature holds a value the model never saw in training (`row` is 0-based), and unknown
    /// categories were not allowed.
    case unknownCategory(column: String, value: String, row: Int, known: [String])
    /// A feature that was numeric in training holds text that is not a number (`row` is 0-based).
    case nonNumericValue(column: String, value: String, row: Int)
    /// A numeric feature is ±infinity (`row` is 0-based); only finite numbers or missing values are accepted.
    case infiniteValue(column: String, row: Int)

    public var description: String {
        switch self {
        case let .missingValues(rows, count, columns):
            let shown = rows.prefix(10).map { String($0 + 1) }.joined(separator: ", ")
            let named = columns.prefix(10).map { "'\($0)'" }.joined(separator: ", ") + (columns.count > 10 ? ", …" : "")
            return "the features have missing values (NaN) in \(count) row(s) (data rows \(shown)\(count > 10 ? ", …" : "")), "
                + "in column(s) \(named); impute them with --impute mean|median|most-frequent, or clean the file"
        case let .featureMismatch(expected, found, detail):
            return "the model expects \(expected) feature(s), the data has \(found): \(detail)"
        case let .unsuitableModel(message), let .invalidTarget(message), let .invalidOption(message):
            return message
        case let .invalidRun(path, reason):
            return "\(path): \(reason)"
        case let .nonNumericValue(column, value, row):
            return "column '\(column)', data row \(row + 1): expected a number (the column was numeric in training), found '\(value)'"
        case let .infiniteValue(column, row):
            return "column '\(column)', data row \(row + 1): the value is infinite; only finite numbers (or missing values, "
                + "with --impute) are accepted"
        case let .unknownCategory(column, value, row, known):
            let shown = known.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
            return "column '\(column)', data row \(row + 1): category '\(value)' was not seen in training "
                + "(known: \(shown)\(known.count > 10 ? ", …" : "")); fix the value, or allow unknown categories "
                + "(--ignore-unknown-categories) to encode it as all zeros"
        }
    }
}
