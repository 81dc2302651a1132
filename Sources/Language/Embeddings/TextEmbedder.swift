// The one thing semantic search needs from a model: text in, fixed-width vectors out.

/// Turns texts into fixed-width vectors. A pretrained encoder with mean pooling conforms;
/// indexes and `swiftlearn index` depend only on this protocol.
public protocol TextEmbedder: Sendable {
    /// The width of every vector.
    var dimension: Int { get }
    /// One vector per text, in order. Throws ``LanguageError`` for input the model cannot take.
    func embed(_ texts: [String]) throws -> [[Float]]
}
