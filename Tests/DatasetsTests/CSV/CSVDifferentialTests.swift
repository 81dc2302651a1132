// RELIABILITY.md C2: the tokenizer reads Python csv.writer output exactly as Python's csv.reader does.
import Testing
@testable import Datasets
import TestSupport

@Suite("CSV differential against Python csv")
struct CSVDifferentialTests {
    struct Case: Decodable { let text: String; let rows: [[String]] }
    struct File: Decodable { let cases: [Case] }

    /// Every record of `text`, read `chunkSize` bytes at a time.
    static func records(_ text: String, chunkSize: Int) throws -> [[String]] {
        var options = CSVOptions()
        options.chunkSize = chunkSize
        var t = CSVTokenizer(source: .memory(Array(text.utf8), position: 0), path: "<memory>", options: options)
        var out: [[String]] = []
        while try t.nextRecord() {
            try t.validateUTF8()
            out.append(t.strings())
        }
        return out
    }

    @Test("1,000 random RFC 4180 texts give identical rows, at two chunk sizes")
    func differential() throws {
        let file: File = try Fixtures.json("datasets/csv_differential.json")
        #expect(file.cases.count == 1000)
        var same = 0
        for c in file.cases {
            let whole = try Self.records(c.text, chunkSize: 1 << 20)
            let small = try Self.records(c.text, chunkSize: 3)
            if whole == c.rows && small == c.rows { same += 1 } else {
                Issue.record("differs: \(c.text.debugDescription) → \(whole) / \(small), Python \(c.rows)")
            }
        }
        #expect(same == 1000)
    }
}
