// `swiftlearn embed`, `swiftlearn index build|evaluate` and `swiftlearn search`, run as a user would. The paths that
// need all-MiniLM-L6-v2 are skipped (with the reason shown) when scripts/fetch-models.sh has not run.
import Foundation
import Testing
import TestSupport

enum MiniLMCache {
    static var directory: URL {
        let env = ProcessInfo.processInfo.environment["SWIFTLEARN_MODEL_CACHE"].flatMap { $0.isEmpty ? nil : $0 }
        let cache = env.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/swiftlearn/models")
        return cache.appendingPathComponent("all-MiniLM-L6-v2")
    }
    static var available: Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent("model.safetensors").path) }
}

/// The repository's data/retrieval evaluation set.
private let retrievalSet = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("data/retrieval")

@Suite("swiftlearn embed, index, search", .serialized)
struct LanguageCommandsTests {
    let scratch = ScratchDirectory("language-cli")
    var dir: URL { scratch.url }

    @Test("bad input: a missing model folder, invalid UTF-8, npy without an output file, a missing index")
    func badInput() throws {
        try Data("first line\nsecond \u{FF}line\n".utf8).write(to: dir.appendingPathComponent("in.txt"))
        var bytes = [UInt8]("ok\nbad ".utf8); bytes += [0xC3, 0x28]; bytes += [UInt8]("\n".utf8)
        try Data(bytes).write(to: dir.appendingPathComponent("invalid.txt"))

        let noModel = try CommandRunner.run(["embed", "--model", "no-such-model", "in.txt"], in: dir)
        #expect(noModel.status == 1)
        #expect(noModel.stderr.contains("no-such-model"))
        let npy = try CommandRunner.run(["embed", "--format", "npy", "in.txt"], in: dir)
        #expect(npy.status == 1)
        #expect(npy.stderr.contains("--output"))
        let missing = try CommandRunner.run(["embed", "absent.txt"], in: dir)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("absent.txt"))
        let invalid = try CommandRunner.run(["embed", "invalid.txt", "--output", "out.jsonl"], in: dir)
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("line 2") && invalid.stderr.contains("UTF-8"), "\(invalid.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.jsonl").path))
        let noIndex = try CommandRunner.run(["search", "anything", "--index", "nowhere", "--mode", "lexical"], in: dir)
        #expect(noIndex.status == 1)
        #expect(noIndex.stderr.contains("nowhere"))
        let badMode = try CommandRunner.run(["search", "anything", "--mode", "fuzzy"], in: dir)
        #expect(badMode.status == 1)
        #expect(badMode.stderr.contains("hybrid"))
    }

    @Test("embed writes one unit vector per line as JSON lines and as .npy",
          .enabled(if: MiniLMCache.available, "all-MiniLM-L6-v2 not in the model cache; run scripts/fetch-models.sh"))
    func embed() throws {
        try Data("A man is playing a guitar.\n\nCafé prices in Zürich rose.\r\n".utf8).write(to: dir.appendingPathComponent("in.txt"))
        let jsonl = try CommandRunner.run(["embed", "in.txt", "--quiet"], in: dir)
        #expect(jsonl.status == 0, "\(jsonl.stderr)")
        let rows = jsonl.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [Double] }
        #expect(rows.count == 3)
        for row in rows {
            let v = try #require(row)
            #expect(v.count == 384)
            #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
        }
        let npy = try CommandRunner.run(["embed", "in.txt", "--output", "e.npy", "--batch-size", "2"], in: dir)
        #expect(npy.status == 0, "\(npy.stderr)")
        let data = try [UInt8](Data(contentsOf: dir.appendingPathComponent("e.npy")))
        #expect(Array(data[0..<6]) == [0x93] + Array("NUMPY".utf8))
        let header = String(decoding: data[10..<Int(data[8]) + 10], as: UTF8.self)
        #expect(header.contains("'shape': (3, 384)") && header.contains("<f4"), "\(header)")
        #expect(data.count == 10 + Int(data[8]) + 3 * 384 * 4)
    }

    @Test("index build, search in every mode, index evaluate on the Constitution set",
          .enabled(if: MiniLMCache.available, "all-MiniLM-L6-v2 not in the model cache; run scripts/fetch-models.sh"))
    func indexAndSearch() throws {
        let build = try CommandRunner.run(["index", "build", retrievalSet.appendingPathComponent("docs").path, "--output", "idx"], in: dir)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("chunks from 3 files"), "\(build.stdout)")
        for mode in ["hybrid", "dense", "lexical"] {
            let search = try CommandRunner.run(["search", "How old must a senator be?", "--index", "idx", "-k", "3", "--mode", mode, "--json"], in: dir)
            #expect(search.status == 0, "\(search.stderr)")
            let hits = search.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(hits.count == 3)
            #expect(hits.contains { ($0["text"] as? String)?.contains("thirty Years") == true }, "\(mode): \(search.stdout)")
        }
        let text = try CommandRunner.run(["search", "freedom of speech", "--index", "idx"], in: dir)
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("1. bill-of-rights.txt"), "\(text.stdout)")
        let evaluate = try CommandRunner.run(["index", "evaluate", retrievalSet.path, "--json"], in: dir)
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(evaluate.stdout.utf8)) as? [String: [String: Double]])
        #expect(Set(figures.keys) == ["lexical", "dense", "hybrid"])
        #expect((figures["dense"]?["recall@10"] ?? 0) > (figures["lexical"]?["recall@10"] ?? 1) - 0.2)
    }
}
