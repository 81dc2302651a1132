// A ~30 MB file read in 1 MiB chunks: values spot-checked; peak memory measured on request.
import Foundation
import Testing
@testable import Datasets
import Tensors

/// Writes a header and `rows` lines of `columns` numbers plus a class column `r mod 3`. Row r repeats one of
/// `templateCount` precomputed rows (r mod templateCount), which keeps writing fast in debug builds; value
/// (r, c) is ``streamValueMilli(_:_:)`` of (r mod templateCount, c) / 1000, written with three decimals.
/// Returns the file size.
@discardableResult
func writeNumericCSV(to url: URL, rows: Int, columns: Int) throws -> Int {
    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
    let handle = try FileHandle(forWritingTo: url)
    defer { try? handle.close() }
    let templates: [[UInt8]] = (0..<templateCount).map { t in
        Array((0..<columns).map { c -> String in
            let milli = streamValueMilli(t, c)
            let fraction = String(milli % 1000)
            return "\(milli / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction),"
        }.joined().utf8)
    }
    let labels: [[UInt8]] = ["0\n", "1\n", "2\n"].map { Array($0.utf8) }
    var chunk = Array((((0..<columns).map { "f\($0)" } + ["label"]).joined(separator: ",") + "\n").utf8)
    chunk.reserveCapacity(1 << 20 + 4096)
    var total = 0
    for r in 0..<rows {
        chunk.append(contentsOf: templates[r % templateCount])
        chunk.append(contentsOf: labels[r % 3])
        if chunk.count >= 1 << 20 {
            handle.write(Data(chunk))
            total += chunk.count
            chunk.removeAll(keepingCapacity: true)
        }
    }
    handle.write(Data(chunk))
    return total + chunk.count
}

/// Distinct rows in the generated file.
let templateCount = 997

/// Value (t, c) × 1000: an integer below 10⁸, so the decimal text is exact to three places.
func streamValueMilli(_ t: Int, _ c: Int) -> Int { (t &* 7919 &+ c &* 104_729 &+ 12_345) % 99_999_989 }

@Suite("CSV streaming")
struct CSVStreamingTests {
    static let rows = 200_000, columns = 15

    @Test("a ~30 MB file parses in 1 MiB chunks; values spot-checked")
    func largeFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlearn-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("big.csv")
        let size = try writeNumericCSV(to: url, rows: Self.rows, columns: Self.columns)
        #expect(size > 25_000_000)
        var options = CSVOptions()
        options.target = "label"
        let d = try CSVReader(options: options).read(contentsOf: url)
        #expect(d.features.shape == [Self.rows, Self.columns])
        #expect(d.classCounts == [66_667, 66_667, 66_666])
        let x = d.features.scalars
        for r in stride(from: 0, to: Self.rows, by: 9973) + [Self.rows - 1] {
            for c in [0, 7, Self.columns - 1] {
                let expected = Float("\(Double(streamValueMilli(r % templateCount, c)) / 1000)")!
                #expect(x[r * Self.columns + c] == expected, "row \(r) column \(c)")
            }
        }
    }

    /// Peak resident memory while parsing, against the file size. Opt-in (`SWIFTLEARN_CSV_MEMORY=1`, see
    /// scripts/csv-memory-check.sh) and meant to run alone: the peak is per process, so other tests running
    /// in parallel would distort it. Linux only (`/proc/self/clear_refs` resets the peak).
    @Test("peak memory while parsing stays near the parsed matrix, not the text",
          .enabled(if: ProcessInfo.processInfo.environment["SWIFTLEARN_CSV_MEMORY"] == "1"))
    func peakMemory() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlearn-csvmem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("big.csv")
        let rows = 400_000
        let size = try writeNumericCSV(to: url, rows: rows, columns: Self.columns)
        try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        let before = try statusKiB("VmHWM")
        var options = CSVOptions()
        options.target = "label"
        let d = try CSVReader(options: options).read(contentsOf: url)
        let growth = (try statusKiB("VmHWM") - before) * 1024
        let matrixBytes = d.features.count * 4 + rows * 8
        print("CSV memory: file \(size) B, parsed \(matrixBytes) B, peak RSS growth \(growth) B "
              + "(\(String(format: "%.2f", Double(growth) / Double(size))) × file, "
              + "\(String(format: "%.2f", Double(growth) / Double(matrixBytes))) × parsed)")
        // The features go straight into the tensor; the target column exists as [Float], then as Int64
        // codes. One 1 MiB chunk and small per-record buffers come on top. The text itself is never held.
        #expect(growth < matrixBytes + 16 << 20)
        #expect(growth < size * 3 / 4)
    }
}

/// A `kB` field of /proc/self/status, in KiB.
private func statusKiB(_ field: String) throws -> Int {
    let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }
    return 0
}
