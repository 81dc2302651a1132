// The CSV reader: dialect, inference, missing values, targets, and every malformed path with its position.
import Foundation
import Testing
@testable import Datasets
import Tensors

/// Reads `text` with `options`, `chunkSize` bytes at a time.
func readCSV(_ text: String, _ options: CSVOptions = CSVOptions(), chunkSize: Int? = nil) throws -> TabularDataset {
    var o = options
    if let chunkSize { o.chunkSize = chunkSize }
    return try CSVReader(options: o).read(string: text)
}

/// Reads raw bytes (for invalid UTF-8).
func readCSV(bytes: [UInt8], _ options: CSVOptions = CSVOptions()) throws -> TabularDataset {
    try CSVReader(options: options).read(bytes: bytes)
}

/// The error thrown by `body`, or nil.
func datasetError(_ body: () throws -> Void) -> DatasetError? {
    do { try body() } catch let e as DatasetError { return e } catch { return nil }
    return nil
}

@Suite("CSV reader")
struct CSVReaderTests {
    @Test("numbers, header, target by name; every chunk size gives the same result")
    func basic() throws {
        let text = "a,b,label\n1,2.5,x\n-3,1e2,y\n0.125,.5,x\n"
        var o = CSVOptions()
        o.target = "label"
        for chunk in [1, 2, 3, 5, 7, 64, 1 << 20] {
            let d = try readCSV(text, o, chunkSize: chunk)
            #expect(d.features.shape == [3, 2])
            #expect(d.features.scalars == [1, 2.5, -3, 100, 0.125, 0.5])
            #expect(d.featureNames == ["a", "b"])
            #expect(d.featureKinds == [.numeric, .numeric])
            #expect(d.task == .classification)
            #expect(d.classNames == ["x", "y"])
            #expect(d.targets?.dtype == .int64)
            #expect(d.targets?.integers == [0, 1, 0])
            #expect(d.classCounts == [2, 1])
        }
    }

    @Test("RFC 4180 quoting: delimiters, doubled quotes, line breaks inside quotes, CRLF, BOM, blank lines")
    func quoting() throws {
        let text = "\u{FEFF}name,n\r\n\"a,b\",1\r\n\r\n\"say \"\"hi\"\"\",2\r\n\"two\nlines\",3\r\n\"\",4"
        for chunk in [1, 2, 4, 1 << 20] {
            let d = try readCSV(text, chunkSize: chunk)
            #expect(d.featureNames == ["name", "n"])
            #expect(d.featureKinds == [.categorical, .numeric])
            // Sorted vocabulary: "" is missing, so NaN.
            #expect(d.categories[0] == ["a,b", "say \"hi\"", "two\nlines"])
            let x = d.features.scalars
            #expect(x[0] == 0 && x[2] == 1 && x[4] == 2 && x[6].isNaN)
            #expect([x[1], x[3], x[5], x[7]] == [1, 2, 3, 4])
        }
    }

    @Test("tab and other single-byte delimiters; bare CR line ends")
    func delimiters() throws {
        var d = try readCSV("x\ty\n1\t2\n3\t4\n", .tsv)
        #expect(d.features.scalars == [1, 2, 3, 4])
        var o = CSVOptions()
        o.delimiter = UInt8(ascii: ";")
        d = try readCSV("x;y\r1;2\r3;4", o)
        #expect(d.features.scalars == [1, 2, 3, 4])
        o.delimiter = UInt8(ascii: "\"")
        #expect(datasetError { _ = try readCSV("x", o) } != nil)
    }

    @Test("missing values: defaults, configurable, spaces around")
    func missing() throws {
        let d = try readCSV("a,b\n1,NA\n?, 3 \nNaN,\n")
        let x = d.features.scalars
        #expect(x[0] == 1 && x[1].isNaN && x[2].isNaN && x[3] == 3 && x[4].isNaN && x[5].isNaN)
        var o = CSVOptions()
        o.missingValues = ["-"]
        let e = try readCSV("a\n1\n-\n", o)
        #expect(e.features.scalars[0] == 1 && e.features.scalars[1].isNaN)
        // "NA" is no longer missing, so the column is categorical.
        let f = try readCSV("a\n1\nNA\n", o)
        #expect(f.featureKinds == [.categorical] && f.categories[0] == ["1", "NA"])
    }

    @Test("kinds: inferred over the whole file; forced categorical; sorted vocabulary codes")
    func kinds() throws {
        let d = try readCSV("c,n\nb,1\na,2\nc,3\n10,4\n")
        #expect(d.featureKinds == [.categorical, .numeric])
        #expect(d.categories[0] == ["10", "a", "b", "c"])
        #expect(d.features.scalars == [2, 1, 1, 2, 3, 3, 0, 4])
        var o = CSVOptions()
        o.columnKinds = ["n": .categorical]
        let e = try readCSV("n\n3\n1\n2\n1\n", o)
        #expect(e.categories[0] == ["1", "2", "3"] && e.features.scalars == [2, 0, 1, 0])
        o.columnKinds = ["nope": .numeric]
        #expect(datasetError { _ = try readCSV("n\n1\n", o) } == .unknownColumn(name: "nope", available: ["n"]))
    }

    @Test("feature selection, order, unknown names")
    func selection() throws {
        var o = CSVOptions()
        o.target = "t"
        o.features = ["c", "a"]
        let d = try readCSV("a,b,c,t\n1,2,3,0.5\n4,5,6,1.5\n", o)
        #expect(d.featureNames == ["c", "a"] && d.features.scalars == [3, 1, 6, 4])
        #expect(d.task == .regression && d.targets?.dtype == .float32 && d.targets?.scalars == [0.5, 1.5])
        o.features = ["a", "zz"]
        #expect(datasetError { _ = try readCSV("a,b,c,t\n1,2,3,4\n", o) } == .unknownColumn(name: "zz", available: ["a", "b", "c", "t"]))
        o.features = ["a", "t"]
        if case .invalidOption = datasetError({ _ = try readCSV("a,b,c,t\n1,2,3,4\n", o) }) {} else { Issue.record("expected invalidOption") }
    }

    @Test("task inference: integer targets with ≤ 20 values are classes; overrides")
    func task() throws {
        var o = CSVOptions()
        o.target = "y"
        let few = "x,y\n" + (0..<40).map { "\($0),\($0 % 3 * 2)" }.joined(separator: "\n")
        let d = try readCSV(few, o)
        #expect(d.task == .classification && d.classNames == ["0", "2", "4"])
        #expect(Array(d.targets!.integers.prefix(4)) == [0, 1, 2, 0])
        let many = "x,y\n" + (0..<40).map { "\($0),\($0)" }.joined(separator: "\n")
        #expect(try readCSV(many, o).task == .regression)
        o.task = .regression
        let r = try readCSV(few, o)
        #expect(r.task == .regression && r.targets?.scalars.prefix(3) == [0, 2, 4])
        // Regression on a text target: the first text value is the error.
        #expect(datasetError { _ = try readCSV("x,y\n1,2\n2,abc\n", o) }
            == .nonNumericValue(path: "<memory>", line: 3, column: 2, columnName: "y", value: "abc"))
        o.task = .classification
        let c = try readCSV("x,y\n1,0.5\n2,1.5\n3,0.5\n", o)
        #expect(c.classNames == ["0.5", "1.5"] && c.targets?.integers == [0, 1, 0])
    }

    @Test("no header: generated or given names; skipRows")
    func noHeader() throws {
        var o = CSVOptions()
        o.hasHeader = false
        let d = try readCSV("1,2\n3,4\n", o)
        #expect(d.featureNames == ["column_1", "column_2"] && d.features.scalars == [1, 2, 3, 4])
        o.columnNames = ["p", "q"]
        o.skipRows = 1
        o.target = "q"
        let e = try readCSV("meta,data,line\n1,0\n3,1\n", o)
        #expect(e.featureNames == ["p"] && e.targets?.integers == [0, 1])
    }

    @Test("bad-line policy skip leaves ragged records out")
    func skipBadLines() throws {
        var o = CSVOptions()
        o.badLines = .skip
        let d = try readCSV("a,b\n1,2\n3\n4,5,6\n7,8\n", o)
        #expect(d.features.scalars == [1, 2, 7, 8])
    }

    @Test("numbers parse to the nearest Float, like strtof")
    func numberParsing() throws {
        let samples = ["0", "-0", "1", "+1", "5.1", "3.14159265358979", "1e-45", "3.4028235e38", "1e39", "123456789",
                       "0.000001234", "16777217", "9999999", "  2.5 ", "inf", "-Infinity", "1.00000005960464477539",
                       "0.1", "7.038531e-26", "12345678901234567890123"]
        for s in samples {
            let parsed = Array(s.utf8).withUnsafeBufferPointer { parseFloat32($0) }
            let expected = Float(s.trimmingCharacters(in: .whitespaces))
            #expect(parsed == expected, "\(s)")
        }
        for s in ["", "1.2.3", "1e", "e5", "0x10", "1,5", "--1", "abc", ".", "1e+"] {
            #expect(Array(s.utf8).withUnsafeBufferPointer { parseFloat32($0) } == nil, "\(s)")
        }
        let nan = Array("NaN".utf8).withUnsafeBufferPointer { parseFloat32($0) }
        #expect(nan?.isNaN == true)
    }

    @Test("raw records for inspection")
    func records() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("records-\(UUID().uuidString).csv")
        try Data("h1,h2\n\"a\"\"b\",\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var seen: [(Int, [String])] = []
        try CSVReader().forEachRecord(contentsOf: url) { seen.append(($0, $1)) }
        #expect(seen.map(\.0) == [1, 2])
        #expect(seen.map(\.1) == [["h1", "h2"], ["a\"b", ""]])
    }
}
