// Measuring search quality on a labelled question → passage set: recall@k and mean reciprocal rank, for any
// searcher that returns chunks with their source and offsets (BM25, dense, hybrid).
import Foundation

/// A question and the passage that answers it.
public struct LabelledQuestion: Sendable, Equatable, Codable {
    public var question: String
    /// The document's source name (for a folder: its relative path).
    public var source: String
    /// The 0-based paragraph (blank-line separated) of that document that answers the question.
    public var passage: Int

    public init(question: String, source: String, passage: Int) {
        self.question = question
        self.source = source
        self.passage = passage
    }
}

/// Documents plus labelled questions: `docs/` (UTF-8 `.txt`/`.md` files) and `questions.jsonl` in one folder
/// (the layout of the repository's `data/retrieval/`).
public struct RetrievalEvaluationSet: Sendable {
    public let documents: [(source: String, text: String)]
    public let questions: [LabelledQuestion]
    /// Each document's paragraphs as Unicode-scalar offset ranges (``TextChunker/paragraphs(of:)``).
    public let paragraphs: [String: [Range<Int>]]

    /// Builds a set, checking that every label names an existing document and paragraph.
    public init(documents: [(source: String, text: String)], questions: [LabelledQuestion]) throws(LanguageError) {
        var paragraphs: [String: [Range<Int>]] = [:]
        for d in documents { paragraphs[d.source] = TextChunker.paragraphs(of: d.text) }
        for (i, q) in questions.enumerated() {
            guard let p = paragraphs[q.source] else { throw .invalidArgument("question \(i + 1): no document \"\(q.source)\"") }
            guard (0..<p.count).contains(q.passage) else {
                throw .invalidArgument("question \(i + 1): \"\(q.source)\" has \(p.count) passages, label is \(q.passage)")
            }
        }
        self.documents = documents
        self.questions = questions
        self.paragraphs = paragraphs
    }

    /// Reads `folder/docs` and `folder/questions.jsonl`.
    public static func load(from folder: URL) throws -> RetrievalEvaluationSet {
        let documents = try DocumentIndex.readFolder(folder.appendingPathComponent("docs"), extensions: ["txt", "md"])
        let url = folder.appendingPathComponent("questions.jsonl")
        guard let data = FileManager.default.contents(atPath: url.path) else { throw LanguageError.fileNotFound(path: url.path, what: "questions.jsonl") }
        guard let text = String(validating: data, as: UTF8.self) else { throw LanguageError.invalidUTF8(location: url.path) }
        var questions: [LabelledQuestion] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                questions.append(try JSONDecoder().decode(LabelledQuestion.self, from: Data(line.utf8)))
            } catch {
                throw LanguageError.malformedFile(path: url.path, detail: "line \(n + 1): expected {\"question\", \"source\", \"passage\"}")
            }
        }
        do {
            return try RetrievalEvaluationSet(documents: documents, questions: questions)
        } catch {
            throw LanguageError.malformedFile(path: url.path, detail: "\(error)")
        }
    }

    /// Whether a hit (source and offsets) lies in the passage that answers `question`.
    public func isRelevant(source: String, start: Int, end: Int, to question: LabelledQuestion) -> Bool {
        guard source == question.source, let range = paragraphs[source]?[question.passage] else { return false }
        return start < range.upperBound && end > range.lowerBound
    }
}

/// Recall@k and MRR of one searcher on a ``RetrievalEvaluationSet``.
public struct RetrievalEvaluation: Sendable {
    /// Per question: the 1-based rank of the first relevant hit, or nil when none was within `depth`.
    public let ranks: [Int?]
    /// How many hits were asked for per question.
    public let depth: Int

    /// Runs `search(question, depth)` for every question of `set` and records where the answer was ranked.
    public init(set: RetrievalEvaluationSet, depth: Int = 10, search: (String, Int) throws -> [SearchHit]) throws {
        guard depth > 0 else { throw LanguageError.invalidArgument("depth must be positive, got \(depth)") }
        self.depth = depth
        ranks = try set.questions.map { q in
            let hits = try search(q.question, depth)
            return hits.prefix(depth).firstIndex { set.isRelevant(source: $0.source, start: $0.start, end: $0.end, to: q) }.map { $0 + 1 }
        }
    }

    /// The fraction of questions whose answer is among the first `k` hits (k ≤ depth).
    public func recall(at k: Int) -> Double {
        guard !ranks.isEmpty else { return 0 }
        return Double(ranks.filter { ($0 ?? Int.max) <= k }.count) / Double(ranks.count)
    }

    /// Mean over questions of 1/rank of the first relevant hit (0 when it is not within `depth`).
    public var meanReciprocalRank: Double {
        guard !ranks.isEmpty else { return 0 }
        return ranks.reduce(0) { $0 + ($1.map { 1 / Double($0) } ?? 0) } / Double(ranks.count)
    }

    /// Recall of an approximate vector search against the exact one: the fraction of the exact hits (by id)
    /// that the approximate lists contain, over all queries (recall@k for lists of k).
    public static func neighbourRecall(_ found: [[VectorHit]], exact: [[VectorHit]]) -> Double {
        var hit = 0, total = 0
        for (f, t) in zip(found, exact) {
            let ids = Set(t.map(\.id))
            hit += f.filter { ids.contains($0.id) }.count
            total += t.count
        }
        return Double(hit) / Double(max(total, 1))
    }
}
