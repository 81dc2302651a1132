import Foundation
import Kernels
import Language
import Testing
import TestSupport

@Suite("SentenceEmbedder")
struct SentenceEmbedderTests {
    /// The tiny BERT folder with a chosen pooling config, in a scratch directory.
    private func tinyFolder(pooling: [String: Any]?, modules: [[String: Any]]? = nil, maxSeqLength: Int? = nil) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("1_Pooling"), withIntermediateDirectories: true)
        for name in ["config.json", "model.safetensors"] {
            try FileManager.default.copyItem(at: TinyBertFixture.folder.appendingPathComponent(name),
                                             to: folder.appendingPathComponent(name))
        }
        if let pooling {
            try JSONSerialization.data(withJSONObject: pooling).write(to: folder.appendingPathComponent("1_Pooling/config.json"))
        }
        if let modules { try JSONSerialization.data(withJSONObject: modules).write(to: folder.appendingPathComponent("modules.json")) }
        if let maxSeqLength {
            try JSONSerialization.data(withJSONObject: ["max_seq_length": maxSeqLength])
                .write(to: folder.appendingPathComponent("sentence_bert_config.json"))
        }
        return folder
    }

    private func normalized(_ v: [Float]) -> [Float] {
        let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / n }
    }

    @Test("mean, CLS, max and mean-√n pooling over the reference hidden states, concatenated in sentence-transformers' order")
    func poolingModes() throws {
        let fixture = try TinyBertFixture.load()
        let folder = try tinyFolder(pooling: ["word_embedding_dimension": 32, "pooling_mode_cls_token": true,
                                              "pooling_mode_mean_tokens": true, "pooling_mode_max_tokens": true,
                                              "pooling_mode_mean_sqrt_len_tokens": true],
                                    modules: [["type": "sentence_transformers.models.Transformer"],
                                              ["type": "sentence_transformers.models.Pooling"]])
        defer { try? FileManager.default.removeItem(at: folder) }
        let embedder = try SentenceEmbedder(directory: folder, tokenizer: RecordedIdsTokenizer(table: [:]))
        #expect(embedder.dimension == 128 && !embedder.normalize && embedder.maxSequenceLength == 24)
        let vectors = try embedder.embed(encodings: fixture.encodings)
        for (b, states) in fixture.hidden.enumerated() {
            let n = Float(states.count)
            var mean = [Float](repeating: 0, count: 32), maxV = states[0]
            for row in states {
                for j in 0..<32 { mean[j] += row[j] / n; maxV[j] = max(maxV[j], row[j]) }
            }
            let expected = states[0] + maxV + mean + mean.map { $0 * n / n.squareRoot() }
            let worst = zip(vectors[b], expected).map { abs($0 - $1) }.max()!
            #expect(worst <= 2e-5, "sequence \(b): max |Δ| = \(worst)")
        }
    }

    @Test("defaults without the sentence-transformers files: mean pooling, L2-normalised, max positions as the limit")
    func defaults() throws {
        let fixture = try TinyBertFixture.load()
        let folder = try tinyFolder(pooling: nil)
        defer { try? FileManager.default.removeItem(at: folder) }
        let embedder = try SentenceEmbedder(directory: folder, tokenizer: RecordedIdsTokenizer(table: [:]), batchSize: 2)
        #expect(embedder.dimension == 32 && embedder.normalize && embedder.maxSequenceLength == 24)
        let vectors = try embedder.embed(encodings: fixture.encodings)
        for (b, states) in fixture.hidden.enumerated() {
            var mean = [Float](repeating: 0, count: 32)
            for row in states { for j in 0..<32 { mean[j] += row[j] / Float(states.count) } }
            #expect(embeddingCosine(vectors[b], normalized(mean)) >= 0.999999)
            #expect(abs(vectors[b].reduce(0) { $0 + $1 * $1 } - 1) <= 1e-5)
        }
    }

    @Test("inputs over max_seq_length are truncated keeping [SEP]; batches and progress cover every text")
    func truncationAndBatches() throws {
        let folder = try tinyFolder(pooling: ["pooling_mode_mean_tokens": true], maxSeqLength: 6)
        defer { try? FileManager.default.removeItem(at: folder) }
        let long = [1, 5, 6, 7, 8, 9, 10, 11, 2], cut = [1, 5, 6, 7, 8, 2]
        let tokenizer = RecordedIdsTokenizer(table: ["long": long, "cut": cut, "a": [1, 3, 2], "b": [1, 4, 4, 2]], special: [1, 2])
        let embedder = try SentenceEmbedder(directory: folder, tokenizer: tokenizer)
        #expect(embedder.maxSequenceLength == 6)
        let texts = ["long", "a", "cut", "b", "a"]
        var calls: [Int] = []
        let vectors = try embedder.embed(texts, batchSize: 2) { done, total in
            #expect(total == 5)
            calls.append(done)
        }
        #expect(calls == [2, 4, 5])
        #expect(vectors.count == 5 && vectors[0] == vectors[2] && vectors[1] == vectors[4])
        #expect(try embedder.embed(texts) == vectors)
        #expect(try embedder.embed([]) == [])
        #expect(throws: LanguageError.self) { try embedder.embed(texts, batchSize: 0, progress: nil) }
    }

    @Test("writeEmbeddings stores the same vectors as embed in a [n, dimension] .npy file")
    func writeNpy() throws {
        let folder = try tinyFolder(pooling: ["pooling_mode_mean_tokens": true])
        defer { try? FileManager.default.removeItem(at: folder) }
        let tokenizer = RecordedIdsTokenizer(table: ["a": [1, 3, 2], "b": [1, 4, 4, 2], "c": [1, 9, 8, 7, 2]], special: [1, 2])
        let embedder = try SentenceEmbedder(directory: folder, tokenizer: tokenizer)
        let url = folder.appendingPathComponent("out.npy")
        var last = 0
        #expect(try embedder.writeEmbeddings(of: ["a", "b", "c"], to: url, batchSize: 2) { done, _ in last = done } == 3)
        #expect(last == 3)
        let bytes = [UInt8](try Data(contentsOf: url))
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect(String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self).contains("'shape': (3, 32), }"))
        let body = Array(bytes[(10 + headerLength)...])
        let stored = (0..<(body.count / 4)).map { i in
            Float(bitPattern: UInt32(body[4 * i]) | UInt32(body[4 * i + 1]) << 8 | UInt32(body[4 * i + 2]) << 16 | UInt32(body[4 * i + 3]) << 24)
        }
        #expect(stored == (try embedder.embed(["a", "b", "c"])).flatMap { $0 })
    }

    @Test("bad sentence-transformers files are reported")
    func badFiles() throws {
        let tokenizer = RecordedIdsTokenizer(table: [:])
        let unsupported = try tinyFolder(pooling: ["pooling_mode_lasttoken": true, "pooling_mode_mean_tokens": false])
        defer { try? FileManager.default.removeItem(at: unsupported) }
        #expect(throws: LanguageError.self) { try SentenceEmbedder(directory: unsupported, tokenizer: tokenizer) }
        let none = try tinyFolder(pooling: ["pooling_mode_mean_tokens": false])
        defer { try? FileManager.default.removeItem(at: none) }
        #expect(throws: LanguageError.self) { try SentenceEmbedder(directory: none, tokenizer: tokenizer) }
        let width = try tinyFolder(pooling: ["word_embedding_dimension": 384, "pooling_mode_mean_tokens": true])
        defer { try? FileManager.default.removeItem(at: width) }
        var caught: LanguageError?
        do { _ = try SentenceEmbedder(directory: width, tokenizer: tokenizer) } catch { caught = error }
        #expect(caught?.description.contains("word_embedding_dimension") == true)
        let badLength = try tinyFolder(pooling: nil, maxSeqLength: 1)
        defer { try? FileManager.default.removeItem(at: badLength) }
        #expect(throws: LanguageError.self) { try SentenceEmbedder(directory: badLength, tokenizer: tokenizer) }
    }

    @Test("all-MiniLM-L6-v2: cosine ≥ 0.99999 to sentence-transformers for every fixture sentence",
          .enabled(if: ModelCache.miniLM != nil, "all-MiniLM-L6-v2 is not cached: run scripts/fetch-models.sh"))
    func miniLMParity() throws {
        let fixture = try MiniLMFixture.load()
        #expect(fixture.sentences.count >= 40)
        let embedder = try SentenceEmbedder(directory: try #require(ModelCache.miniLM), tokenizer: fixture.tokenizer)
        #expect(embedder.dimension == 384 && embedder.maxSequenceLength == fixture.max_seq_length && embedder.normalize)
        for path in KernelPath.supported {
            let vectors = try KernelPath.withPath(path) { try embedder.embed(fixture.sentences.map(\.text)) }
            for (s, v) in zip(fixture.sentences, vectors) {
                let c = embeddingCosine(v, s.embedding)
                #expect(c >= 0.99999, "path \(path), \"\(s.text.prefix(40))\" (\(s.ids.count) tokens): cosine \(c)")
            }
        }
    }

    @Test("all-MiniLM-L6-v2: the top-3 passages of 10 queries are PyTorch's",
          .enabled(if: ModelCache.miniLM != nil, "all-MiniLM-L6-v2 is not cached: run scripts/fetch-models.sh"))
    func miniLMRetrieval() throws {
        let fixture = try MiniLMFixture.load()
        let r = fixture.retrieval
        let embedder = try SentenceEmbedder(directory: try #require(ModelCache.miniLM), tokenizer: fixture.tokenizer)
        let q = try embedder.embed(r.queries.map(\.text)), p = try embedder.embed(r.passages.map(\.text))
        #expect(q.count == 10 && p.count == 40)
        for (i, query) in q.enumerated() {
            let scores = p.map { embeddingCosine(query, $0) }
            let top = scores.indices.sorted { scores[$0] > scores[$1] }.prefix(3)
            #expect(Array(top) == r.top3[i], "query \(i): \(r.queries[i].text)")
        }
    }
}
