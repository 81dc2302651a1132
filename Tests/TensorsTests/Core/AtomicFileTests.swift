import Foundation
import Testing
import Tensors
import TestSupport

@Suite("Atomic files and directories")
struct AtomicFileTests {
    let scratch = ScratchDirectory("atomic")
    var dir: URL { scratch.url }

    @Test func writeReplacesWholeFilesAndLeavesNoTemporaries() throws {
        let file = dir.appendingPathComponent("a.json")
        try AtomicFile.write("first", to: file)
        try AtomicFile.write("second", to: file)
        #expect(try String(contentsOf: file, encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.json"])
    }

    @Test func replaceDirectorySwapsInTheNewContents() throws {
        let fm = FileManager.default
        let target = dir.appendingPathComponent("run")
        for (i, label) in ["one", "two", "three"].enumerated() {
            let staging = dir.appendingPathComponent(".run.partial-\(i)")
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            try AtomicFile.write(label, to: staging.appendingPathComponent("model"))
            try AtomicFile.replaceDirectory(target, with: staging)
            #expect(try String(contentsOf: target.appendingPathComponent("model"), encoding: .utf8) == label)
        }
        #expect(try fm.contentsOfDirectory(atPath: dir.path) == ["run"], "no staging or old folders are left behind")
        #expect(throws: SafetensorsError.self) {
            try AtomicFile.replaceDirectory(dir.appendingPathComponent("x"), with: dir.appendingPathComponent("missing"))
        }
    }
}
