// The C1 robustness corpus (RELIABILITY.md): every committed seed file under Tests/Fixtures/csv-fuzz-seeds
// (also the seed corpus of scripts/fuzz-csv.sh) read from disk with its exact outcome, plus the corpus kinds
// CSVMalformedTests does not cover: positions after bare-CR line ends, BOM-shifted byte offsets, a 10 MB
// field with the default and a small maxRecordBytes, header-only variants.
import Foundation
import Testing
@testable import Datasets
import Tensors
import TestSupport

@Suite("CSV robustness corpus")
struct CSVCorpusTests {
    static let seeds = Fixtures.url("csv-fuzz-seeds")

    static func read(_ name: String, _ options: CSVOptions = CSVOptions()) throws -> TabularDataset {
        try CSVReader(options: options).read(contentsOf: seeds.appendingPathComponent(name))
    }

    static func error(_ name: String) -> DatasetError? { datasetError { _ = try read(name) } }

    static func path(_ name: String) -> String { seeds.appendingPathComponent(name).path }

    @Test("the seed directory holds exactly the files checked here")
    func seedList() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.seeds.path).sorted()
        #expect(names == ["bare-cr.csv", "bom.csv", "crlf.csv", "empty.csv", "header-only.csv", "latin1.csv",
                          "numbers.csv", "quoted.csv", "ragged.csv", "unterminated-quote.csv"])
    }

    @Test("valid seeds: quoted fields, CRLF, bare CR, BOM, numbers")
    func validSeeds() throws {
        let q = try Self.read("quoted.csv")
        #expect(q.featureNames == ["name", "note", "n"])
        #expect(q.featureKinds == [.categorical, .categorical, .numeric])
        #expect(q.categories[0] == ["a,b", "two\nlines"])
        #expect(q.categories[1] == ["say \"hi\""])
        let x = q.features.scalars
        #expect(x[0] == 0 && x[1] == 0 && x[2] == 1 && x[3] == 1 && x[4].isNaN && x[5] == 2)
        for name in ["crlf.csv", "bare-cr.csv"] {
            let d = try Self.read(name)
            #expect(d.featureNames == ["x", "y"], "\(name)")
            #expect(d.features.scalars == [1, 2, 3, 4], "\(name)")
        }
        let b = try Self.read("bom.csv")
        #expect(b.featureNames == ["x", "y"])
        #expect(b.features.scalars == [1, 2])
        var o = CSVOptions()
        o.target = "label"
        let n = try Self.read("numbers.csv", o)
        #expect(n.featureNames == ["a", "b"] && n.featureKinds == [.numeric, .numeric])
        let v = n.features.scalars
        #expect(v[0] == 1 && v[1] == 2.5 && v[2] == -3 && v[3] == 100 && v[4] == 0.5 && v[5].isNaN)
        #expect(v[6] == .infinity && v[7] == -.infinity)
        #expect(n.classNames == ["x", "y"] && n.targets?.integers == [0, 1, 0, 1])
    }

    @Test("malformed seeds: each gives its typed error with the file path, line and column")
    func malformedSeeds() {
        #expect(Self.error("ragged.csv") == .wrongFieldCount(path: Self.path("ragged.csv"), line: 3, expected: 2, found: 1))
        #expect(Self.error("unterminated-quote.csv")
            == .unterminatedQuote(path: Self.path("unterminated-quote.csv"), line: 3, column: 2))
        // "a,b\n1,x\n2,caf" is 13 bytes; 0xE9 (Latin-1 "é") is the 14th.
        #expect(Self.error("latin1.csv") == .invalidUTF8(path: Self.path("latin1.csv"), line: 3, column: 2, byteOffset: 13))
        #expect(Self.error("header-only.csv") == .noDataRows(path: Self.path("header-only.csv")))
        #expect(Self.error("empty.csv") == .emptyFile(path: Self.path("empty.csv")))
    }

    @Test("bare CR line ends count as lines in every error position, also inside quoted fields")
    func bareCRPositions() {
        for chunk in [1, 2, 1 << 20] {
            #expect(datasetError { _ = try readCSV("a,b\r1,2\r3\r", chunkSize: chunk) }
                == .wrongFieldCount(path: "<memory>", line: 3, expected: 2, found: 1))
            #expect(datasetError { _ = try readCSV("a,b\r1,2\r3,\"4\r", chunkSize: chunk) }
                == .unterminatedQuote(path: "<memory>", line: 3, column: 2))
            #expect(datasetError { _ = try readCSV("a,b\r\"x\ry\"z,1\r", chunkSize: chunk) }
                == .unexpectedCharacterAfterQuote(path: "<memory>", line: 3, column: 1, character: "z"))
            var o = CSVOptions()
            o.chunkSize = chunk
            // Regression (found by scripts/fuzz-csv.sh): a bare CR inside a quoted field before an invalid byte
            // was not counted, so the error named the record's first line instead of the byte's line.
            // "a,b\n\"x\ry\",caf" is 13 bytes.
            #expect(datasetError { _ = try readCSV(bytes: Array("a,b\n\"x\ry\",caf".utf8) + [0xE9, 0x0A], o) }
                == .invalidUTF8(path: "<memory>", line: 3, column: 2, byteOffset: 13))
            // CRLF inside the quotes is one line break, a bare CR then an LF are two.
            #expect(datasetError { _ = try readCSV(bytes: Array("a,b\n\"x\r\ny\",caf".utf8) + [0xE9, 0x0A], o) }
                == .invalidUTF8(path: "<memory>", line: 3, column: 2, byteOffset: 14))
            #expect(datasetError { _ = try readCSV(bytes: Array("a,b\n\"x\r\r\ny\",caf".utf8) + [0xE9, 0x0A], o) }
                == .invalidUTF8(path: "<memory>", line: 4, column: 2, byteOffset: 15))
        }
    }

    @Test("a UTF-8 BOM is skipped, but byte offsets still count it; BOM-only and BOM+header files")
    func bomPositions() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        for chunk in [1, 2, 1 << 20] {
            var o = CSVOptions()
            o.chunkSize = chunk
            // BOM (3) + "a,b\n" (4) + "1,caf" (5) = 12.
            #expect(datasetError { _ = try readCSV(bytes: bom + Array("a,b\n1,caf".utf8) + [0xE9, 0x0A], o) }
                == .invalidUTF8(path: "<memory>", line: 2, column: 2, byteOffset: 12))
            #expect(datasetError { _ = try readCSV(bytes: bom, o) } == .emptyFile(path: "<memory>"))
            #expect(datasetError { _ = try readCSV(bytes: bom + Array("a,b\r\n".utf8), o) } == .noDataRows(path: "<memory>"))
            #expect(datasetError { _ = try readCSV(bytes: bom + Array("a,b\n1\n".utf8), o) }
                == .wrongFieldCount(path: "<memory>", line: 2, expected: 2, found: 1))
        }
        // A BOM-like sequence after the start is ordinary (valid UTF-8) text, kept in the field.
        let d = try? readCSV(bytes: Array("a\n".utf8) + bom + Array("x\n".utf8))
        #expect(d?.categories[0] == ["\u{FEFF}x"])
    }

    @Test("header-only files in every line-end style, and an unterminated quote in the header")
    func headerOnly() {
        for text in ["a,b", "a,b\n", "a,b\r\n", "a,b\r", "a,b\n\n\r\n"] {
            #expect(datasetError { _ = try readCSV(text) } == .noDataRows(path: "<memory>"), "\(text.debugDescription)")
        }
        #expect(datasetError { _ = try readCSV("\"a,b\n") } == .unterminatedQuote(path: "<memory>", line: 1, column: 1))
    }

    @Test("a 10 MB field parses with the default maxRecordBytes (64 MB); with 1 MiB it is recordTooLarge")
    func tenMegabyteField() throws {
        let size = 10 << 20
        // Quoted, with a delimiter, a doubled quote and a line break inside, so the whole quoted path is taken.
        var field = [UInt8](repeating: UInt8(ascii: "x"), count: size)
        field[1] = UInt8(ascii: ","); field[2] = UInt8(ascii: "\""); field[3] = UInt8(ascii: "\""); field[4] = 0x0A
        let bytes = Array("id,text\n1,short\n2,\"".utf8) + field + Array("\"\n3,end\n".utf8)
        #expect(CSVOptions().maxRecordBytes == 64 << 20)
        let d = try readCSV(bytes: bytes)
        #expect(d.features.shape == [3, 2])
        let long = try #require(d.categories[1]?.first { $0.utf8.count > 1000 })
        #expect(long.utf8.count == size - 1)  // the doubled quote collapses to one
        #expect(long.hasPrefix("x,\"\n") && long.hasSuffix("xxx"))
        #expect(d.categories[1]?.count == 3)

        var o = CSVOptions()
        o.maxRecordBytes = 1 << 20
        #expect(datasetError { _ = try readCSV(bytes: bytes, o) } == .recordTooLarge(path: "<memory>", line: 3, limit: 1 << 20))
        o.chunkSize = 4096
        #expect(datasetError { _ = try readCSV(bytes: bytes, o) } == .recordTooLarge(path: "<memory>", line: 3, limit: 1 << 20))
    }
}
