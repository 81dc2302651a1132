// Sequential: layers applied in order, built with a result builder, named "0", "1", … as in PyTorch.
import Tensors

/// Layers applied one after the other.
///
/// ```swift
/// let mlp = Sequential {
///     Linear(64, 128)
///     ReLU()
///     Linear(128, 10)
/// }
/// ```
public final class Sequential: Layer {
    public private(set) var layers: [any Layer]

    public init(_ layers: [any Layer]) { self.layers = layers }

    public init(@LayerBuilder _ build: () -> [any Layer]) { layers = build() }

    public var namedChildren: [(name: String, child: ModuleChild)] {
        layers.enumerated().map { ("\($0.offset)", .module($0.element)) }
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        var x = input
        for layer in layers { x = layer(x) }
        return x
    }

    /// Appends a layer.
    public func append(_ layer: any Layer) { layers.append(layer) }
}

/// Collects layers written one per line into an array (conditionals and loops allowed).
@resultBuilder
public enum LayerBuilder {
    public static func buildExpression(_ layer: any Layer) -> [any Layer] { [layer] }
    public static func buildExpression(_ layers: [any Layer]) -> [any Layer] { layers }
    public static func buildBlock(_ parts: [any Layer]...) -> [any Layer] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [any Layer]?) -> [any Layer] { part ?? [] }
    public static func buildEither(first part: [any Layer]) -> [any Layer] { part }
    public static func buildEither(second part: [any Layer]) -> [any Layer] { part }
    public static func buildArray(_ parts: [[any Layer]]) -> [any Layer] { parts.flatMap { $0 } }
}
