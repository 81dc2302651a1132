// Inputs the reader had not been tried on: target values the number grammar accepts but a target cannot be (a
// NaN spelled in a way the missing-value markers do not list, ±infinity in a regression target), each an error
// naming the line and column; and a file read with the wrong delimiter, whose error says which one to set.
import Foundation
import Testing
@testable import Datasets

@Suite("CSV reader: non-finite targets and a wrong delimiter")
struct UnseenInputTests {
    func options(target: String, task: TaskKind? = nil) -> CSVOptions {
        var o = CSVOptions()
        o.target = target
        o.task = task
        return o
    }

    @Test("a target spelled NAN or -nan is a missing target on its line, whatever the task")
    func nanSpelledTargetIsMissing() {
        for spelling in ["NAN", "-nan", "+NaN", " NAN "] {
            for task: TaskKind? in [nil, .classification, .regression] {
                let text = "x,y\n1,0\n2,1\n3,\(spelling)\n4,0\n"
                for chunk in [1, 1 << 20] {
                    var o = options(target: "y", task: task)
                    o.chunkSize = chunk
                    #expect(datasetError { _ = try readCSV(text, o) }
                        == .missingTarget(path: "<memory>", line: 4, columnName: "y"), "\(spelling) \(String(describing: task))")
                }
            }
        }
    }

    @Test("an infinite regression target (inf, -inf, 1e400) names its line, column and text")
    func infiniteRegressionTarget() {
        #expect(datasetError { _ = try readCSV("x,y\n1,0\n2,inf\n3,2\n", options(target: "y", task: .regression)) }
            == .nonFiniteTarget(path: "<memory>", line: 3, column: 2, columnName: "y", value: "inf"))
        // Inferred regression (non-integer values); the first infinite value is the one reported.
        #expect(datasetError { _ = try readCSV("y,x\n1.5,1\n2.5,2\n-inf,3\n1e400,4\n", options(target: "y")) }
            == .nonFiniteTarget(path: "<memory>", line: 4, column: 1, columnName: "y", value: "-inf"))
        #expect(datasetError { _ = try readCSV("x,y\n1,0.5\n2,1e400\n", options(target: "y")) }
            == .nonFiniteTarget(path: "<memory>", line: 3, column: 2, columnName: "y", value: "1e400"))
        let message = DatasetError.nonFiniteTarget(path: "f.csv", line: 3, column: 2, columnName: "y", value: "inf").description
        #expect(message == "f.csv:3: column 2 (y): the regression target is \"inf\", which is infinite as a Float32; targets must be finite numbers")
    }

    @Test("finite targets, and NaN/inf spelled in features, are read as before")
    func finiteTargetsUnchanged() throws {
        let data = try readCSV("x,y\nNAN,1.5\ninf,-2\n3,1e30\n", options(target: "y"))
        #expect(data.task == .regression)
        #expect(data.targets?.scalars == [1.5, -2, 1e30])
        let x = data.features.scalars
        #expect(x[0].isNaN && x[1] == .infinity && x[2] == 3)
        // A text target keeps "NAN" as a class name: only numeric targets are checked.
        let text = try readCSV("x,y\n1,NAN\n2,cat\n", options(target: "y"))
        #expect(text.task == .classification && text.classNames == ["NAN", "cat"])
    }

    @Test("a header that is one field holding ';', tab or '|' gets a hint to set the delimiter")
    func wrongDelimiterHint() {
        for (separator, shown) in [(";", "';'"), ("\t", "tab"), ("|", "'|'")] {
            let text = "a\(separator)b\(separator)y\n1\(separator)2\(separator)0\n"
            let error = datasetError { _ = try readCSV(text, options(target: "y")) }
            #expect(error == .unknownColumn(name: "y", available: ["a\(separator)b\(separator)y"]))
            #expect(error?.description.hasSuffix("the header looks \(shown)-separated: set the delimiter to \(shown) "
                + "(--delimiter \(shown) on the command line)") == true, "\(String(describing: error))")
        }
        // A genuinely absent column in a well-split header gets no hint.
        let plain = datasetError { _ = try readCSV("a,b,c\n1,2,3\n", options(target: "y")) }
        #expect(plain?.description == "no column named \"y\"; available: a, b, c")
    }

    @Test("a cell reads back as its file text and as the number it spells, whatever its column's kind")
    func cellTextAndNumber() throws {
        // zip: all numbers → numeric; code: " 7 " and "abc" → categorical; size: numbers with a fraction.
        let t = try readCSV("zip,code,size,y\n100,\" 7 \",2.5,0\n200,abc,3,1\n", options(target: "y"))
        let v = t.features.scalars
        #expect(t.cellText(v[0], column: 0) == "100" && t.cellNumber(v[0], column: 0) == 100)
        #expect(t.cellText(v[2], column: 2) == "2.5" && t.cellText(v[5], column: 2) == "3")
        let sevenCode = v[1], abcCode = v[4]
        #expect(t.cellText(sevenCode, column: 1) == " 7 " && t.cellNumber(sevenCode, column: 1) == 7)
        #expect(t.cellText(abcCode, column: 1) == "abc" && t.cellNumber(abcCode, column: 1) == nil)
        #expect(t.cellText(.nan, column: 0) == nil && t.cellNumber(.nan, column: 1)!.isNaN)
    }
}
