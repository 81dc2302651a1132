// Splitting documents into the passages a search index stores: windows of N words with overlap, never across a
// paragraph break, each remembering where it came from (source path and character offsets).

/// A piece of a document: what the index embeds, scores and returns.
public struct TextChunk: Sendable, Equatable, Hashable, Codable {
    /// Where the text came from (for a folder index: the path relative to the folder).
    public var source: String
    /// The chunk's text, exactly as in the source (inner whitespace kept).
    public var text: String
    /// Offset of the first character in the source, counted in Unicode scalars (Python `str` indices).
    public var start: Int
    /// Offset just past the last character, in Unicode scalars.
    public var end: Int

    public init(source: String, text: String, start: Int, end: Int) {
        self.source = source
        self.text = text
        self.start = start
        self.end = end
    }
}

/// Splits text into chunks of `wordsPerChunk` words (maximal runs of non-whitespace) that start every
/// `wordsPerChunk − overlap` words. With `respectsParagraphs` (the default) a blank line ends a chunk: a
/// paragraph shorter than `wordsPerChunk` becomes exactly one chunk and no chunk mixes two paragraphs.
public struct TextChunker: Sendable, Equatable {
    public let wordsPerChunk: Int
    public let overlap: Int
    public let respectsParagraphs: Bool

    /// `wordsPerChunk` > 0 and 0 ≤ `overlap` < `wordsPerChunk`.
    public init(wordsPerChunk: Int = 200, overlap: Int = 40, respectsParagraphs: Bool = true) throws(LanguageError) {
        guard wordsPerChunk > 0 else { throw .invalidArgument("wordsPerChunk must be positive, got \(wordsPerChunk)") }
        guard overlap >= 0, overlap < wordsPerChunk else {
            throw .invalidArgument("overlap must be in 0..<wordsPerChunk (\(wordsPerChunk)), got \(overlap)")
        }
        self.init(checked: wordsPerChunk, overlap: overlap, respectsParagraphs: respectsParagraphs)
    }

    /// Values already known to be valid (the defaults).
    init(checked wordsPerChunk: Int, overlap: Int, respectsParagraphs: Bool) {
        self.wordsPerChunk = wordsPerChunk
        self.overlap = overlap
        self.respectsParagraphs = respectsParagraphs
    }

    /// The chunks of `text`, in order.
    public func chunks(of text: String, source: String) -> [TextChunk] {
        let scalars = Array(text.unicodeScalars)
        var chunks: [TextChunk] = []
        for paragraph in Self.paragraphWords(scalars, splitParagraphs: respectsParagraphs) {
            var first = 0
            while first < paragraph.count {
                let last = min(first + wordsPerChunk, paragraph.count)
                let a = paragraph[first].lowerBound, b = paragraph[last - 1].upperBound
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[a..<b])
                chunks.append(TextChunk(source: source, text: String(view), start: a, end: b))
                if last == paragraph.count { break }
                first += wordsPerChunk - overlap
            }
        }
        return chunks
    }

    /// The paragraphs of `text` (blank-line separated) as scalar-offset ranges, in order; empty ones dropped.
    public static func paragraphs(of text: String) -> [Range<Int>] {
        paragraphWords(Array(text.unicodeScalars), splitParagraphs: true).map { $0.first!.lowerBound..<$0.last!.upperBound }
    }

    /// Word ranges grouped by paragraph (one group when not splitting).
    static func paragraphWords(_ scalars: [Unicode.Scalar], splitParagraphs: Bool) -> [[Range<Int>]] {
        var groups: [[Range<Int>]] = []
        var current: [Range<Int>] = []
        var i = 0
        var newlines = 0
        while i < scalars.count {
            if scalars[i].properties.isWhitespace {
                if scalars[i] == "\n" { newlines += 1 }
                i += 1
                continue
            }
            if splitParagraphs && newlines >= 2 && !current.isEmpty {
                groups.append(current)
                current = []
            }
            newlines = 0
            let start = i
            while i < scalars.count && !scalars[i].properties.isWhitespace { i += 1 }
            current.append(start..<i)
        }
        if !current.isEmpty { groups.append(current) }
        return groups
    }
}
