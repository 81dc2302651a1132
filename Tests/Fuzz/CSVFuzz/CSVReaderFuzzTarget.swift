// libFuzzer entry point for the whole CSV reader (RELIABILITY.md C3), public API only.
//
// Built by scripts/fuzz-csv.sh with -D CSV_FUZZ_READER against the package's own Datasets/Tensors/Kernels
// modules, compiled by SwiftPM with --sanitize=fuzzer --sanitize=address into a scratch build directory.
// Not a SwiftPM target. Each input is a file's bytes (no option byte taken off the front), read with
// CSVReader.read(bytes:) twice — one chunk, and 1…7-byte chunks with a small maxRecordBytes — and then, if it
// has two or more columns, again with the last column as the target, so layout, kind inference, both
// passes, vocabularies and task inference all run. Checks: only DatasetError is thrown; chunking changes
// nothing unless the small limit gives recordTooLarge; a dataset's shapes, kinds, vocabularies and codes
// agree with each other.
#if CSV_FUZZ_READER
import Datasets
import Tensors

/// The record limit of the chunked read: small, so short fuzz inputs exceed it.
let readerFuzzMaxRecordBytes = 256

func fail(_ message: String) -> Never { fatalError(message) }

/// A dataset as plain values (NaN-safe through bit patterns), for comparing two reads.
struct Summary: Equatable {
    var names: [String]
    var kinds: [ColumnKind]
    var categories: [[String]?]
    var shape: [Int]
    var bits: [UInt32]
    var targetBits: [UInt32]?
    var task: TaskKind?
    var classNames: [String]
}

func summarize(_ d: TabularDataset) -> Summary {
    let x = d.features.scalars
    let nf = d.featureNames.count
    if d.features.shape != [d.features.shape.first ?? -1, nf] { fail("features shape \(d.features.shape) for \(nf) names") }
    if d.featureKinds.count != nf || d.categories.count != nf { fail("kinds/categories count") }
    let rows = d.features.shape[0]
    if rows < 1 { fail("a dataset without rows") }
    for (k, kind) in d.featureKinds.enumerated() {
        if (kind == .categorical) != (d.categories[k] != nil) { fail("categories do not match kinds") }
        guard let vocabulary = d.categories[k] else { continue }
        if vocabulary != vocabulary.sorted() || Set(vocabulary).count != vocabulary.count { fail("vocabulary not sorted/unique") }
        for r in 0..<rows {
            let v = x[r * nf + k]
            if !v.isNaN && (v < 0 || v >= Float(vocabulary.count) || v.rounded() != v) { fail("category code out of range") }
        }
    }
    var targetBits: [UInt32]?
    if let t = d.targets {
        if t.shape != [rows] { fail("targets shape") }
        targetBits = t.scalars.map(\.bitPattern)
        if d.task == .classification {
            for c in t.integers where c < 0 || c >= d.classNames.count { fail("class code out of range") }
        }
    }
    return Summary(names: d.featureNames, kinds: d.featureKinds, categories: d.categories, shape: d.features.shape,
                   bits: x.map(\.bitPattern), targetBits: targetBits, task: d.task, classNames: d.classNames)
}

/// The summary of a read, or the DatasetError it threw.
func readSummary(_ bytes: [UInt8], _ options: CSVOptions) -> Result<Summary, DatasetError> {
    do {
        return .success(summarize(try CSVReader(options: options).read(bytes: bytes)))
    } catch let e as DatasetError {
        return .failure(e)
    } catch {
        fail("CSVReader threw a non-DatasetError: \(error)")
    }
}

func readTwice(_ bytes: [UInt8], _ options: CSVOptions) -> Result<Summary, DatasetError> {
    let whole = readSummary(bytes, options)
    var small = options
    small.chunkSize = 1 + bytes.count % 7
    small.maxRecordBytes = readerFuzzMaxRecordBytes
    let chunked = readSummary(bytes, small)
    if chunked != whole {
        guard case .failure(.recordTooLarge) = chunked else { fail("chunked read differs: \(chunked) vs \(whole)") }
    }
    return whole
}

@_cdecl("LLVMFuzzerTestOneInput")
public func csvReaderFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var options = CSVOptions()
    if size % 2 == 1 { options.badLines = .skip }
    guard case .success(let plain) = readTwice(bytes, options), plain.names.count >= 2 else { return 0 }
    options.target = plain.names.last
    _ = readTwice(bytes, options)
    return 0
}
#endif
