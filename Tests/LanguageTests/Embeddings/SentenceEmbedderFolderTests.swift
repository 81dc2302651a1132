// The whole pipeline from text: the model folder's own tokenizer.json (our WordPiece), the encoder, pooling and
// normalisation, against sentence-transformers' embeddings of the same sentences.
import Foundation
import Language
import Testing

@Suite("SentenceEmbedder from a model folder")
struct SentenceEmbedderFolderTests {
    @Test("all-MiniLM-L6-v2 from text: the tokenizer's ids (after truncation to 256) and every embedding match sentence-transformers",
          .enabled(if: ModelCache.miniLM != nil, "all-MiniLM-L6-v2 is not cached: run scripts/fetch-models.sh"))
    func miniLMFromText() throws {
        let fixture = try MiniLMFixture.load()
        let embedder = try SentenceEmbedder(directory: try #require(ModelCache.miniLM), batchSize: 8)
        #expect(embedder.maxSequenceLength == 256)
        for s in fixture.sentences {
            var ids = embedder.tokenizer.encode(s.text).ids
            if ids.count > 256 { ids = Array(ids[..<255]) + [ids[ids.count - 1]] }  // the embedder keeps the final [SEP]
            #expect(ids == s.ids, "\"\(s.text.prefix(40))\"")
        }
        let vectors = try embedder.embed(fixture.sentences.map(\.text))
        for (s, v) in zip(fixture.sentences, vectors) {
            let c = embeddingCosine(v, s.embedding)
            #expect(c >= 0.99999, "\"\(s.text.prefix(40))\": cosine \(c)")
        }
    }

    @Test("a folder without tokenizer.json or vocab.txt names the missing file")
    func missingTokenizer() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("no-tokenizer-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var caught: LanguageError?
        do { _ = try SentenceEmbedder(directory: folder) } catch { caught = error }
        #expect(caught == .fileNotFound(path: folder.appendingPathComponent("tokenizer.json").path,
                                        what: "tokenizer.json (or vocab.txt) of the model"))
    }
}
