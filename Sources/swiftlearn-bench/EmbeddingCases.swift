// all-MiniLM-L6-v2 sentence-embedding cases: forward + mean pooling + L2 norm of fixed token-id batches,
// against PyTorch and onnxruntime (scripts/reference/bench_embedding_reference.py) on the same ids.
//
// The ids come from Tests/Fixtures/language/minilm/bench_inputs.json (the model's own tokenizer, through
// scripts/reference/make_minilm_fixtures.py), read from the working directory (run from the repository root).
// The cases exist only when the model is cached (scripts/fetch-models.sh) and the ids file is found.
import Foundation
import SwiftLearn

private func embeddingCase(_ name: String, note: String, rows: [[Int]], model: URL) -> BenchCase {
    BenchCase(name: name, measure: .samples(rows.count), note: note, referenceScript: "bench_embedding_reference.py") {
        let encoder: BertEncoder
        do { encoder = try BertEncoder(directory: model) } catch {
            fatalError("\(name): cannot load all-MiniLM-L6-v2 from \(model.path): \(error)")
        }
        let inputs = rows.map { BertInput(ids: $0) }
        return { _ = try? encoder.sentenceEmbeddings(inputs) }
    }
}

/// `minilm-short` (32 × ~16 words, padded input [32, 19] on the reference side), `minilm-short-padded` (the same
/// batch padded to 19 tokens with [PAD] on our side too, every token attending to all 19: the reference's exact
/// amount of work, to separate the gain from packing from the raw speed) and `minilm-long` (32 × 128).
func embeddingCases() -> [BenchCase] {
    guard let model = ModelCache.miniLM else { return [] }
    let url = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        .appendingPathComponent("Tests/Fixtures/language/minilm/bench_inputs.json")
    guard let data = try? Data(contentsOf: url),
          let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
          let short = object["minilm-short"] as? [[Int]], let long = object["minilm-long"] as? [[Int]]
    else { return [] }
    let maxShort = short.map(\.count).max() ?? 0
    return [
        embeddingCase("minilm-short", note: "all-MiniLM-L6-v2 sentences/s, batch 32 × ~16 words (\(short.map(\.count).reduce(0, +)) tokens, unpadded)",
                      rows: short, model: model),
        embeddingCase("minilm-short-padded", note: "as minilm-short, but padded to [32, \(maxShort)] with [PAD] = 0 and no mask (equal work to the reference)",
                      rows: short.map { $0 + [Int](repeating: 0, count: maxShort - $0.count) }, model: model),
        embeddingCase("minilm-long", note: "all-MiniLM-L6-v2 sentences/s, batch 32 × 128 tokens", rows: long, model: model),
    ]
}
