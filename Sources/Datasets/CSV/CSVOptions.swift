// How a delimited text file is read: dialect, missing-value markers, column roles and kinds.

/// The kind of a column: numbers, or categories (text labels encoded as integer codes).
public enum ColumnKind: String, Sendable, Equatable, Codable {
    /// Every non-missing value parses as a number.
    case numeric
    /// Text labels; stored in the feature matrix as codes into a sorted vocabulary.
    case categorical
}

/// What a target column is for.
public enum TaskKind: String, Sendable, Equatable, Codable {
    /// Class labels: targets are Int64 codes into ``TabularDataset/classNames``.
    case classification
    /// Real values: targets are Float32.
    case regression
}

/// What to do with a record whose field count differs from the header's.
public enum BadLinePolicy: Sendable, Equatable {
    /// Throw ``DatasetError/wrongFieldCount(path:line:expected:found:)`` (the default).
    case error
    /// Leave the record out (pandas `on_bad_lines="skip"`).
    case skip
}

/// Options for ``CSVReader``.
///
/// The dialect is RFC 4180: fields separated by ``delimiter``, optionally enclosed in double quotes; a quote
/// inside a quoted field is written twice; quoted fields may hold delimiters and line breaks. Records end
/// with LF, CRLF or a bare CR (as Python's `csv`). A UTF-8 byte-order mark at the start is skipped; blank
/// lines are skipped. A quote inside an unquoted field is kept as a literal character (as Python's `csv`).
public struct CSVOptions: Sendable, Equatable {
    /// The field separator, a single ASCII byte (`,` by default; `\t` for TSV).
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// Whether the first record (after ``skipRows``) names the columns. Without a header, columns are named
    /// ``columnNames`` if given, else `column_1`, `column_2`, ….
    public var hasHeader: Bool = true
    /// Names to use for the columns instead of the header (or when there is none).
    public var columnNames: [String]? = nil
    /// Records to skip before the header or the data (e.g. a metadata line).
    public var skipRows: Int = 0
    /// Field values that mean "missing" (compared after trimming surrounding spaces and tabs); missing
    /// numeric and categorical features become NaN.
    public var missingValues: Set<String> = CSVOptions.defaultMissingValues
    /// The target column's name, or nil for a dataset with features only.
    public var target: String? = nil
    /// The feature columns, in this order; nil means every column except the target.
    public var features: [String]? = nil
    /// Kinds that override inference, by column name. A text value in a column forced `.numeric` is a
    /// ``DatasetError/nonNumericValue(path:line:column:columnName:value:)`` naming its line and column.
    public var columnKinds: [String: ColumnKind] = [:]
    /// The task, or nil to infer it (see ``TabularDataset/inferTask(kind:distinctValues:allIntegers:)``).
    public var task: TaskKind? = nil
    /// What to do with records of the wrong length.
    public var badLines: BadLinePolicy = .error
    /// The bytes read from the file at a time.
    public var chunkSize: Int = 1 << 20
    /// The largest record accepted, in bytes; bounds memory on hostile input.
    public var maxRecordBytes: Int = 64 << 20

    /// `""`, `NA`, `N/A`, `NaN`, `nan`, `null`, `NULL` and `?`.
    public static let defaultMissingValues: Set<String> = ["", "NA", "N/A", "NaN", "nan", "null", "NULL", "?"]

    public init() {}

    /// Options with the given delimiter, header flag and target; other options default.
    public init(delimiter: UInt8 = UInt8(ascii: ","), hasHeader: Bool = true, target: String? = nil) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.target = target
    }

    /// Tab-separated values.
    public static var tsv: CSVOptions { CSVOptions(delimiter: UInt8(ascii: "\t")) }

    func validate() throws {
        if delimiter == UInt8(ascii: "\"") || delimiter == 0x0A || delimiter == 0x0D || delimiter >= 0x80 {
            throw DatasetError.invalidOption("delimiter must be one ASCII byte other than a quote or a line break")
        }
        if chunkSize < 1 { throw DatasetError.invalidOption("chunkSize must be positive") }
        if skipRows < 0 { throw DatasetError.invalidOption("skipRows must be non-negative") }
        if maxRecordBytes < 1 { throw DatasetError.invalidOption("maxRecordBytes must be positive") }
    }
}
