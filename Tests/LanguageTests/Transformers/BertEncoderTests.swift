import Foundation
import Kernels
import Language
import Testing
import TestSupport

/// tiny_bert.json: a random 2-layer BertModel's last_hidden_state (scripts/reference/make_minilm_fixtures.py).
struct TinyBertFixture: Decodable {
    let lengths: [Int]
    let input_ids: [[Int]]
    let token_type_ids: [[Int]]
    let attention_mask: [[Int]]
    let hidden: [[[Float]]]

    static func load() throws -> TinyBertFixture { try Fixtures.json("language/minilm/tiny_bert.json") }
    static var folder: URL { Fixtures.url("language/minilm/tiny-bert") }

    /// The padded rows as Encodings (tokens are not needed by the encoder).
    var encodings: [Encoding] {
        input_ids.indices.map { b in
            Encoding(ids: input_ids[b], typeIds: token_type_ids[b], attentionMask: attention_mask[b],
                     tokens: input_ids[b].map(String.init), specialTokensMask: input_ids[b].map { _ in 0 })
        }
    }
}

func bertMaxAbsDiff(_ a: [[[Float]]], _ b: [[[Float]]]) -> Float {
    var worst: Float = 0
    for (x, y) in zip(a, b) {
        precondition(x.count == y.count)
        for (u, v) in zip(x, y) { for (p, q) in zip(u, v) { worst = max(worst, abs(p - q)) } }
    }
    return worst
}

@Suite("BertEncoder")
struct BertEncoderTests {
    @Test("a tiny random BertModel's last_hidden_state matches PyTorch to 1e-5 on every kernel path")
    func tinyParity() throws {
        let fixture = try TinyBertFixture.load()
        let encoder = try BertEncoder(directory: TinyBertFixture.folder)
        #expect(encoder.config.hiddenSize == 32 && encoder.config.numHiddenLayers == 2)
        let inputs = fixture.encodings.map(BertInput.init)
        #expect(inputs.map(\.ids.count) == fixture.lengths)
        for path in KernelPath.supported {
            for threads in [1, 2] {
                let states = try KernelPath.withPath(path) {
                    try KernelThreads.with(threads) { try encoder.lastHiddenStates(inputs) }
                }
                #expect(states.map(\.count) == fixture.lengths)
                let diff = bertMaxAbsDiff(states, fixture.hidden)
                #expect(diff <= 1e-5, "path \(path), \(threads) threads: max |Δ| = \(diff)")
            }
        }
    }

    @Test("one sequence alone gives the same states as inside a batch (packing has no cross-talk)")
    func batchIndependence() throws {
        let fixture = try TinyBertFixture.load()
        let encoder = try BertEncoder(directory: TinyBertFixture.folder)
        let inputs = fixture.encodings.map(BertInput.init)
        let batch = try encoder.lastHiddenStates(inputs)
        for (i, input) in inputs.enumerated() {
            let alone = try encoder.lastHiddenStates([input])
            #expect(bertMaxAbsDiff(alone, [batch[i]]) <= 1e-6)
        }
        #expect(try encoder.lastHiddenStates([]).isEmpty)
        #expect(try encoder.lastHiddenStates([BertInput(ids: [])]) == [[]])
    }

    @Test("ids, token types and positions outside the tables throw invalidArgument")
    func badInputs() throws {
        let encoder = try BertEncoder(directory: TinyBertFixture.folder)
        #expect(throws: LanguageError.self) { try encoder.lastHiddenStates([BertInput(ids: [1, 50])]) }
        #expect(throws: LanguageError.self) { try encoder.lastHiddenStates([BertInput(ids: [-1])]) }
        #expect(throws: LanguageError.self) { try encoder.lastHiddenStates([BertInput(ids: [1, 2], typeIds: [0, 2])]) }
        #expect(throws: LanguageError.self) { try encoder.lastHiddenStates([BertInput(ids: [1], positions: [24])]) }
        #expect(throws: LanguageError.self) { try encoder.lastHiddenStates([BertInput(ids: [1, 2], typeIds: [0])]) }
        var caught: LanguageError?
        do { _ = try encoder.lastHiddenStates([BertInput(ids: Array(repeating: 1, count: 25))]) } catch { caught = error }
        #expect(caught?.description.contains("max_position_embeddings") == true)
    }
}

@Suite("BertEncoder concurrency")
struct BertEncoderConcurrencyTests {
    @Test("concurrent calls on one encoder use separate workspaces and give the sequential results")
    func concurrentCalls() throws {
        let fixture = try TinyBertFixture.load()
        let encoder = try BertEncoder(directory: TinyBertFixture.folder)
        let inputs = fixture.encodings.map(BertInput.init)
        // Different batch compositions per caller, so workspaces of different sizes are reused across calls.
        let batches = (0..<8).map { i in Array((inputs[(i % 4)...] + inputs[..<(i % 4)]).prefix(1 + i % 4)) }
        let expected = try batches.map { try encoder.lastHiddenStates($0) }
        let results = ResultBox(count: batches.count * 4)
        DispatchQueue.concurrentPerform(iterations: batches.count * 4) { k in
            results.set(k, try? encoder.lastHiddenStates(batches[k % batches.count]))
        }
        for k in 0..<(batches.count * 4) {
            let got = try #require(results.get(k))
            #expect(bertMaxAbsDiff(got, expected[k % batches.count]) == 0 && got.count == expected[k % batches.count].count)
        }
    }
}

/// Results written by concurrent callers, one slot each.
private final class ResultBox: @unchecked Sendable {  // each slot is written by one caller, read after all finish
    private var slots: [[[[Float]]]?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: [[[Float]]]?) { lock.lock(); slots[i] = value; lock.unlock() }
    func get(_ i: Int) -> [[[Float]]]? { lock.lock(); defer { lock.unlock() }; return slots[i] }
}
