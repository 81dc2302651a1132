// Agreement with the Python `safetensors` package (0.8.0) on committed fixtures
// (scripts/reference/make_safetensors_fixtures.py writes them; Tests/Fixtures/safetensors/generator.json):
//   python_written — files Python wrote load with exact values (S3, Python → Swift), and Swift re-writes
//                    them byte for byte;
//   differential   — 200 valid + 200 mutated files: same accept/reject verdict as Python, same error class,
//                    accepted tensors byte-identical (sha256) (S3);
//   hostile        — each file rejected with the expected SafetensorsError case (S2).
import Foundation
import Testing
import TestSupport

@testable import Tensors

// The fixtures are committed: if they are missing, the #require calls fail the tests rather than skipping them.
@Suite("Safetensors fixtures from the Python reference (S2, S3)")
struct SafetensorsFixtureTests {
    // MARK: python_written

    @Test func pythonWrittenFilesLoadWithExactValues() throws {
        let expected = try SafetensorsFixtures.expectations("python_written", "expected.json")
        let dir = try #require(SafetensorsFixtures.directory("python_written"))
        #expect(expected.members.count >= 5)
        var checked = 0
        for file in expected.members {
            let st = try SafetensorsFile.read(contentsOf: dir.appendingPathComponent(file.key))
            let metadata = Dictionary(
                uniqueKeysWithValues: file.value["metadata"]!.members.map { ($0.key, $0.value.string!) })
            #expect(st.metadata == metadata, "\(file.key)")
            let tensors = file.value["tensors"]!.members
            #expect(Set(st.tensorNames) == Set(tensors.map(\.key)), "\(file.key)")
            for t in tensors {
                let place = "\(file.key) / \(t.key)"
                let info = try st.info(t.key)
                #expect(info.dtype.rawValue == t.value["dtype"]?.string, "\(place)")
                #expect(info.shape == t.value["shape"]!.elements.map { Int($0.uint64!) }, "\(place)")
                let raw = try st.rawBytes(named: t.key)
                #expect(SHA256.hexDigest(raw) == t.value["sha256"]?.string, "\(place)")
                let values = t.value["values"]!.elements
                if info.dtype.isLoadable {
                    let tensor = try st.tensor(named: t.key)
                    #expect(tensor.shape == info.shape)
                    #expect(checkValues(of: tensor, raw: raw, dtype: info.dtype, against: values), "\(place)")
                } else {
                    #expect(thrownError { try st.tensor(named: t.key) } == .unsupportedDType(name: t.key, dtype: info.dtype))
                    #expect(checkValues(of: nil, raw: raw, dtype: info.dtype, against: values), "\(place)")
                }
                checked += 1
            }
        }
        print("safetensors python_written: \(checked) tensors in \(expected.members.count) files match exactly")
    }

    /// Compares a tensor's values (floats through Tensor.doubles, integers decoded from the raw bytes so
    /// 64-bit values stay exact) with the expected JSON values.
    private func checkValues(
        of tensor: Tensor?, raw: [UInt8], dtype: SafetensorsDType, against values: [HeaderJSON]
    ) -> Bool {
        func le(_ i: Int, _ width: Int) -> UInt64 {
            (0..<width).reduce(UInt64(0)) { $0 | UInt64(raw[i * width + $1]) << (8 * UInt64($1)) }
        }
        switch dtype {
        case .f32, .f64, .f16, .bf16:
            guard let tensor else { return false }
            let got = tensor.doubles
            guard got.count == values.count else { return false }
            for (g, e) in zip(got, values) {
                guard let e = e.double else { return false }
                if e.isNaN { if !g.isNaN { return false } } else if g != e || g.sign != e.sign { return false }
            }
            return true
        case .bool:
            guard let tensor else { return false }
            return values.allSatisfy { $0.bool != nil }
                && rawBytes(tensor).map { $0 != 0 } == values.map { $0.bool ?? false }
        case .i8, .i16, .i32, .i64:
            let width = dtype.bitSize / 8
            let got = (0..<values.count).map { i -> Int64 in
                let v = le(i, width)
                let shift = UInt64(64 - 8 * width)
                return Int64(bitPattern: v << shift) >> Int64(shift)  // sign-extend
            }
            return raw.count == values.count * width && got == values.map(\.int64)
        case .u8, .u16, .u32, .u64:
            let width = dtype.bitSize / 8
            return raw.count == values.count * width && (0..<values.count).map { le($0, width) } == values.map(\.uint64)
        default:
            return false
        }
    }

    @Test func swiftRewritesPythonFilesByteForByte() throws {
        let expected = try SafetensorsFixtures.expectations("python_written", "expected.json")
        let dir = try #require(SafetensorsFixtures.directory("python_written"))
        var identical = 0
        for file in expected.members {
            let original = try Array(Data(contentsOf: dir.appendingPathComponent(file.key)))
            let st = try SafetensorsFile(bytes: original)
            guard st.header.entries.allSatisfy(\.dtype.isLoadable) else { continue }
            let rewritten = try Safetensors.serialize(st.tensors(), metadata: st.header.metadata)
            if (st.header.metadata?.count ?? 0) <= 1 {
                #expect(rewritten == original, "\(file.key): Swift's bytes differ from Python's")
                identical += 1
            } else {
                // Python orders metadata keys by hash; compare what the bytes mean, and the data section.
                let reread = try SafetensorsFile(bytes: rewritten)
                #expect(reread.header.entries == st.header.entries && reread.metadata == st.metadata)
                #expect(rewritten[reread.header.dataOffset...] == original[st.header.dataOffset...])
            }
        }
        #expect(identical >= 2)
        print("safetensors writer: \(identical) Python-written files reproduced byte for byte")
    }

    // MARK: differential

    @Test func differentialVerdictsMatchPython() throws {
        let verdicts = try SafetensorsFixtures.expectations("differential", "verdicts.json")
        let dir = try #require(SafetensorsFixtures.directory("differential"))
        #expect(verdicts.members.count == 400)
        var sameVerdict = 0, sameClass = 0, rejectedByBoth = 0, byteIdentical = 0, acceptedByBoth = 0
        var deviations: [String] = []
        var intendedStricterCount = 0, duplicateKeyFirst = 0
        for item in verdicts.members {
            let bytes = try Array(Data(contentsOf: dir.appendingPathComponent(item.key)))
            #expect(item.value["ok"]?.bool != nil, "\(item.key): no verdict")
            let pythonOK = item.value["ok"]?.bool == true
            let note = item.value["spec_note"]?.string
            // Where Python is laxer than the format text, this parser is strict on purpose.
            let intendedStricter = note.map { $0.contains("leading") || $0.contains("duplicate") } ?? false
            let result = Result { () throws(SafetensorsError) in try SafetensorsHeader.parse(bytes) }
            switch result {
            case .success(let header):
                guard pythonOK else {
                    deviations.append("\(item.key): accepted, Python: \(item.value["error"]?.string ?? "?")")
                    continue
                }
                sameVerdict += 1
                acceptedByBoth += 1
                let tensors = item.value["tensors"]!.members
                var allMatch = header.entries.count == tensors.count
                for t in tensors {
                    guard let e = header.entries.first(where: { $0.name.utf8.elementsEqual(t.key.utf8) }) else {
                        allMatch = false
                        continue
                    }
                    let slice = bytes[(header.dataOffset + Int(e.begin))..<(header.dataOffset + Int(e.end))]
                    allMatch = allMatch && e.dtype.rawValue == t.value["dtype"]?.string
                        && e.shape == t.value["shape"]!.elements.map(\.uint64)
                        && [e.begin, e.end] == t.value["data_offsets"]!.elements.map(\.uint64)
                        && SHA256.hexDigest(slice) == t.value["sha256"]?.string
                }
                #expect(allMatch, "\(item.key): tensors differ from Python's")
                if allMatch { byteIdentical += 1 }
            case .failure(let error):
                if pythonOK {
                    if intendedStricter { intendedStricterCount += 1 } else { deviations.append("\(item.key): \(error)") }
                    continue
                }
                sameVerdict += 1
                rejectedByBoth += 1
                let pythonClass = referenceClass(ofPythonMessage: item.value["error"]?.string ?? "")
                if pythonClass == error.referenceErrorName {
                    sameClass += 1
                } else if error.caseName == "duplicateKey" {
                    // This parser's own error; Python keeps the last entry and then fails another check.
                    duplicateKeyFirst += 1
                } else {
                    deviations.append("\(item.key): \(error.referenceErrorName ?? "-") vs Python \(pythonClass ?? "?")")
                }
            }
        }
        print("safetensors differential: same verdict \(sameVerdict)/400 (accepted by both \(acceptedByBoth), "
            + "rejected by both \(rejectedByBoth)); same error class \(sameClass)/\(rejectedByBoth) "
            + "(\(duplicateKeyFirst) reported as duplicateKey first); "
            + "accepted tensors byte-identical \(byteIdentical)/\(acceptedByBoth); "
            + "rejected on purpose where Python is laxer than the format: \(intendedStricterCount)")
        #expect(deviations.isEmpty, "\(deviations.joined(separator: "\n"))")
        #expect(byteIdentical == acceptedByBoth)
    }

    // MARK: hostile

    @Test func hostileFilesGetTheExpectedCase() throws {
        let expected = try SafetensorsFixtures.expectations("hostile", "expected.json")
        let dir = try #require(SafetensorsFixtures.directory("hostile"))
        #expect(expected.members.count >= 20)
        var matched = 0
        for item in expected.members {
            let bytes = try Array(Data(contentsOf: dir.appendingPathComponent(item.key)))
            let error = headerError(bytes)
            if let expectedCase = item.value["error"]?.string {
                #expect(error?.caseName == expectedCase, "\(item.key): got \(error.map { "\($0)" } ?? "accepted")")
                if error?.caseName == expectedCase { matched += 1 }
            } else {
                #expect(error == nil, "\(item.key) should be valid: \(error.map { "\($0)" } ?? "")")
                if error == nil { matched += 1 }
            }
        }
        print("safetensors hostile: \(matched)/\(expected.members.count) files give the expected verdict and case")
    }
}
