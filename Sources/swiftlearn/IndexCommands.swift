// `swiftlearn index build|evaluate` and `swiftlearn search`: semantic search over a folder of text files.
import ArgumentParser
import Foundation
import SwiftLearn

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build a search index over text files, or measure search quality on a labelled set.",
        subcommands: [IndexBuildCommand.self, IndexEvaluateCommand.self])
}

/// The chunking and dense-index options `index build` and `index evaluate` share.
struct IndexingOptions: ParsableArguments {
    @Option(help: "The sentence-transformers model folder (default: all-MiniLM-L6-v2 in the model cache).")
    var model: String?
    @Option(name: .customLong("chunk-words"), help: "Words per chunk.")
    var chunkWords = 200
    @Option(help: "Words shared by consecutive chunks.")
    var overlap = 40
    @Flag(help: "Approximate nearest-neighbour search (HNSW) instead of exact search; worth it from ~100,000 chunks.")
    var hnsw = false
    @Option(name: .customLong("batch-size"), help: "Texts per forward pass of the model.")
    var batchSize = 32

    func configuration() throws -> DocumentIndex.Configuration {
        DocumentIndex.Configuration(chunker: try TextChunker(wordsPerChunk: chunkWords, overlap: overlap),
                                    dense: hnsw ? .hnsw(HNSWParameters()) : .exact)
    }

    func embedder() throws -> (SentenceEmbedder, URL) {
        guard batchSize >= 1 else { throw CommandError("--batch-size must be at least 1, found \(batchSize)") }
        let directory = try modelDirectory(model)
        return (try SentenceEmbedder(directory: directory, batchSize: batchSize), directory)
    }
}

struct IndexBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Index every .txt and .md file under a folder (chunked with overlap; dense + BM25).",
        discussion: "Writes the index folder atomically: an interrupted build leaves the previous index intact.")

    @Argument(help: "The folder of documents.")
    var documents: String
    @Option(name: .shortAndLong, help: "The index folder to write.")
    var output = "index"
    @OptionGroup var options: IndexingOptions
    @Flag(help: "No progress output.")
    var quiet = false

    func run() throws {
        try reportingErrors {
            let configuration = try options.configuration()
            let (embedder, directory) = try options.embedder()
            let start = Date()
            let index = try DocumentIndex.build(folder: URL(fileURLWithPath: documents, isDirectory: true),
                                                embedder: embedder, configuration: configuration)
            try index.save(to: URL(fileURLWithPath: output, isDirectory: true),
                           metadata: ["model": directory.standardizedFileURL.path])
            let sources = Set(index.chunks.map(\.source)).count
            print("indexed \(index.chunks.count) chunks from \(sources) files in \(String(format: "%.1f", Date().timeIntervalSince(start))) s → \(output)")
        }
    }
}

struct IndexEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Recall@k and MRR of lexical, dense and hybrid search on a labelled question → passage set.",
        discussion: """
            SET is a folder with docs/ (the documents; one passage per blank-line-separated paragraph) and \
            questions.jsonl ({"question", "source", "passage"} per line). data/retrieval in the repository is \
            such a set, built from the U.S. Constitution.
            """)

    @Argument(help: "The evaluation set folder.")
    var set = "data/retrieval"
    @OptionGroup var options: IndexingOptions
    @Flag(help: "Print the figures as JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let evaluationSet = try RetrievalEvaluationSet.load(from: URL(fileURLWithPath: set, isDirectory: true))
            let (embedder, _) = try options.embedder()
            let index = try DocumentIndex.build(documents: evaluationSet.documents, embedder: embedder,
                                                configuration: try options.configuration())
            var rows: [[String: Double]] = []
            var names: [String] = []
            for mode in [SearchMode.lexical, .dense, .hybrid] {
                let result = try RetrievalEvaluation(set: evaluationSet, depth: 10) { query, k in try index.search(query, k: k, mode: mode) }
                names.append(mode.rawValue)
                rows.append(["recall@1": result.recall(at: 1), "recall@5": result.recall(at: 5),
                             "recall@10": result.recall(at: 10), "mrr": result.meanReciprocalRank])
            }
            if json {
                let object = Dictionary(uniqueKeysWithValues: zip(names, rows))
                let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print("\(evaluationSet.questions.count) questions over \(index.chunks.count) chunks")
                print("mode       recall@1  recall@5  recall@10  MRR")
                for (name, row) in zip(names, rows) {
                    print(name.padding(toLength: 10, withPad: " ", startingAt: 0)
                          + String(format: " %8.3f  %8.3f  %9.3f  %.3f", row["recall@1"]!, row["recall@5"]!, row["recall@10"]!, row["mrr"]!))
                }
            }
        }
    }
}

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search an index built by `swiftlearn index build`; prints ranked chunks with source and score.")

    @Argument(help: "The query.")
    var query: String
    @Option(help: "The index folder.")
    var index = "index"
    @Option(name: .short, help: "How many results.")
    var k = 5
    @Option(help: "hybrid (reciprocal rank fusion of dense and BM25), dense or lexical.")
    var mode = "hybrid"
    @Option(help: "The model folder (default: the one the index was built with).")
    var model: String?
    @Flag(help: "Print the hits as JSON lines.")
    var json = false

    func run() throws {
        try reportingErrors {
            guard let searchMode = SearchMode(rawValue: mode) else {
                throw CommandError("--mode must be one of \(SearchMode.allCases.map(\.rawValue).joined(separator: ", ")), found '\(mode)'")
            }
            guard k >= 1 else { throw CommandError("-k must be at least 1, found \(k)") }
            let indexURL = URL(fileURLWithPath: index, isDirectory: true)
            var embedder: SentenceEmbedder?
            if searchMode != .lexical {
                let saved = try DocumentIndex.metadata(at: indexURL)["model"]
                embedder = try SentenceEmbedder(directory: try modelDirectory(model ?? saved))
            }
            let documentIndex = try DocumentIndex.load(from: indexURL, embedder: embedder)
            let hits = try documentIndex.search(query, k: k, mode: searchMode)
            for (rank, hit) in hits.enumerated() {
                if json {
                    let object: [String: Any] = ["rank": rank + 1, "score": hit.score, "source": hit.source,
                                                 "start": hit.start, "end": hit.end, "text": hit.text]
                    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                } else {
                    let snippet = hit.text.split(whereSeparator: \.isNewline).joined(separator: " ")
                    let shown = snippet.count > 300 ? String(snippet.prefix(300)) + "…" : snippet
                    print("\(rank + 1). \(hit.source) [\(hit.start)–\(hit.end)]  score \(String(format: "%.4f", hit.score))")
                    print("   \(shown)")
                }
            }
            if hits.isEmpty && !json { print("no results") }
        }
    }
}
