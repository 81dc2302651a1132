// Malformed input: each path throws a typed error naming the exact line and column (RELIABILITY.md C1).
import Foundation
import Testing
@testable import Datasets

@Suite("CSV malformed input")
struct CSVMalformedTests {
    @Test("wrong field count names the line of the record (quoted line breaks count)")
    func wrongFieldCount() {
        for chunk in [1, 3, 1 << 20] {
            #expect(datasetError { _ = try readCSV("a,b\n1,2\n\"x\ny\",3\n4,5,6\n", chunkSize: chunk) }
                == .wrongFieldCount(path: "<memory>", line: 5, expected: 2, found: 3))
            #expect(datasetError { _ = try readCSV("a,b\n1,2\n\n3\n", chunkSize: chunk) }
                == .wrongFieldCount(path: "<memory>", line: 4, expected: 2, found: 1))
        }
    }

    @Test("unterminated quote names the line and column where the quote opened")
    func unterminatedQuote() {
        for chunk in [1, 2, 1 << 20] {
            #expect(datasetError { _ = try readCSV("a,b,c\n1,2,3\n4,\"5,6\n7,8,9\n", chunkSize: chunk) }
                == .unterminatedQuote(path: "<memory>", line: 3, column: 2))
        }
    }

    @Test("text after a closing quote")
    func characterAfterQuote() {
        #expect(datasetError { _ = try readCSV("a,b\n1,\"2\"x\n") }
            == .unexpectedCharacterAfterQuote(path: "<memory>", line: 2, column: 2, character: "x"))
    }

    @Test("invalid UTF-8 names line, column and byte offset; valid multi-byte text passes")
    func invalidUTF8() throws {
        // Latin-1 "é" (0xE9) in line 3, column 2; byte offset = len("a,b\n1,x\n2,").
        let bytes = Array("a,b\n1,x\n2,caf".utf8) + [0xE9] + Array("\n".utf8)
        #expect(datasetError { _ = try readCSV(bytes: bytes) } == .invalidUTF8(path: "<memory>", line: 3, column: 2, byteOffset: 13))
        // Overlong encoding and a lone surrogate are rejected too.
        for bad: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
            #expect(datasetError { _ = try readCSV(bytes: Array("h\n".utf8) + bad + [0x0A]) }
                == .invalidUTF8(path: "<memory>", line: 2, column: 1, byteOffset: 2))
        }
        // Invalid bytes in the header are caught as well.
        #expect(datasetError { _ = try readCSV(bytes: [0x61, 0x2C, 0xFF, 0x0A, 0x31, 0x2C, 0x32]) }
            == .invalidUTF8(path: "<memory>", line: 1, column: 2, byteOffset: 2))
        let d = try readCSV("name,v\ncafé,1\n日本,2\n😀,3\n")
        #expect(d.categories[0] == ["café", "日本", "😀"])
    }

    @Test("text in a column forced numeric names line, column and column name")
    func nonNumeric() {
        var o = CSVOptions()
        o.columnKinds = ["y": .numeric]
        #expect(datasetError { _ = try readCSV("x,y\n1,2\n3,4\n5,abc\n", o) }
            == .nonNumericValue(path: "<memory>", line: 4, column: 2, columnName: "y", value: "abc"))
    }

    @Test("empty file, header only, blank-only, duplicate names, missing target, oversized record")
    func emptyAndOther() {
        #expect(datasetError { _ = try readCSV("") } == .emptyFile(path: "<memory>"))
        #expect(datasetError { _ = try readCSV("\n\r\n\n") } == .emptyFile(path: "<memory>"))
        #expect(datasetError { _ = try readCSV("a,b\n") } == .noDataRows(path: "<memory>"))
        #expect(datasetError { _ = try readCSV("a,a\n1,2\n") } == .duplicateColumn(path: "<memory>", name: "a"))
        var o = CSVOptions()
        o.target = "y"
        #expect(datasetError { _ = try readCSV("x,y\n1,2\n3,\n", o) } == .missingTarget(path: "<memory>", line: 3, columnName: "y"))
        o = CSVOptions()
        o.maxRecordBytes = 16
        o.chunkSize = 4
        #expect(datasetError { _ = try readCSV("a\n1\n\"" + String(repeating: "x", count: 40) + "\"\n", o) }
            == .recordTooLarge(path: "<memory>", line: 3, limit: 16))
    }

    @Test("a missing file is an io error naming the path")
    func missingFile() {
        let path = "/nonexistent/\(UUID().uuidString).csv"
        guard case .io(let p, _)? = datasetError({ _ = try CSVReader().read(contentsOf: URL(fileURLWithPath: path)) }) else {
            Issue.record("expected io error"); return
        }
        #expect(p == path)
    }

    @Test("error descriptions say where")
    func descriptions() {
        let e = DatasetError.nonNumericValue(path: "data.csv", line: 4, column: 2, columnName: "y", value: "abc")
        #expect(e.description == "data.csv:4: column 2 (y): expected a number, found \"abc\"")
        #expect(DatasetError.nanInFeatures(operation: "fit", rows: [1, 5], count: 2).description.contains("SimpleImputer"))
    }
}
