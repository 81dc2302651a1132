// Large buffers: alignment, usability, and (on Linux) that the huge-page advice reached the kernel.
import Foundation
import Testing
import Kernels

@Suite("Large buffers")
struct LargeBuffersTests {
    @Test("small buffers keep the requested alignment; large ones are 2 MiB-aligned", arguments: [
        (1, 64), (4096, 64), (LargeBuffers.hugePageThreshold - 1, 128),
        (LargeBuffers.hugePageThreshold, 64), (3 * LargeBuffers.hugePageThreshold + 12, 64),
    ])
    func alignment(byteCount: Int, alignment: Int) {
        let p = LargeBuffers.allocate(byteCount: byteCount, alignment: alignment)
        defer { p.deallocate() }
        let address = Int(bitPattern: p)
        #expect(address % alignment == 0)
        if byteCount >= LargeBuffers.hugePageThreshold { #expect(address % LargeBuffers.hugePageSize == 0) }
        // Every byte is ours: write a pattern end to end and read it back.
        let bytes = p.bindMemory(to: UInt8.self, capacity: byteCount)
        for i in stride(from: 0, to: byteCount, by: 4093) { bytes[i] = UInt8(truncatingIfNeeded: i &* 31) }
        bytes[byteCount - 1] = 0xA5
        var mismatches = 0
        for i in stride(from: 0, to: byteCount - 1, by: 4093) where bytes[i] != UInt8(truncatingIfNeeded: i &* 31) { mismatches += 1 }
        #expect(mismatches == 0)
        #expect(bytes[byteCount - 1] == 0xA5)
    }

    @Test("zero bytes still gives a unique, freeable pointer")
    func empty() {
        let a = LargeBuffers.allocate(byteCount: 0, alignment: 64), b = LargeBuffers.allocate(byteCount: 0, alignment: 64)
        #expect(a != b)
        a.deallocate()
        b.deallocate()
    }

    #if os(Linux)
    @Test("on Linux a large buffer's mapping carries the huge-page advice (VmFlags hg)")
    func adviceReachesTheKernel() throws {
        // Kernels built without transparent huge pages have no such directory and refuse the advice.
        guard FileManager.default.fileExists(atPath: "/sys/kernel/mm/transparent_hugepage/enabled") else { return }
        let bytes = 8 << 20
        let p = LargeBuffers.allocate(byteCount: bytes, alignment: 64)
        defer { p.deallocate() }
        let flags = try #require(vmFlags(containing: p))
        #expect(flags.contains("hg"), "VmFlags of the mapping: \(flags)")
    }
    #endif
}

#if os(Linux)
/// The `VmFlags` of the /proc/self/smaps entry whose address range contains `pointer`.
private func vmFlags(containing pointer: UnsafeMutableRawPointer) -> [String]? {
    // String(contentsOfFile:) stops after the first read of a /proc file (its size shows as 0); read to the end.
    guard let handle = FileHandle(forReadingAtPath: "/proc/self/smaps"), let data = try? handle.readToEnd() else { return nil }
    let smaps = String(decoding: data, as: UTF8.self)
    let address = UInt(bitPattern: Int(bitPattern: pointer))
    var inside = false
    for line in smaps.split(separator: "\n") {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        if let range = fields.first, range.contains("-"), !range.hasSuffix(":") {
            let ends = range.split(separator: "-").compactMap { UInt($0, radix: 16) }
            inside = ends.count == 2 && ends[0] <= address && address < ends[1]
        } else if inside, fields.first == "VmFlags:" {
            return fields.dropFirst().map(String.init)
        }
    }
    return nil
}
#endif
