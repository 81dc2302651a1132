// libFuzzer entry point for the CSV tokenizer (RELIABILITY.md C3).
//
// Built by scripts/fuzz-csv.sh with `swiftc -sanitize=fuzzer,address -parse-as-library` together with the
// Tensor-free CSV sources (CSVTokenizer, CSVOptions, NumberParsing, DatasetError) and a one-file `Tensors`
// module holding only Core/UTF8Validation.swift, so it runs without the rest of the package and can use the
// tokenizer's internal API. Not a SwiftPM target.
//
// Every input is the bytes of a file (the committed seeds are plain CSV files; no option byte is taken off
// the front). It is tokenized three times, the way CSVReader's passes drive the tokenizer (nextRecord,
// validateUTF8, withField/string, parseFloat32 on every field), and the passes are checked against each other:
//   1. reference: one chunk holds the whole input, no practical record limit;
//   2. chunked:   1…7-byte chunks (from the input size) — must give exactly the reference's records and error,
//                 so a record split across a refill (CRLF, "" escapes, BOM, multi-byte UTF-8) is caught;
//   3. limited:   small chunks and `fuzzMaxRecordBytes` — must agree with the reference up to the point where
//                 it throws recordTooLarge (the only outcome allowed to differ), which is what bounds memory.
// Each pass also checks positions against the raw bytes: a record's line is the physical line of its byte
// offset, an invalidUTF8 error's byteOffset is where an invalid sequence starts in the input and its line is
// that byte's physical line; a valid field round-trips through String unchanged; parseFloat32 agrees with
// strtof. Any disagreement is a fatalError naming the check, which libFuzzer reports as a crash.
// Compiled out when the script builds the full-reader target (CSVReaderFuzzTarget.swift, -D CSV_FUZZ_READER).
#if !CSV_FUZZ_READER

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tensors

/// The record limit of the limited pass: small, so even the short inputs libFuzzer starts with exceed it.
let fuzzMaxRecordBytes = 64

/// Where field checksums go, so the optimizer cannot drop the reads.
nonisolated(unsafe) var csvFuzzSink: UInt64 = 0

/// One record as the tokenizer gave it: physical line, file offset, field bytes (unquoted) or its UTF-8 error.
struct FuzzRecord: Equatable {
    var line: Int
    var offset: Int
    var fields: [[UInt8]]
    var utf8Error: DatasetError?
}

/// One pass over the input: every record, and the error that stopped it (nil at a clean end).
struct FuzzPass: Equatable {
    var records: [FuzzRecord] = []
    var error: DatasetError?
}

/// Like `precondition`, but the message survives -O, so a crash artifact says which check failed.
func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

/// The physical line (1-based) of byte `offset`: line breaks are LF, CRLF and a bare CR, as in the tokenizer.
func physicalLine(_ input: [UInt8], _ offset: Int) -> Int {
    var line = 1
    var k = 0
    while k < offset {
        if input[k] == 0x0A || (input[k] == 0x0D && (k + 1 >= input.count || input[k + 1] != 0x0A)) { line += 1 }
        k += 1
    }
    return line
}

/// The value strtof gives for all of `field` without surrounding spaces and tabs, or nil if it stops early.
func strtofReference(_ field: [UInt8]) -> Float? {
    var lo = 0, hi = field.count
    while lo < hi && (field[lo] == 0x20 || field[lo] == 0x09) { lo += 1 }
    while hi > lo && (field[hi - 1] == 0x20 || field[hi - 1] == 0x09) { hi -= 1 }
    var copy = field[lo..<hi].map { CChar(bitPattern: $0) }
    copy.append(0)
    return copy.withUnsafeBufferPointer { p -> Float? in
        var end: UnsafeMutablePointer<CChar>?
        let v = strtof(p.baseAddress!, &end)
        guard let end, end - UnsafeMutablePointer(mutating: p.baseAddress!) == hi - lo else { return nil }
        return v
    }
}

func tokenize(_ input: [UInt8], chunkSize: Int, maxRecordBytes: Int) -> FuzzPass {
    var options = CSVOptions()
    options.chunkSize = chunkSize
    options.maxRecordBytes = maxRecordBytes
    var t = CSVTokenizer(source: .memory(input, position: 0), path: "<fuzz>", options: options)
    var pass = FuzzPass()
    var lastLine = 0
    do {
        while try t.nextRecord() {
            check(t.line > lastLine, "record lines must increase")
            check(t.line == physicalLine(input, t.recordOffset), "record line does not match its byte offset")
            lastLine = t.line
            var record = FuzzRecord(line: t.line, offset: t.recordOffset, fields: [], utf8Error: nil)
            do {
                try t.validateUTF8()
            } catch let e as DatasetError {
                guard case let .invalidUTF8(_, line, column, byteOffset) = e else { fatalError("validateUTF8 threw \(e)") }
                check(byteOffset >= t.recordOffset && byteOffset < input.count, "invalidUTF8 offset outside the record")
                let startsInvalid = input[byteOffset...].withUnsafeBufferPointer { firstInvalidUTF8(in: $0) } == 0
                check(startsInvalid, "invalidUTF8 offset is not where an invalid sequence starts")
                check(line == physicalLine(input, byteOffset), "invalidUTF8 line does not match its byte offset")
                check(column >= 1 && column <= t.fieldCount, "invalidUTF8 column out of range")
                record.utf8Error = e
                pass.records.append(record)
                continue
            }
            var checksum: UInt64 = 0
            for k in 0..<t.fieldCount {
                let bytes = t.withField(k) { Array($0) }
                check(Array(t.string(k).utf8) == bytes, "a valid field does not round-trip through String")
                let parsed = t.withField(k) { parseFloat32($0) }
                if let parsed {
                    let reference = strtofReference(bytes)
                    check(reference != nil && (parsed == reference! || (parsed.isNaN && reference!.isNaN)),
                                 "parseFloat32 disagrees with strtof")
                    checksum &+= UInt64(parsed.bitPattern)
                }
                record.fields.append(bytes)
            }
            csvFuzzSink &+= checksum
            pass.records.append(record)
        }
    } catch let e as DatasetError {
        pass.error = e
    } catch {
        fatalError("the tokenizer threw a non-DatasetError: \(error)")
    }
    if let e = pass.error {
        switch e {
        case let .unterminatedQuote(_, line, column), let .unexpectedCharacterAfterQuote(_, line, column, _):
            check(line > lastLine && column >= 1, "error position before the last record")
        case let .recordTooLarge(_, line, limit):
            check(line > lastLine && limit == maxRecordBytes, "recordTooLarge position or limit")
        default:
            fatalError("unexpected tokenizer error \(e)")
        }
    }
    return pass
}

@_cdecl("LLVMFuzzerTestOneInput")
public func csvFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let reference = tokenize(input, chunkSize: 1 << 20, maxRecordBytes: Int.max / 2)
    check(!(reference.error.map { if case .recordTooLarge = $0 { true } else { false } } ?? false),
                 "recordTooLarge without a limit")
    let chunked = tokenize(input, chunkSize: 1 + size % 7, maxRecordBytes: Int.max / 2)
    check(chunked == reference, "chunked tokenizing differs from one-chunk tokenizing")
    let limited = tokenize(input, chunkSize: 1 + size % 61, maxRecordBytes: fuzzMaxRecordBytes)
    if limited != reference {
        guard case .recordTooLarge? = limited.error else { fatalError("the record limit changed the result: \(String(describing: limited.error))") }
        check(limited.records.count <= reference.records.count
                     && Array(reference.records.prefix(limited.records.count)) == limited.records,
                     "records before recordTooLarge differ")
    }
    return 0
}
#endif
