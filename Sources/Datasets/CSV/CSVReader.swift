// Reading a delimited file into a TabularDataset in two streaming passes.
import Foundation
import Tensors

/// Reads CSV/TSV files into a ``TabularDataset``.
///
/// The file is read twice, in chunks of ``CSVOptions/chunkSize`` bytes, and never held whole in memory:
///
/// 1. The first pass checks every record (field count, quoting, UTF-8), counts the rows and infers each
///    column's kind: a column is numeric when every non-missing value parses as a number, categorical
///    otherwise (``CSVOptions/columnKinds`` overrides this).
/// 2. The second pass parses the numbers straight from the bytes into one preallocated `[Float]` of
///    `rows × features` and assigns category codes.
///
/// Peak memory is therefore about the parsed numbers (4 bytes per value, written straight into the
/// tensor's storage, plus the target column), the category vocabularies and one chunk of text, whatever
/// the size of the file (`scripts/csv-memory-check.sh` measures it).
///
/// ```swift
/// var options = CSVOptions()
/// options.target = "species"
/// let data = try CSVReader(options: options).read(contentsOf: url)
/// data.features.shape   // [150, 4]
/// data.classNames       // ["setosa", "versicolor", "virginica"]
/// ```
public struct CSVReader: Sendable {
    /// How the file is read.
    public var options: CSVOptions

    public init(options: CSVOptions = CSVOptions()) {
        self.options = options
    }

    /// Reads the file at `url`.
    public func read(contentsOf url: URL) throws -> TabularDataset {
        try read { try CSVTokenizer.open(url, options: options) }
    }

    /// Reads CSV text held in memory; errors name `path`.
    public func read(bytes: [UInt8], path: String = "<memory>") throws -> TabularDataset {
        try read { CSVTokenizer(source: .memory(bytes, position: 0), path: path, options: options) }
    }

    /// Reads CSV text held in a String.
    public func read(string: String) throws -> TabularDataset { try read(bytes: Array(string.utf8)) }

    /// Calls `body` with every non-blank record of the file (header included, ``CSVOptions/skipRows``
    /// ignored) and the physical line it starts on; fields are unquoted and checked to be UTF-8. Field counts
    /// are not checked. For looking at raw rows; ``read(contentsOf:)`` is the way to get tensors.
    public func forEachRecord(contentsOf url: URL, _ body: (_ line: Int, _ fields: [String]) throws -> Void) throws {
        try options.validate()
        var t = try CSVTokenizer.open(url, options: options)
        while try t.nextRecord() {
            try t.validateUTF8()
            try body(t.line, t.strings())
        }
    }

    // MARK: - The two passes

    /// Column names, which columns are used and how.
    struct Layout {
        var names: [String]
        var featureColumns: [Int]
        var targetColumn: Int?
        /// Without a header or given names, the first record sets the field count and is also data.
        var firstRecordIsData: Bool
        var fieldCount: Int { names.count }
        var usedColumns: [Int] { featureColumns + (targetColumn.map { [$0] } ?? []) }
    }

    private func read(open: () throws -> CSVTokenizer) throws -> TabularDataset {
        try options.validate()
        let missing = options.missingValues.map { Array($0.utf8) }
        var first = try open()
        let layout = try readLayout(&first)
        let kinds = try inferKinds(&first, layout: layout, missing: missing)
        var second = try open()
        _ = try readLayout(&second)
        return try fill(&second, layout: layout, kinds: kinds.kinds, rowCount: kinds.rows, missing: missing)
    }

    /// Skips ``CSVOptions/skipRows`` records, reads the header and resolves the target and feature columns.
    private func readLayout(_ t: inout CSVTokenizer) throws -> Layout {
        for _ in 0..<options.skipRows where try !t.nextRecord() { throw DatasetError.emptyFile(path: t.path) }
        var names: [String]
        var firstIsData = false
        if options.hasHeader {
            guard try t.nextRecord() else { throw DatasetError.emptyFile(path: t.path) }
            try t.validateUTF8()
            names = t.strings()
            if let given = options.columnNames {
                guard given.count == names.count else {
                    throw DatasetError.invalidOption("columnNames has \(given.count) names but the header has \(names.count) fields")
                }
                names = given
            }
        } else if let given = options.columnNames {
            names = given
        } else {
            guard try t.nextRecord() else { throw DatasetError.emptyFile(path: t.path) }
            names = (1...t.fieldCount).map { "column_\($0)" }
            firstIsData = true
        }
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted { throw DatasetError.duplicateColumn(path: t.path, name: name) }
        func index(_ name: String) throws -> Int {
            guard let i = names.firstIndex(of: name) else { throw DatasetError.unknownColumn(name: name, available: names) }
            return i
        }
        let target = try options.target.map(index)
        let featureColumns: [Int]
        if let wanted = options.features {
            featureColumns = try wanted.map(index)
            if Set(featureColumns).count != featureColumns.count {
                throw DatasetError.invalidOption("features lists a column more than once")
            }
            if let target, featureColumns.contains(target) {
                throw DatasetError.invalidOption("the target \(names[target].debugDescription) is also listed as a feature")
            }
        } else {
            featureColumns = names.indices.filter { $0 != target }
        }
        for name in options.columnKinds.keys { _ = try index(name) }
        return Layout(names: names, featureColumns: featureColumns, targetColumn: target, firstRecordIsData: firstIsData)
    }

    /// Calls `body` for each data record with the expected field count, applying the bad-line policy.
    private func forEachDataRecord(_ t: inout CSVTokenizer, layout: Layout, _ body: (inout CSVTokenizer) throws -> Void) throws {
        var pending = layout.firstRecordIsData
        while true {
            if !pending { guard try t.nextRecord() else { return } }
            pending = false
            if t.fieldCount != layout.fieldCount {
                if options.badLines == .skip { continue }
                throw DatasetError.wrongFieldCount(path: t.path, line: t.line, expected: layout.fieldCount, found: t.fieldCount)
            }
            try body(&t)
        }
    }

    /// Pass 1: validates every record, counts rows and decides each used column's kind.
    private func inferKinds(_ t: inout CSVTokenizer, layout: Layout, missing: [[UInt8]]) throws -> (kinds: [ColumnKind], rows: Int) {
        var forced = options.columnKinds
        if options.task == .regression, let target = layout.targetColumn, forced[layout.names[target]] == nil {
            forced[layout.names[target]] = .numeric
        }
        let used = layout.usedColumns
        var numeric = [Bool](repeating: true, count: layout.fieldCount)
        var forcedNumeric = [Bool](repeating: false, count: layout.fieldCount)
        for (name, kind) in forced {
            let i = layout.names.firstIndex(of: name)!
            forcedNumeric[i] = kind == .numeric
            if kind == .categorical { numeric[i] = false }
        }
        var rows = 0
        try forEachDataRecord(&t, layout: layout) { t in
            try t.validateUTF8()
            for column in used {
                let isMissing = t.withField(column) { isMissingValue($0, missing) }
                if isMissing {
                    if column == layout.targetColumn {
                        throw DatasetError.missingTarget(path: t.path, line: t.line, columnName: layout.names[column])
                    }
                    continue
                }
                guard numeric[column] else { continue }
                if t.withField(column, { parseFloat32($0) }) == nil {
                    if forcedNumeric[column] {
                        throw DatasetError.nonNumericValue(path: t.path, line: t.line, column: column + 1,
                                                           columnName: layout.names[column], value: t.string(column))
                    }
                    numeric[column] = false
                }
            }
            rows += 1
        }
        if rows == 0 { throw DatasetError.noDataRows(path: t.path) }
        return (numeric.map { $0 ? .numeric : .categorical }, rows)
    }

    /// Pass 2: parses the used columns into the feature matrix and the target.
    private func fill(_ t: inout CSVTokenizer, layout: Layout, kinds: [ColumnKind], rowCount: Int,
                      missing: [[UInt8]]) throws -> TabularDataset {
        let nf = layout.featureColumns.count
        var vocabularies = [Vocabulary](repeating: Vocabulary(), count: layout.fieldCount)
        var targetValues = [Float]()
        if layout.targetColumn != nil { targetValues.reserveCapacity(rowCount) }
        var categories: [[String]?] = []
        var firstInfiniteTarget: (line: Int, text: String)? = nil
        // The numbers go straight into the tensor's storage: no second copy of the matrix.
        let features = try Tensor(shape: [rowCount, nf], of: Float.self) { matrix in
            var row = 0
            try forEachDataRecord(&t, layout: layout) { t in
                guard row < rowCount else { throw DatasetError.io(path: t.path, message: "the file changed while it was being read") }
                for (k, column) in layout.featureColumns.enumerated() {
                    matrix[row * nf + k] = t.withField(column) { field in
                        value(of: field, kind: kinds[column], missing: missing, vocabulary: &vocabularies[column])
                    }
                }
                if let column = layout.targetColumn {
                    let v = t.withField(column) { field in
                        value(of: field, kind: kinds[column], missing: missing, vocabulary: &vocabularies[column])
                    }
                    // A numeric target spelled as a NaN the missing markers do not list ("NAN", "-nan") is a missing
                    // target like "" or "NA"; left in, it became a NaN class or a NaN regression mean. An infinite
                    // one ("inf", "1e400") is remembered for setTarget, which rejects it once the task is known.
                    if kinds[column] == .numeric && v.isNaN {
                        throw DatasetError.missingTarget(path: t.path, line: t.line, columnName: layout.names[column])
                    }
                    if kinds[column] == .numeric && v.isInfinite && firstInfiniteTarget == nil {
                        firstInfiniteTarget = (t.line, t.string(column))
                    }
                    targetValues.append(v)
                }
                row += 1
            }
            guard row == rowCount else { throw DatasetError.io(path: t.path, message: "the file changed while it was being read") }
            // Provisional codes (first-seen order) become codes into the sorted vocabulary.
            for (k, column) in layout.featureColumns.enumerated() {
                guard kinds[column] == .categorical else { categories.append(nil); continue }
                let (sorted, remap) = vocabularies[column].sortedWithRemap()
                categories.append(sorted)
                for r in 0..<rowCount where !matrix[r * nf + k].isNaN { matrix[r * nf + k] = Float(remap[Int(matrix[r * nf + k])]) }
            }
        }
        var dataset = TabularDataset(
            features: features,
            featureNames: layout.featureColumns.map { layout.names[$0] },
            featureKinds: layout.featureColumns.map { kinds[$0] },
            categories: categories)
        if let column = layout.targetColumn {
            dataset.targetName = layout.names[column]
            try setTarget(&dataset, values: targetValues, kind: kinds[column], vocabulary: vocabularies[column])
            if dataset.task == .regression, let (line, text) = firstInfiniteTarget {
                throw DatasetError.nonFiniteTarget(path: t.path, line: line, column: column + 1, columnName: layout.names[column], value: text)
            }
        }
        return dataset
    }

    /// Encodes the target as class codes or regression values, inferring the task unless it was given.
    private func setTarget(_ dataset: inout TabularDataset, values: [Float], kind: ColumnKind, vocabulary: Vocabulary) throws {
        if kind == .categorical {
            let (sorted, remap) = vocabulary.sortedWithRemap()
            dataset.task = .classification
            dataset.classNames = sorted
            dataset.targets = Tensor(values.map { Int64(remap[Int($0)]) }, shape: [values.count])
            return
        }
        var distinct = Set<Float>()
        var allIntegers = true
        for v in values {
            if allIntegers && v.rounded() != v { allIntegers = false }
            if distinct.count <= TabularDataset.maxInferredClasses || options.task == .classification { distinct.insert(v) }
        }
        let task = options.task ?? TabularDataset.inferTask(kind: .numeric, distinctValues: distinct.count, allIntegers: allIntegers)
        dataset.task = task
        if task == .regression {
            dataset.targets = Tensor(values, shape: [values.count])
            return
        }
        let classes = distinct.sorted()
        let code = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($0.element, Int64($0.offset)) })
        dataset.classNames = classes.map(formatClassValue)
        dataset.targets = Tensor(values.map { code[$0]! }, shape: [values.count])
    }
}

/// A class name for a numeric class value: `3` for integers, the shortest round-trip form otherwise.
func formatClassValue(_ v: Float) -> String {
    if v.rounded() == v && abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
}

/// Categories in first-seen order; sorted at the end.
struct Vocabulary {
    private var codes: [String: Int] = [:]
    private var values: [String] = []

    mutating func code(for value: String) -> Int {
        if let c = codes[value] { return c }
        codes[value] = values.count
        values.append(value)
        return values.count - 1
    }

    /// The sorted vocabulary and, for each provisional code, its index in it.
    func sortedWithRemap() -> ([String], [Int]) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var remap = [Int](repeating: 0, count: values.count)
        for (rank, provisional) in order.enumerated() { remap[provisional] = rank }
        return (order.map { values[$0] }, remap)
    }
}

/// The matrix value of one field: NaN if missing, the number, or a provisional category code.
private func value(of field: UnsafeBufferPointer<UInt8>, kind: ColumnKind, missing: [[UInt8]], vocabulary: inout Vocabulary) -> Float {
    if isMissingValue(field, missing) { return .nan }
    if kind == .numeric { return parseFloat32(field)! }
    return Float(vocabulary.code(for: String(decoding: field, as: UTF8.self)))
}

/// Whether `field`, without surrounding spaces and tabs, is one of the missing-value markers.
func isMissingValue(_ field: UnsafeBufferPointer<UInt8>, _ markers: [[UInt8]]) -> Bool {
    var lo = 0, hi = field.count
    while lo < hi && (field[lo] == 0x20 || field[lo] == 0x09) { lo += 1 }
    while hi > lo && (field[hi - 1] == 0x20 || field[hi - 1] == 0x09) { hi -= 1 }
    let length = hi - lo
    if length > 4 && !markers.contains(where: { $0.count == length }) { return false }
    marker: for m in markers where m.count == length {
        for k in 0..<length where field[lo + k] != m[k] { continue marker }
        return true
    }
    return false
}
