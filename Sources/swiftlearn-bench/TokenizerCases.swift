// Tokenizer benchmarks: WordPiece on the committed all-MiniLM-L6-v2 tokenizer.json, against Hugging Face
// `tokenizers` (Rust, one thread) in scripts/reference/bench_language_reference.py, which builds the same texts
// (see there). Truncation and padding are off on both sides; a call tokenizes every text.
import Foundation
import SwiftLearn

/// The texts of a case: the corpus's words, `wordsPerText` at a time.
func tokenizerBenchTexts(count: Int, wordsPerText: Int, asciiOnly: Bool) -> [String] {
    let url = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        .appendingPathComponent("Tests/Fixtures/language/tokenizers/bpe-corpus.txt")
    let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    let words = text.split(separator: "\n", omittingEmptySubsequences: false)
        .flatMap { $0.split(separator: " ", omittingEmptySubsequences: true) }
        .filter { !asciiOnly || $0.utf8.allSatisfy { $0 < 0x80 } }
    return (0..<count).map { i in
        words[Swift.min(words.count, i * wordsPerText)..<Swift.min(words.count, (i + 1) * wordsPerText)].joined(separator: " ")
    }
}

private func wordPieceCase(_ name: String, count: Int, wordsPerText: Int, asciiOnly: Bool = false) -> BenchCase {
    BenchCase(name: name, measure: .samples(count), note: "\(count) texts of \(wordsPerText) words, WordPiece (MiniLM vocab), single-threaded code",
              referenceScript: "bench_language_reference.py") {
        let url = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent("Tests/Fixtures/language/tokenizers/bert-uncased-tokenizer.json")
        guard var tokenizer = try? WordPieceTokenizer(contentsOf: url) else {
            FileHandle.standardError.write(Data("\(name): cannot load \(url.path) (run from the repository root)\n".utf8))
            return {}
        }
        tokenizer.truncation = nil
        tokenizer.padding = nil
        let texts = tokenizerBenchTexts(count: count, wordsPerText: wordsPerText, asciiOnly: asciiOnly)
        return { _ = tokenizer.encodeBatch(texts) }
    }
}

func tokenizerCases() -> [BenchCase] {
    [wordPieceCase("wordpiece-short", count: 2000, wordsPerText: 16),
     wordPieceCase("wordpiece-long", count: 40, wordsPerText: 512),
     wordPieceCase("wordpiece-ascii", count: 2000, wordsPerText: 16, asciiOnly: true)]
}
