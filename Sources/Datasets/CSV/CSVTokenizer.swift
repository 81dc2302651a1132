// The byte-level RFC 4180 tokenizer. It reads a source in chunks and yields one record at a time as field
// ranges into its buffer, so no String is built for the file or for numeric fields.
import Foundation
import Tensors

/// Where bytes come from: a file read in chunks, or bytes already in memory.
enum ByteSource {
    case file(FileHandle)
    case memory([UInt8], position: Int)

    /// Appends up to `count` bytes to `buffer`; returns how many were appended (0 at the end).
    mutating func read(into buffer: inout [UInt8], count: Int, path: String) throws -> Int {
        switch self {
        case .file(let handle):
            let data: Data?
            do { data = try handle.read(upToCount: count) } catch {
                throw DatasetError.io(path: path, message: "\(error)")
            }
            guard let data, !data.isEmpty else { return 0 }
            buffer.append(contentsOf: data)
            return data.count
        case .memory(let bytes, let position):
            let n = Swift.min(count, bytes.count - position)
            if n <= 0 { return 0 }
            buffer.append(contentsOf: bytes[position..<(position + n)])
            self = .memory(bytes, position: position + n)
            return n
        }
    }
}

/// One pass over a delimited file: `nextRecord()` advances, then the field accessors read the record.
struct CSVTokenizer {
    private static let quote = UInt8(ascii: "\""), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D

    let path: String
    private let delimiter: UInt8
    private let chunkSize: Int
    private let maxRecordBytes: Int
    private var source: ByteSource
    private var buffer: [UInt8] = []
    /// The first unconsumed byte of `buffer`.
    private var start = 0
    private var endOfInput = false
    /// Physical line and file offset of `buffer[start]`.
    private var nextLine = 1
    private var consumedBytes = 0
    private var atFileStart = true

    /// The current record: the physical line and file offset where it starts, its raw byte range, and each
    /// field's content range (inside the quotes for quoted fields) and whether it holds doubled quotes.
    private(set) var line = 0
    private(set) var recordOffset = 0
    private var recordRange = 0..<0
    private var fieldStarts: [Int] = []
    private var fieldEnds: [Int] = []
    private var fieldEscaped: [Bool] = []
    private var scratch: [UInt8] = []

    init(source: ByteSource, path: String, options: CSVOptions) {
        self.source = source
        self.path = path
        self.delimiter = options.delimiter
        self.chunkSize = options.chunkSize
        self.maxRecordBytes = options.maxRecordBytes
        fieldStarts.reserveCapacity(64)
        fieldEnds.reserveCapacity(64)
        fieldEscaped.reserveCapacity(64)
    }

    /// Opens `url` for reading.
    static func open(_ url: URL, options: CSVOptions) throws -> CSVTokenizer {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw DatasetError.io(path: url.path, message: "\(error.localizedDescription)")
        }
        return CSVTokenizer(source: .file(handle), path: url.path, options: options)
    }

    /// The number of fields in the current record.
    var fieldCount: Int { fieldStarts.count }

    /// Calls `body` with the bytes of field `index` (doubled quotes already collapsed).
    mutating func withField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let range = fieldStarts[index]..<fieldEnds[index]
        if !fieldEscaped[index] {
            return try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
        }
        scratch.removeAll(keepingCapacity: true)
        var i = range.lowerBound
        while i < range.upperBound {
            scratch.append(buffer[i])
            i += buffer[i] == CSVTokenizer.quote ? 2 : 1
        }
        return try scratch.withUnsafeBufferPointer { try body($0) }
    }

    /// Field `index` as a String (the record must have passed ``validateUTF8()``).
    mutating func string(_ index: Int) -> String {
        withField(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// All fields of the current record as Strings.
    mutating func strings() -> [String] { (0..<fieldCount).map { string($0) } }

    /// Throws ``DatasetError/invalidUTF8(path:line:column:byteOffset:)`` if the record is not valid UTF-8.
    /// Delimiters and quotes are ASCII, which never occurs inside a multi-byte sequence, so checking the whole
    /// record at once is the same as checking each field.
    func validateUTF8() throws {
        let bad: Int? = buffer.withUnsafeBufferPointer { firstInvalidUTF8(in: UnsafeBufferPointer(rebasing: $0[recordRange])) }
        guard let bad else { return }
        let absolute = recordRange.lowerBound + bad
        var column = 1
        for (k, s) in fieldStarts.enumerated() where s <= absolute { column = k + 1 }
        var badLine = line
        // Line breaks inside quoted fields: LF, or a CR not followed by LF (absolute < buffer.count, so i + 1 is in range).
        for i in recordRange.lowerBound..<absolute
        where buffer[i] == CSVTokenizer.lf || (buffer[i] == CSVTokenizer.cr && buffer[i + 1] != CSVTokenizer.lf) {
            badLine += 1
        }
        throw DatasetError.invalidUTF8(path: path, line: badLine, column: column, byteOffset: recordOffset + bad)
    }

    /// Advances to the next non-blank record; returns false at the end of the input.
    mutating func nextRecord() throws -> Bool {
        while true {
            switch try scanRecord() {
            case .record(let end, let linesSpanned, let blank):
                line = nextLine
                recordOffset = consumedBytes
                recordRange = start..<end.contentEnd
                nextLine += linesSpanned
                consumedBytes += end.next - start
                start = end.next
                if blank { continue }
                return true
            case .needMore:
                try refill()
            case .endOfInput:
                return false
            }
        }
    }

    private struct RecordEnd { var contentEnd: Int; var next: Int }
    private enum ScanResult { case record(RecordEnd, lines: Int, blank: Bool), needMore, endOfInput }

    /// Reads another chunk, keeping the unconsumed tail.
    private mutating func refill() throws {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        if buffer.count >= maxRecordBytes {
            throw DatasetError.recordTooLarge(path: path, line: nextLine, limit: maxRecordBytes)
        }
        let n = try source.read(into: &buffer, count: chunkSize, path: path)
        if n == 0 { endOfInput = true }
        if atFileStart && (buffer.count >= 3 || endOfInput) {
            atFileStart = false
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) {
                buffer.removeFirst(3)
                consumedBytes += 3
            }
        }
    }

    /// Scans one record from `start`. Fields are recorded only when the whole record is in the buffer.
    private mutating func scanRecord() throws -> ScanResult {
        if atFileStart { return .needMore }
        fieldStarts.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        fieldEscaped.removeAll(keepingCapacity: true)
        let (q, lf, cr, delim) = (CSVTokenizer.quote, CSVTokenizer.lf, CSVTokenizer.cr, delimiter)
        let eof = endOfInput
        let path = self.path
        let recordStart = start
        var starts = fieldStarts, ends = fieldEnds, escaped = fieldEscaped
        fieldStarts = []; fieldEnds = []; fieldEscaped = []
        defer { fieldStarts = starts; fieldEnds = ends; fieldEscaped = escaped }
        let firstLine = nextLine
        return try buffer.withUnsafeBufferPointer { b -> ScanResult in
            let end = b.count
            var i = recordStart
            var lines = 0
            if i == end { return eof ? .endOfInput : .needMore }
            // A line break ends the record: LF, CRLF or a bare CR.
            func lineEnd(at i: Int) -> RecordEnd? {
                if b[i] == lf { return RecordEnd(contentEnd: i, next: i + 1) }
                if i + 1 < end { return RecordEnd(contentEnd: i, next: b[i + 1] == lf ? i + 2 : i + 1) }
                return eof ? RecordEnd(contentEnd: i, next: i + 1) : nil
            }
            while true {
                let column = starts.count + 1
                if i < end && b[i] == q {
                    // Quoted field: runs to a quote not followed by another quote.
                    var j = i + 1
                    var hasEscape = false
                    while true {
                        while j < end && b[j] != q {
                            if b[j] == lf || (b[j] == cr && (j + 1 >= end || b[j + 1] != lf)) { lines += 1 }
                            j += 1
                        }
                        if j >= end {
                            if !eof { return .needMore }
                            throw DatasetError.unterminatedQuote(path: path, line: firstLine + linesBefore(b, recordStart, i), column: column)
                        }
                        if j + 1 < end && b[j + 1] == q { hasEscape = true; j += 2; continue }
                        if j + 1 >= end && !eof { return .needMore }
                        break
                    }
                    starts.append(i + 1); ends.append(j); escaped.append(hasEscape)
                    i = j + 1
                    if i >= end { return .record(RecordEnd(contentEnd: i, next: i), lines: lines + 1, blank: false) }
                    if b[i] == delim { i += 1; continue }
                    if b[i] == lf || b[i] == cr {
                        guard let e = lineEnd(at: i) else { return .needMore }
                        return .record(e, lines: lines + 1, blank: false)
                    }
                    let found = String(decoding: [b[i]], as: UTF8.self)
                    throw DatasetError.unexpectedCharacterAfterQuote(path: path, line: firstLine + lines, column: column, character: found)
                }
                // Unquoted field: runs to a delimiter or a line break.
                var j = i
                while j < end && b[j] != delim && b[j] != lf && b[j] != cr { j += 1 }
                if j >= end {
                    if !eof { return .needMore }
                    starts.append(i); ends.append(j); escaped.append(false)
                    return .record(RecordEnd(contentEnd: j, next: j), lines: lines + 1, blank: starts.count == 1 && i == j)
                }
                starts.append(i); ends.append(j); escaped.append(false)
                if b[j] == delim { i = j + 1; continue }
                guard let e = lineEnd(at: j) else { return .needMore }
                return .record(e, lines: lines + 1, blank: starts.count == 1 && i == j)
            }
        }
    }
}

/// Line breaks (LF, or CR not followed by LF) in `b[from..<to]`.
private func linesBefore(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int {
    var n = 0
    for k in from..<to where b[k] == 0x0A || (b[k] == 0x0D && (k + 1 >= b.count || b[k + 1] != 0x0A)) { n += 1 }
    return n
}
