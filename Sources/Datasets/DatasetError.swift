// The one error type of the Datasets module: every failure says what went wrong, where, and what was expected.

/// An error raised while reading, validating or transforming data.
///
/// Positions in files are 1-based: `line` is the physical line of the file (newlines inside quoted fields
/// count), `column` is the 1-based field number in the record. `byteOffset` is the 0-based offset from the
/// start of the file, for `xxd`/`dd`. `path` is the file path, or `"<memory>"` for in-memory input.
public enum DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read.
    case io(path: String, message: String)
    /// The file holds no records at all (nothing but blank lines, or zero bytes).
    case emptyFile(path: String)
    /// The file has a header row but no data rows.
    case noDataRows(path: String)
    /// A record has a different number of fields than the header (or the first record).
    case wrongFieldCount(path: String, line: Int, expected: Int, found: Int)
    /// A quoted field is still open at the end of the file.
    case unterminatedQuote(path: String, line: Int, column: Int)
    /// A closing quote is followed by something other than a delimiter or a line end (`"ab"c`).
    case unexpectedCharacterAfterQuote(path: String, line: Int, column: Int, character: String)
    /// A field contains bytes that are not valid UTF-8.
    case invalidUTF8(path: String, line: Int, column: Int, byteOffset: Int)
    /// A single record is larger than ``CSVOptions/maxRecordBytes``.
    case recordTooLarge(path: String, line: Int, limit: Int)
    /// A value in a numeric column (forced numeric, or the target of a regression) is not a number.
    case nonNumericValue(path: String, line: Int, column: Int, columnName: String, value: String)
    /// Two header fields have the same name.
    case duplicateColumn(path: String, name: String)
    /// A column named in the options (target, features, kinds) does not exist.
    case unknownColumn(name: String, available: [String])
    /// The target value of a row is missing.
    case missingTarget(path: String, line: Int, columnName: String)
    /// A regression target value is infinite (`inf`, `-inf`, or a number too large for Float32 such as `1e400`).
    case nonFiniteTarget(path: String, line: Int, column: Int, columnName: String, value: String)
    /// The options contradict themselves or the data (e.g. delimiter equal to the quote character).
    case invalidOption(String)
    /// Features contain NaN where the operation does not accept missing values; `rows` lists the first few
    /// 0-based row indices, `count` how many rows have a NaN.
    case nanInFeatures(operation: String, rows: [Int], count: Int)
    /// A value is ±infinity where only finite numbers (or NaN for missing) are accepted.
    case infiniteValue(operation: String, row: Int, column: Int)
    /// A category met at transform time was not seen when fitting (with `handleUnknown: .error`).
    case unknownCategory(column: Int, value: String, known: [String])
    /// A feature matrix has a different number of columns than the one the transformer was fitted on.
    case featureCountMismatch(operation: String, expected: Int, found: Int)
    /// Features and targets disagree on the number of rows.
    case rowCountMismatch(features: Int, targets: Int)
    /// The input has no rows (or is not a 2-D matrix) where at least one row is needed.
    case emptyInput(operation: String)
    /// A split cannot be made as asked (too few rows or too few members of a class).
    case invalidSplit(String)
    /// No bundled dataset has this name.
    case unknownDataset(name: String, available: [String])

    public var description: String {
        switch self {
        case let .io(path, message):
            return "\(path): cannot read: \(message)"
        case let .emptyFile(path):
            return "\(path): the file is empty (no records)"
        case let .noDataRows(path):
            return "\(path): the file has a header but no data rows"
        case let .wrongFieldCount(path, line, expected, found):
            return "\(path):\(line): expected \(expected) fields, found \(found)"
        case let .unterminatedQuote(path, line, column):
            return "\(path):\(line): column \(column): quoted field opened here is never closed"
        case let .unexpectedCharacterAfterQuote(path, line, column, character):
            return "\(path):\(line): column \(column): expected a delimiter or line end after the closing quote, found \(character.debugDescription)"
        case let .invalidUTF8(path, line, column, byteOffset):
            return "\(path):\(line): column \(column): invalid UTF-8 at byte offset \(byteOffset)"
        case let .recordTooLarge(path, line, limit):
            return "\(path):\(line): record is larger than the limit of \(limit) bytes (CSVOptions.maxRecordBytes)"
        case let .nonNumericValue(path, line, column, columnName, value):
            return "\(path):\(line): column \(column) (\(columnName)): expected a number, found \(value.debugDescription)"
        case let .duplicateColumn(path, name):
            return "\(path): the header names column \(name.debugDescription) twice"
        case let .unknownColumn(name, available):
            var message = "no column named \(name.debugDescription); available: \(available.joined(separator: ", "))"
            // One header field that holds another common separator is almost always a file read with the wrong
            // delimiter (a semicolon CSV read with ","): say which one to pass.
            if available.count == 1, let other = [";", "\t", "|"].first(where: { available[0].contains($0) }) {
                let shown = other == "\t" ? "tab" : "'\(other)'"
                message += "; the header looks \(shown)-separated: set the delimiter to \(shown) (--delimiter \(shown) on the command line)"
            }
            return message
        case let .missingTarget(path, line, columnName):
            return "\(path):\(line): the target column \(columnName.debugDescription) is missing a value"
        case let .nonFiniteTarget(path, line, column, columnName, value):
            return "\(path):\(line): column \(column) (\(columnName)): the regression target is \(value.debugDescription), "
                + "which is infinite as a Float32; targets must be finite numbers"
        case let .invalidOption(message):
            return "invalid option: \(message)"
        case let .nanInFeatures(operation, rows, count):
            let listed = rows.map(String.init).joined(separator: ", ")
            return "\(operation): \(count) row(s) contain NaN (first: \(listed)); impute them first, "
                + "e.g. SimpleImputer(strategy: .mean), or drop those rows"
        case let .infiniteValue(operation, row, column):
            return "\(operation): row \(row), column \(column) is infinite; only finite values (or NaN for missing) are accepted"
        case let .unknownCategory(column, value, known):
            return "column \(column): category \(value) was not seen in fit (known: \(known.joined(separator: ", "))); "
                + "use handleUnknown: .ignore to encode it as all zeros"
        case let .featureCountMismatch(operation, expected, found):
            return "\(operation): fitted on \(expected) features, got \(found)"
        case let .rowCountMismatch(features, targets):
            return "features have \(features) rows but targets have \(targets)"
        case let .emptyInput(operation):
            return "\(operation): needs a 2-D matrix with at least one row"
        case let .invalidSplit(message):
            return "cannot split: \(message)"
        case let .unknownDataset(name, available):
            return "no bundled dataset named \(name.debugDescription); available: \(available.joined(separator: ", "))"
        }
    }
}
