// RELIABILITY.md S1 in the test suite: every committed fixture file, and a few thousand seeded mutations of
// them, go through the parser and the loader; each must end in a value or a typed error, never a trap.
// (The open-ended version is the libFuzzer harness: scripts/fuzz-safetensors.sh.)
import Foundation
import Testing

@testable import Tensors

@Suite("Safetensors robustness (S1 replay)")
struct SafetensorsRobustnessTests {
    /// Parses and, when valid, loads every tensor; returns whether the file was accepted.
    @discardableResult
    private func exercise(_ bytes: [UInt8]) -> Bool {
        guard let file = try? SafetensorsFile(bytes: bytes) else { return false }
        for name in file.tensorNames {
            _ = try? file.info(name)
            _ = try? file.rawBytes(named: name)
            _ = try? file.tensor(named: name)
        }
        return true
    }

    private static func corpus() -> [[UInt8]] {
        var files = ["python_written", "differential", "hostile"].flatMap(SafetensorsFixtures.files(in:))
            .compactMap { try? Array(Data(contentsOf: $0)) }
        files += hostileCases.map(\.bytes)
        files.append(try! Safetensors.serialize(
            ["a": makeTensor([0, 0, 128, 63, 0, 0, 0, 64], .float32, [2]), "b": makeTensor([1, 0], .bool, [2])],
            metadata: ["format": "pt"]))
        return files
    }

    @Test func replayCorpusAndSeededMutationsNeverTrap() {
        let corpus = Self.corpus()
        #expect(corpus.count >= 50, "the committed fixture corpus is missing or incomplete")
        var accepted = 0
        for file in corpus where exercise(file) { accepted += 1 }
        var rng = SplitMix64(seed: 0x5AFE)
        var mutated = 0, mutatedAccepted = 0
        let tokens: [[UInt8]] = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "-", "0", "1e999",
            "18446744073709551616", "null", "__metadata__", "F4", "data_offsets", " ", "\u{0}", "é"].map { Array($0.utf8) }
        for _ in 0..<4000 {
            var b = corpus[Int.random(in: 0..<corpus.count, using: &rng)]
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = b.isEmpty ? 0 : Int.random(in: 0..<b.count, using: &rng)
                switch Int.random(in: 0..<7, using: &rng) {
                case 0 where !b.isEmpty: b[i] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
                case 1 where !b.isEmpty: b.remove(at: i)
                case 2: b.insert(UInt8.random(in: 0...255, using: &rng), at: min(i, b.count))
                case 3: b = Array(b.prefix(Int.random(in: 0...b.count, using: &rng)))
                case 4 where b.count >= 8:
                    let n = [UInt64(b.count), UInt64(b.count - 8), .max, 1 << 63, 100_000_000,
                        UInt64.random(in: 0...4096, using: &rng)].randomElement(using: &rng)!
                    for k in 0..<8 { b[k] = UInt8(truncatingIfNeeded: n >> (8 * UInt64(k))) }
                case 5: b.insert(contentsOf: tokens.randomElement(using: &rng)!, at: min(i, b.count))
                default:
                    let count = Int.random(in: 1...9, using: &rng)
                    b.append(contentsOf: (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) })
                }
            }
            mutated += 1
            if exercise(b) { mutatedAccepted += 1 }
        }
        print("safetensors replay: \(corpus.count) corpus files (\(accepted) valid), \(mutated) mutations "
            + "(\(mutatedAccepted) still valid), 0 traps")
    }
}
