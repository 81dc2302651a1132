// libFuzzer entry point for the safetensors header parser (RELIABILITY.md S1).
//
// Built by scripts/fuzz-safetensors.sh with `swiftc -sanitize=fuzzer,address -parse-as-library` together with
// the Tensor-free parser files (SafetensorsError, SafetensorsDType, SafetensorsJSON, SafetensorsHeader), so
// it runs without the rest of the package. Like safetensors' own fuzz target, it only parses; on success it
// also reads every byte of every tensor the header claims, so an out-of-range offset that validation missed
// becomes an AddressSanitizer report instead of passing silently. Not a SwiftPM target.

/// Where the byte sum goes, so the optimizer cannot drop the reads.
nonisolated(unsafe) var safetensorsFuzzSink: UInt8 = 0

@_cdecl("LLVMFuzzerTestOneInput")
public func safetensorsFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    guard let header = try? SafetensorsHeader.parse(bytes) else { return 0 }
    precondition(header.dataOffset + header.dataByteCount == size, "data section does not end at the file end")
    var checksum: UInt8 = 0
    for entry in header.entries {
        precondition(entry.begin <= entry.end && entry.end <= UInt64(header.dataByteCount), "entry out of range")
        let start = header.dataOffset + Int(entry.begin)
        for i in start..<(header.dataOffset + Int(entry.end)) { checksum &+= bytes.load(fromByteOffset: i, as: UInt8.self) }
    }
    safetensorsFuzzSink &+= checksum
    return 0
}
