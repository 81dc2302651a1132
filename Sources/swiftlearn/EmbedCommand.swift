// `swiftlearn embed`: one sentence embedding per input line, as JSON lines or a .npy matrix.
import ArgumentParser
import Foundation
import SwiftLearn

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed each line of a text file with a pretrained sentence-transformers model.",
        discussion: """
            Reads INPUT (UTF-8, one text per line; '-' reads standard input) and writes one vector per line, in \
            input order, empty lines included. The model folder is a sentence-transformers folder such as \
            all-MiniLM-L6-v2 (config.json, model.safetensors, tokenizer.json; scripts/fetch-models.sh puts it in \
            ~/.cache/swiftlearn/models). Inputs longer than the model's maximum sequence length are truncated; a \
            warning is printed once.
            Invalid UTF-8: by default a line that is not valid UTF-8 is an error naming the line, and nothing is \
            written; with --lossy-utf8 its invalid bytes become U+FFFD, which the BERT normaliser then drops.
            """)

    @Option(help: "The model folder (default: all-MiniLM-L6-v2 in the model cache).")
    var model: String?
    @Argument(help: "The text file, one text per line ('-' for standard input).")
    var input: String
    @Option(name: .shortAndLong, help: "Output file (default: standard output for jsonl; required for npy).")
    var output: String?
    @Option(help: "jsonl (one JSON array per line) or npy (float32 matrix [lines, dimension]); default: from the output's extension, else jsonl.")
    var format: String?
    @Option(name: .customLong("batch-size"), help: "Texts per forward pass.")
    var batchSize = 32
    @Flag(name: .customLong("lossy-utf8"), help: "Replace invalid UTF-8 bytes with U+FFFD instead of failing.")
    var lossyUTF8 = false
    @Flag(help: "No progress output.")
    var quiet = false

    func run() throws {
        try reportingErrors {
            let format = try resolvedFormat()
            guard batchSize >= 1 else { throw CommandError("--batch-size must be at least 1, found \(batchSize)") }
            let data: Data
            if input == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard FileManager.default.fileExists(atPath: input) else { throw CommandError("input file not found: \(input)") }
                data = try Data(contentsOf: URL(fileURLWithPath: input))
            }
            let lines = try TextLines.split(data, lossy: lossyUTF8, source: input)
            let embedder = try SentenceEmbedder(directory: try modelDirectory(model), batchSize: batchSize)
            let progress = LineProgress(total: lines.count, enabled: !quiet, label: "embedding")
            let vectors = try embedder.embed(lines, batchSize: batchSize) { done, total in progress.update(done) }
            progress.finish()
            switch format {
            case "npy":
                try NpyWriter.write(vectors, width: embedder.dimension, to: URL(fileURLWithPath: output!))
            default:
                var text = ""
                text.reserveCapacity(vectors.count * embedder.dimension * 12)
                for v in vectors {
                    text += "[" + v.map { "\($0)" }.joined(separator: ",") + "]\n"
                }
                if let output {
                    try AtomicFile.write(text, to: URL(fileURLWithPath: output))
                } else {
                    FileHandle.standardOutput.write(Data(text.utf8))
                }
            }
            if !quiet, let output {
                FileHandle.standardError.write(Data("wrote \(vectors.count) × \(embedder.dimension) to \(output)\n".utf8))
            }
        }
    }

    private func resolvedFormat() throws -> String {
        let chosen = format ?? (output.map { $0.hasSuffix(".npy") ? "npy" : "jsonl" } ?? "jsonl")
        guard chosen == "jsonl" || chosen == "npy" else { throw CommandError("--format must be jsonl or npy, found '\(chosen)'") }
        if chosen == "npy" && output == nil { throw CommandError("--format npy needs --output FILE.npy (binary is not written to the terminal)") }
        return chosen
    }
}

/// The model folder from `--model`, or all-MiniLM-L6-v2 in the model cache.
func modelDirectory(_ path: String?) throws -> URL {
    if let path {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandError("model folder not found: \(path)")
        }
        return URL(fileURLWithPath: path, isDirectory: true)
    }
    guard let cached = ModelCache.miniLM else {
        throw CommandError("no --model given and all-MiniLM-L6-v2 is not in \(ModelCache.directory.path); run scripts/fetch-models.sh")
    }
    return cached
}

/// Splitting a text file into lines under the CLI's UTF-8 policy.
enum TextLines {
    /// The lines of `data` (LF or CRLF; a final newline does not add an empty line). An invalid UTF-8 line is an
    /// error naming it, or with `lossy` has its bad bytes replaced by U+FFFD.
    static func split(_ data: Data, lossy: Bool, source: String) throws -> [String] {
        var lines: [String] = []
        var lineNumber = 0
        let bytes = [UInt8](data)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            var slice = bytes[start..<end]
            if slice.last == 0x0D { slice = slice.dropLast() }
            if let text = String(validating: slice, as: UTF8.self) {
                lines.append(text)
            } else if lossy {
                lines.append(String(decoding: slice, as: UTF8.self))
            } else {
                throw CommandError("\(source): line \(lineNumber) is not valid UTF-8; fix the file or pass --lossy-utf8 to replace the bad bytes")
            }
            start = end + 1
        }
        return lines
    }
}

/// "embedding 320/1000" on standard error: rewritten in place on a terminal, every 10 % otherwise.
final class LineProgress {
    let total: Int, enabled: Bool, label: String
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var lastDecile = -1

    init(total: Int, enabled: Bool, label: String) {
        self.total = total
        self.enabled = enabled && total > 0
        self.label = label
    }

    func update(_ done: Int) {
        guard enabled else { return }
        if isTerminal {
            let width = 30, filled = width * done / max(total, 1)
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) \(bar) \(done)/\(total)".utf8))
        } else {
            let decile = 10 * done / max(total, 1)
            if decile != lastDecile {
                lastDecile = decile
                FileHandle.standardError.write(Data("\(label) \(done)/\(total)\n".utf8))
            }
        }
    }

    func finish() {
        if enabled && isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
